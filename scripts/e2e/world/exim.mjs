// Exim 4 of the mail world, run from Debian's package unpacked (it conflicts with Postfix as an installed
// package): its configuration at the path it is built to read (/etc/exim4/exim4.conf, in the world's
// private overlay of /etc), its spool and logs in the world's folder, the daemon in the foreground.
import { chownSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startDaemon } from "./daemon.mjs";
import { EXIM_BINARY } from "../packages.mjs";

export const EXIM_USER = "Debian-exim";

/**
 * A relay that takes mail from `relayFor` to anywhere (what a spammer's own server does) and bounces what
 * the next hop refuses to the envelope sender.
 * @param {{dir: string, hostname: string, address: string, relayFor: string[], uid: number}} o
 */
export async function startEximRelay(o) {
  const spool = join(o.dir, "spool");
  const logs = join(o.dir, "log");
  for (const d of [spool, logs]) {
    mkdirSync(d, { recursive: true });
    chownSync(d, o.uid, o.uid);
  }
  mkdirSync("/etc/exim4", { recursive: true });
  writeFileSync("/etc/exim4/exim4.conf", `
primary_hostname = ${o.hostname}
exim_path = ${EXIM_BINARY}
exim_user = ${EXIM_USER}
exim_group = ${EXIM_USER}
never_users = root
spool_directory = ${spool}
log_file_path = ${logs}/%slog
local_interfaces = ${o.address}
daemon_smtp_ports = 25
disable_ipv6 = true
host_lookup = *
tls_advertise_hosts =
hostlist relay_from_hosts = ${o.relayFor.join(" : ")}
acl_smtp_rcpt = acl_check_rcpt

begin acl
acl_check_rcpt:
  accept hosts = +relay_from_hosts
  deny message = relay not permitted

begin routers
dnslookup:
  driver = dnslookup
  transport = remote_smtp
  no_more

begin transports
remote_smtp:
  driver = smtp
  interface = ${o.address}

begin retry
* * F,2m,1m

begin rewrite
`);
  return startDaemon({
    name: `exim ${o.hostname}`, command: EXIM_BINARY, args: ["-bdf", "-q1m"], log: join(o.dir, "exim.stderr"),
    otherLogs: [join(logs, "mainlog"), join(logs, "paniclog"), join(logs, "rejectlog")],
    ready: { host: o.address, port: 25, greeting: "220 " },
  });
}
