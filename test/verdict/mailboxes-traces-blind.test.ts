// The blind trace set (test/fixtures/mailboxes-traces-blind): mailboxes written from the README, cli.md and
// public documentation before the trace engine was read. Figures printed per message, trace and mailbox.
import { join } from "node:path";
import { mailboxSuite } from "./mailbox-run";

mailboxSuite("blind trace mailboxes", join(import.meta.dirname, "..", "fixtures", "mailboxes-traces-blind"), 17);
