// Formats Sisimai 5 reads that the corpus has no file of (DragonFly Mail Agent, HCL Notes, Sendmail V5, "X1",
// m-FILTER, Deutsche Telekom, KDDI au), and notices no module claims (one-sentence notices, Exim pipe and
// system-filter failures, list-relayed bounces, RFC 3464 fields in plain text, a malformed Final-Recipient,
// specific texts under generic codes), with mail that is not a bounce: written from the formats' public
// descriptions (see src/core/decode/README.md).
import { fixtureSetSuite } from "./fixture-set";

fixtureSetSuite("Formats and notices beyond the corpus", "bounces-formats", 20);
