// The world's DNS: NSD serving the example zones (and the reverse zones of the documentation networks)
// authoritatively, with what mail needs: MX, A, PTR, SPF, DKIM and DMARC records.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startDaemon } from "./daemon.mjs";

/** TXT data split into the 255-byte strings DNS allows. @param {string} text */
function txt(text) {
  const parts = [];
  for (let i = 0; i < text.length; i += 250) parts.push(`"${text.slice(i, i + 250)}"`);
  return `( ${parts.join(" ")} )`;
}

/**
 * @param {string} origin
 * @param {[string, string, string][]} records [name, type, data]; TXT data is quoted here
 */
function zoneFile(origin, records) {
  const lines = [
    `$ORIGIN ${origin}.`, "$TTL 300",
    `@ IN SOA ns.example.jp. hostmaster.example.jp. 1 3600 600 86400 300`,
    `@ IN NS ns.example.jp.`,
    ...records.map(([name, type, data]) => `${name} IN ${type} ${type === "TXT" ? txt(data) : data}`),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * @param {{dir: string, address: string, zones: Record<string, [string, string, string][]>}} o
 */
export async function startDns(o) {
  mkdirSync(o.dir, { recursive: true });
  const zones = Object.entries(o.zones);
  for (const [origin, records] of zones) writeFileSync(join(o.dir, `${origin}.zone`), zoneFile(origin, records));
  const config = join(o.dir, "nsd.conf");
  writeFileSync(config, `server:
  ip-address: ${o.address}
  port: 53
  do-ip6: no
  username: ""
  chroot: ""
  zonesdir: "${o.dir}"
  database: ""
  zonelistfile: "${o.dir}/zone.list"
  xfrdfile: "${o.dir}/xfrd.state"
  xfrdir: "${o.dir}"
  pidfile: "${o.dir}/nsd.pid"
  logfile: "${o.dir}/nsd.log"
  server-count: 1
  verbosity: 1
remote-control:
  control-enable: no
${zones.map(([origin]) => `zone:\n  name: ${origin}\n  zonefile: "${origin}.zone"\n`).join("")}`);
  return startDaemon({
    name: "nsd", command: "nsd", args: ["-d", "-c", config], log: join(o.dir, "nsd.stderr"),
    otherLogs: [join(o.dir, "nsd.log")], ready: { host: o.address, port: 53 },
  });
}
