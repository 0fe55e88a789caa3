// Mailboxes for the account traces (test/fixtures/mailboxes-traces, scenario format with expected.traces):
// provider restrictions, notices and look-alikes, complaints, replies to mail never sent and shared-IP
// reputation, each with the alert the README's rule gives. Figures printed per message, trace and mailbox.
import { join } from "node:path";
import { mailboxSuite } from "./mailbox-run";

mailboxSuite("trace mailboxes", join(import.meta.dirname, "..", "fixtures", "mailboxes-traces"), 10);
