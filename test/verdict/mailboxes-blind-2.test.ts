// A second set of mailboxes written blind (test/fixtures/mailboxes-blind-2): their expected blocks were decided
// from the definitions in ../shared/scenarios/README.md alone, before the verdict engine or the other mailbox
// sets were read, as another independent measure of the engine. Accuracy is printed per message and per mailbox.
import { join } from "node:path";
import { mailboxSuite } from "./mailbox-run";

mailboxSuite("blind mailboxes 2", join(import.meta.dirname, "..", "fixtures", "mailboxes-blind-2"), 8);
