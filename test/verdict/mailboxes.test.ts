// The project's own mailboxes (test/fixtures/mailboxes, same layout and definitions as ../shared/scenarios):
// cases the shared set does not cover, written from the definitions. Accuracy is printed per message and mailbox.
import { join } from "node:path";
import { mailboxSuite } from "./mailbox-run";

mailboxSuite("own mailboxes", join(import.meta.dirname, "..", "fixtures", "mailboxes"), 10);
