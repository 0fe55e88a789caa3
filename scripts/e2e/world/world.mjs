// A world of real mail servers from Debian, inside the e2e's namespaces (scripts/e2e/run.mjs):
//   mail.example.jp     the person's provider: Postfix (MX of the person's domain, submission with Dovecot
//                       SASL, OpenDKIM signing what its SMTP AUTH clients send, LMTP into the person's Dovecot)
//   mx.example.org      the recipients' MX: Postfix with policyd-spf, OpenDKIM verifying, OpenDMARC rejecting
//                       p=reject failures; a known user whose mailbox is full (accepts, then bounces)
//   relay.example.net   a spammer's own server: Exim 4, relaying for the forger's machine and bouncing refusals
//   vps66.example.com   the forger's machine; p99.dsl.example.com the thief's
// and NSD answering for all of them. The person's domain publishes SPF (only the provider), DKIM and
// DMARC p=reject.
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { chownSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startDns } from "./dns.mjs";
import { EXIM_USER, startEximRelay } from "./exim.mjs";
import { startDkimSigner, startDkimVerifier, startDmarc } from "./milters.mjs";
import { prepareNamespace } from "./namespace.mjs";
import { startPostfix } from "./postfix.mjs";

export const NAMESERVER = "127.0.0.53";
export const HOSTS = {
  provider: { name: "mail.example.jp", address: "192.0.2.25" },
  recipient: { name: "mx.example.org", address: "198.51.100.25" },
  relay: { name: "relay.example.net", address: "203.0.113.25" },
  forger: { name: "vps66.example.com", address: "203.0.113.66" },
  thief: { name: "p99.dsl.example.com", address: "203.0.113.99" },
};
export const PERSON_DOMAIN = "sakura-kobo.example.jp";
/** Addresses at the recipients' MX: one whose mailbox is full, the rest unknown there. */
export const FULL_MAILBOX = "tanaka@example.org";
const DKIM_SELECTOR = "s2026";
const SUBMISSION_PORT = 587;
const MILTERS = { sign: 8891, verify: 8892, dmarc: 8893 };
/** The full mailbox's size limit, and how much of it is already used. */
const MAILBOX_LIMIT = 20_000;
const EXIM_UID = 2525;

/**
 * @param {{dir: string, person: {login: string, address: string}, dovecot: {lmtp: string, auth: string}}} o
 */
export async function startWorld(o) {
  mkdirSync(o.dir, { recursive: true });
  prepareNamespace({
    dir: o.dir, nameserver: NAMESERVER,
    addresses: Object.values(HOSTS).map((h) => h.address),
    users: [{ name: EXIM_USER, uid: EXIM_UID, home: join(o.dir, "relay") }],
  });
  const running = [];
  const stop = () => { for (const d of running.reverse()) d.stop(); };
  try {
    const dkim = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const publicKey = dkim.publicKey.export({ type: "spki", format: "der" }).toString("base64");
    running.push(await startDns({ dir: join(o.dir, "dns"), address: NAMESERVER, zones: zones(publicKey) }));

    const provider = join(o.dir, "provider");
    const recipient = join(o.dir, "recipient");
    for (const d of [provider, recipient]) mkdirSync(d, { recursive: true });
    running.push(await startDkimSigner({
      dir: provider, port: MILTERS.sign, domain: PERSON_DOMAIN, selector: DKIM_SELECTOR,
      privateKeyPem: dkim.privateKey.export({ type: "pkcs8", format: "pem" }).toString(), nameserver: NAMESERVER,
    }));
    running.push(await startDkimVerifier({ dir: recipient, port: MILTERS.verify, authservId: HOSTS.recipient.name, nameserver: NAMESERVER }));
    running.push(await startDmarc({ dir: recipient, port: MILTERS.dmarc, authservId: HOSTS.recipient.name }));
    running.push(await startRecipientMx(recipient));
    running.push(await startProvider(provider, o));
    running.push(await startEximRelay({
      dir: join(o.dir, "relay"), hostname: HOSTS.relay.name, address: HOSTS.relay.address,
      relayFor: [HOSTS.forger.address], uid: EXIM_UID,
    }));
  } catch (error) {
    stop();
    throw error;
  }
  return {
    stop,
    logs: () => running.map((d) => d.logs()).join("\n"),
    submission: { host: HOSTS.provider.address, port: SUBMISSION_PORT },
  };
}

/** @param {string} dkimPublicKey */
function zones(dkimPublicKey) {
  return {
    "example.jp": [
      ["ns", "A", NAMESERVER],
      ["mail", "A", HOSTS.provider.address],
      ["mail", "TXT", `v=spf1 a -all`],
      ["sakura-kobo", "MX", "10 mail.example.jp."],
      ["sakura-kobo", "TXT", `v=spf1 ip4:${HOSTS.provider.address} -all`],
      [`${DKIM_SELECTOR}._domainkey.sakura-kobo`, "TXT", `v=DKIM1; k=rsa; p=${dkimPublicKey}`],
      ["_dmarc.sakura-kobo", "TXT", "v=DMARC1; p=reject"],
    ],
    "example.org": [
      ["@", "MX", "10 mx.example.org."],
      ["@", "TXT", `v=spf1 ip4:${HOSTS.recipient.address} -all`],
      ["mx", "A", HOSTS.recipient.address],
      ["_dmarc", "TXT", "v=DMARC1; p=reject"],
    ],
    "example.net": [
      ["@", "MX", "10 relay.example.net."],
      ["@", "TXT", `v=spf1 ip4:${HOSTS.relay.address} -all`],
      ["relay", "A", HOSTS.relay.address],
    ],
    "example.com": [
      ["vps66", "A", HOSTS.forger.address],
      ["p99.dsl", "A", HOSTS.thief.address],
    ],
    "2.0.192.in-addr.arpa": [["25", "PTR", "mail.example.jp."]],
    "100.51.198.in-addr.arpa": [["25", "PTR", "mx.example.org."]],
    "113.0.203.in-addr.arpa": [
      ["25", "PTR", "relay.example.net."], ["66", "PTR", "vps66.example.com."], ["99", "PTR", "p99.dsl.example.com."],
    ],
  };
}

/** @param {string} dir @param {{person: {login: string, address: string}, dovecot: {lmtp: string, auth: string}}} o */
function startProvider(dir, o) {
  const cert = join(dir, "tls.pem");
  const key = join(dir, "tls.key");
  const made = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", `/CN=${HOSTS.provider.name}`,
    "-keyout", key, "-out", cert], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`openssl: ${made.stderr}`);
  const milter = `inet:127.0.0.1:${MILTERS.sign}`;
  return startPostfix({
    dir, hostname: HOSTS.provider.name, address: HOSTS.provider.address,
    main: {
      virtual_mailbox_domains: PERSON_DOMAIN,
      virtual_mailbox_maps: `inline:{ ${o.person.address}=${o.person.login} }`,
      virtual_transport: `lmtp:unix:${o.dovecot.lmtp}`,
      smtpd_relay_restrictions: "reject_unauth_destination",
      smtpd_recipient_restrictions: "reject_unauth_destination",
      smtpd_tls_cert_file: cert,
      smtpd_tls_key_file: key,
      smtpd_tls_security_level: "may",
      smtp_tls_security_level: "may",
      // Writes "(Authenticated sender: …)" into its Received line, as many providers do.
      smtpd_sasl_authenticated_header: "yes",
      milter_default_action: "accept",
      delay_warning_time: "0",
    },
    services: [
      `${HOSTS.provider.address}:smtp inet n - n - - smtpd`,
      `${HOSTS.provider.address}:${SUBMISSION_PORT} inet n - n - - smtpd`,
      "  -o syslog_name=postfix/submission",
      "  -o smtpd_sasl_auth_enable=yes",
      "  -o smtpd_sasl_type=dovecot",
      `  -o smtpd_sasl_path=${o.dovecot.auth}`,
      "  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject",
      "  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject",
      `  -o smtpd_milters=${milter}`,
    ],
  });
}

/** @param {string} dir */
function startRecipientMx(dir) {
  const mail = join(dir, "mail");
  mkdirSync(mail, { recursive: true });
  chownSync(mail, 65534, 65534);
  // The full mailbox: an mbox file already close to its limit.
  const mbox = join(mail, "tanaka");
  const old = `From someone@example.org Mon Jan  5 09:00:00 2026\nFrom: someone@example.org\nSubject: old\n\n${"x".repeat(70)}\n`;
  writeFileSync(mbox, old.repeat(Math.floor((MAILBOX_LIMIT - 300) / old.length)));
  chownSync(mbox, 65534, 65534);
  const spf = join(dir, "policyd-spf.conf");
  // The SPF result goes into Received-SPF for OpenDMARC, which rejects for the domain's p=reject.
  writeFileSync(spf, "debugLevel = 1\nTestOnly = 1\nHELO_reject = False\nMail_From_reject = False\nPermError_reject = False\n" +
    "TempError_Defer = False\nskip_addresses = 127.0.0.0/8\n");
  return startPostfix({
    dir, hostname: HOSTS.recipient.name, address: HOSTS.recipient.address,
    main: {
      virtual_mailbox_domains: "example.org",
      virtual_mailbox_maps: `inline:{ ${FULL_MAILBOX}=tanaka }`,
      virtual_mailbox_base: mail,
      virtual_uid_maps: "static:65534",
      virtual_gid_maps: "static:65534",
      virtual_minimum_uid: "100",
      virtual_transport: "virtual",
      virtual_mailbox_limit: String(MAILBOX_LIMIT),
      message_size_limit: String(MAILBOX_LIMIT),
      smtpd_relay_restrictions: "reject_unauth_destination",
      smtpd_recipient_restrictions: "reject_unauth_destination, check_policy_service unix:private/policyd-spf",
      "policyd-spf_time_limit": "3600",
      smtpd_milters: `inet:127.0.0.1:${MILTERS.verify}, inet:127.0.0.1:${MILTERS.dmarc}`,
      milter_default_action: "accept",
    },
    services: [
      `${HOSTS.recipient.address}:smtp inet n - n - - smtpd`,
      `policyd-spf unix - n n - 0 spawn user=nobody argv=/usr/bin/policyd-spf ${spf}`,
    ],
  });
}
