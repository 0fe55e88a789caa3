// Generated variants of the hostile mailboxes (hostile-variants.ts: every forgery shape with other domains,
// IPs, bounce writers, field orders, positions of the forged field, provider known or not, numbers of
// messages), written afresh for each run and judged like every scenario set: no false compromise on any.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SHAPES, writeHostileVariants } from "./hostile-variants";
import { mailboxSuite } from "./mailbox-run";

const VARIANTS = 32;
const root = mkdtempSync(join(tmpdir(), "bs-hostile-"));
const written = writeHostileVariants(root, VARIANTS);
console.log(`generated hostile mailboxes: ${written.mailboxes} mailboxes, ${written.messages} messages`);
mailboxSuite("generated hostile mailboxes", root, SHAPES.length * VARIANTS);
