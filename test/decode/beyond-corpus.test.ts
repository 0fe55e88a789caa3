// Accuracy on bounces the shared corpus does not hold (today's providers, gateways, Japanese hosting and
// carriers, delay notices, success reports, auto-replies, read receipts). The rules were written for the
// formats, not for these files: this set measures how well they carry over.
import { fixtureSetSuite } from "./fixture-set";

fixtureSetSuite("Bounce decoding beyond the corpus", "bounces", 40);
