// A Postfix instance of the mail world, configured entirely in its own config_directory and queue, run in the
// foreground (`postfix -c DIR start-fg`) as the harness's child. The caller gives what makes the instance what
// it is (domains, restrictions, milters, services); the rest is the same for every instance.
import { chownSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startDaemon } from "./daemon.mjs";

/** Postfix's own services, none chrooted (the instance's files live outside any chroot). */
const SERVICES = `
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`;

/**
 * @param {{dir: string, hostname: string, address: string, main: Record<string, string>, services: string[]}} o
 *   `services`: master.cf lines of the instance's own listeners (smtpd on its address, submission, policy).
 */
export async function startPostfix(o) {
  const config = join(o.dir, "config");
  const queue = join(o.dir, "queue");
  for (const d of [config, queue, join(o.dir, "data")]) mkdirSync(d, { recursive: true });
  chownSync(join(o.dir, "data"), ...postfixIds());
  const log = join(o.dir, "postfix.log");
  const main = {
    compatibility_level: "3.6",
    config_directory: config,
    queue_directory: queue,
    data_directory: join(o.dir, "data"),
    mail_owner: "postfix",
    setgid_group: "postdrop",
    maillog_file: log,
    maillog_file_prefixes: o.dir,
    inet_protocols: "ipv4",
    inet_interfaces: o.address,
    smtp_bind_address: o.address,
    myhostname: o.hostname,
    myorigin: "$myhostname",
    mydestination: "",
    // Only the machine itself, never a world host: no client may relay for being "local".
    mynetworks: "127.0.0.1/32",
    alias_maps: "",
    alias_database: "",
    local_recipient_maps: "",
    smtpd_banner: "$myhostname ESMTP",
    biff: "no",
    append_dot_mydomain: "no",
    smtputf8_enable: "no",
    ...o.main,
  };
  writeFileSync(join(config, "main.cf"), Object.entries(main).map(([k, v]) => `${k} = ${v}`).join("\n") + "\n");
  writeFileSync(join(config, "master.cf"), `${o.services.join("\n")}\n${SERVICES}`);
  return startDaemon({
    name: `postfix ${o.hostname}`, command: "postfix", args: ["-c", config, "start-fg"], log: join(o.dir, "postfix.stderr"),
    otherLogs: [log], ready: { host: o.address, port: 25, greeting: "220 " },
  });
}

let ids = /** @type {[number, number] | null} */ (null);
/** The uid and gid of Debian's postfix user. @returns {[number, number]} */
export function postfixIds() {
  if (!ids) {
    const line = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith("postfix:"));
    if (!line) throw new Error("no postfix user: is Debian's postfix installed?");
    const [, , uid, gid] = line.split(":");
    ids = [Number(uid), Number(gid)];
  }
  return ids;
}
