// Every mailbox of ../shared/scenarios (the development set): the verdict of each message and the account
// alert must equal the scenario's expected block. Accuracy is printed per message and per scenario.
import { join } from "node:path";
import { mailboxSuite } from "./mailbox-run";

mailboxSuite("scenario mailboxes", join(import.meta.dirname, "..", "..", "..", "shared", "scenarios"), 12);
