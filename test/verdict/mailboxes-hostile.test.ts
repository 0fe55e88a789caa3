// Hostile mailboxes (test/fixtures/mailboxes-hostile): one per forgery shape of issues 14 and 15, each written in the
// receiving servers' real field layouts. No forged field may raise a compromise verdict or alert.
import { join } from "node:path";
import { mailboxSuite } from "./mailbox-run";

mailboxSuite("hostile mailboxes", join(import.meta.dirname, "..", "fixtures", "mailboxes-hostile"), 6);
