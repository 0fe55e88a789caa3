// The milters of the mail world: OpenDKIM signing at the provider, OpenDKIM verifying and OpenDMARC judging
// at the recipient's MX. Each runs in the foreground with its own configuration file.
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startDaemon } from "./daemon.mjs";

const conf = (settings) => `${Object.entries(settings).map(([k, v]) => `${k} ${v}`).join("\n")}\n`;

/**
 * Signs mail of SMTP AUTH clients for `domain` (OpenDKIM treats an authenticated client as its own).
 * @param {{dir: string, port: number, domain: string, selector: string, privateKeyPem: string, nameserver: string}} o
 */
export function startDkimSigner(o) {
  const key = join(o.dir, `${o.selector}.private`);
  writeFileSync(key, o.privateKeyPem);
  chmodSync(key, 0o600);
  const file = join(o.dir, "opendkim-sign.conf");
  writeFileSync(file, conf({
    Mode: "s", Domain: o.domain, Selector: o.selector, KeyFile: key, Socket: `inet:${o.port}@127.0.0.1`,
    Canonicalization: "relaxed/relaxed", RequireSafeKeys: "false", Nameservers: o.nameserver,
    PidFile: join(o.dir, "opendkim-sign.pid"), Syslog: "no", Background: "no",
  }));
  return startDaemon({
    name: "opendkim (signing)", command: "opendkim", args: ["-f", "-x", file], log: join(o.dir, "opendkim-sign.log"),
    ready: { host: "127.0.0.1", port: o.port },
  });
}

/** @param {{dir: string, port: number, authservId: string, nameserver: string}} o */
export function startDkimVerifier(o) {
  const file = join(o.dir, "opendkim-verify.conf");
  writeFileSync(file, conf({
    Mode: "v", Socket: `inet:${o.port}@127.0.0.1`, AuthservID: o.authservId, Nameservers: o.nameserver,
    PidFile: join(o.dir, "opendkim-verify.pid"), Syslog: "no", Background: "no",
  }));
  return startDaemon({
    name: "opendkim (verifying)", command: "opendkim", args: ["-f", "-x", file], log: join(o.dir, "opendkim-verify.log"),
    ready: { host: "127.0.0.1", port: o.port },
  });
}

/**
 * OpenDMARC rejecting what fails a p=reject policy; the SPF result comes from policyd-spf's Received-SPF
 * (its own SPF check would pass any loopback client).
 * @param {{dir: string, port: number, authservId: string}} o
 */
export function startDmarc(o) {
  const file = join(o.dir, "opendmarc.conf");
  writeFileSync(file, conf({
    Socket: `inet:${o.port}@127.0.0.1`, AuthservID: o.authservId, TrustedAuthservIDs: o.authservId,
    SPFSelfValidate: "false", SPFIgnoreResults: "false", RejectFailures: "true", FailureReports: "false",
    IgnoreAuthenticatedClients: "true", PidFile: join(o.dir, "opendmarc.pid"), Syslog: "false",
  }));
  return startDaemon({
    name: "opendmarc", command: "opendmarc", args: ["-f", "-c", file], log: join(o.dir, "opendmarc.log"),
    ready: { host: "127.0.0.1", port: o.port },
  });
}
