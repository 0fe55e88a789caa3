// The person's mailbox for the Thunderbird e2e files: a private Dovecot on loopback holding their Sent mail,
// and the desktop (Xvfb, D-Bus, notifications). A failure here ends the run, counted as one failed check.
import { join } from "node:path";
import { startDesktop } from "./desktop.mjs";
import { startDovecot } from "./dovecot.mjs";
import { Imap } from "./imap.mjs";

/**
 * Starts both; what it starts is pushed on `running` (stopped in reverse order by the caller, or here on failure).
 * @param {{ work: string, port: number, login: string, sentMail: { bytes: Buffer }[], running: { stop: () => void }[] }} options
 */
export async function startMailbox({ work, port, login, sentMail, running }) {
  try {
    const dovecot = await startDovecot({ dir: join(work, "dovecot"), port, user: login, password: `pw-${process.pid}` });
    running.push(dovecot);
    const imap = await Imap.login(dovecot);
    for (const m of sentMail) await imap.append("Sent", m.bytes, ["\\Seen"]);
    const desktop = await startDesktop({ dir: join(work, "desktop") });
    running.push(desktop);
    return { dovecot, imap, desktop };
  } catch (error) {
    console.log(`\nsetup failed: ${error instanceof Error ? error.message : error}`);
    for (const r of running.splice(0).reverse()) r.stop();
    console.log("e2e: 0 passed, 1 failed");
    process.exit(1);
  }
}
