// The machine as the mail world sees it, inside the mount and network namespaces of scripts/e2e/run.mjs:
// a private overlay of /etc (its resolver pointed at the world's DNS, the system users the unpacked Exim
// needs), and the hosts' addresses on loopback. Documentation addresses (RFC 5737) rather than 127/8: the
// engine rightly reads a 127/8 peer as a hand-off on one machine, while these read as separate hosts, and
// only loopback exists here, so nothing sent to them can leave the namespace.
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Only inside a namespace of its own: refuses to touch the machine's /etc otherwise. */
function ownMountNamespace() {
  return process.env.E2E_NAMESPACE === "1";
}

function run(command, args) {
  const r = spawnSync(command, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${r.stderr || r.error}`);
}

/**
 * @param {{dir: string, nameserver: string, addresses: string[], users: {name: string, uid: number, home: string}[]}} o
 */
export function prepareNamespace(o) {
  if (!ownMountNamespace()) throw new Error("the mail world runs only in the namespaces of scripts/e2e/run.mjs (E2E_NAMESPACE=1)");
  const upper = join(o.dir, "etc-upper");
  const work = join(o.dir, "etc-work");
  mkdirSync(upper, { recursive: true });
  mkdirSync(work, { recursive: true });
  run("mount", ["-t", "overlay", "overlay", "-o", `lowerdir=/etc,upperdir=${upper},workdir=${work}`, "/etc"]);
  writeFileSync("/etc/resolv.conf", `nameserver ${o.nameserver}\noptions timeout:1 attempts:2\n`);
  // Host names resolve through the world's DNS only (no /etc/hosts shortcuts for them).
  writeFileSync("/etc/nsswitch.conf", readFileSync("/etc/nsswitch.conf", "utf8").replace(/^hosts:.*$/m, "hosts: files dns"));
  const passwd = readFileSync("/etc/passwd", "utf8");
  for (const user of o.users) {
    if (passwd.split("\n").some((l) => l.startsWith(`${user.name}:`))) continue;
    appendFileSync("/etc/passwd", `${user.name}:x:${user.uid}:${user.uid}::${user.home}:/usr/sbin/nologin\n`);
    appendFileSync("/etc/group", `${user.name}:x:${user.uid}:\n`);
  }
  run("ip", ["link", "set", "lo", "up"]);
  for (const address of o.addresses) run("ip", ["addr", "add", `${address}/32`, "dev", "lo"]);
}
