// Generated variants of the hostile mailboxes (issue 15 item 6): for each forgery shape of
// test/fixtures/mailboxes-hostile, mailboxes in the scenario format with other people, domains, IPs, bounce
// writers (Postfix, Exim), field orders, positions of the forged field, the provider known (an own-mail bounce
// shows its path) or not, and numbers of messages. Deterministic: a fixed generator per shape and variant.
//
// The expected verdicts come from the rules (../shared/scenarios/README.md), not from the engine: the own-mail
// bounce's Message-ID is in sent.mbox (own-mail); in every other bounce the only trace the recipient's server
// itself wrote is a path from an unrelated host (a botnet IP, or a spammer's server) straight to its MX, and
// the forged field proves nothing (a login stamp on an unknown host, results under a name below the receiving
// server's own line or under a host that is not the recipient's, a DKIM-Signature nobody verified, a dkim=pass
// without a signature, HELO text): spoofed. So the alert is spoofing, never compromise.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const SHAPES = [
  "self-vouching-submission", "self-vouching-authserv-id", "forged-results-below-own-line", "unverified-own-dkim",
  "helo-junk", "dkim-pass-without-signature",
] as const;
type Shape = (typeof SHAPES)[number];

const PEOPLE: [string, string][] = [
  ["aoi", "aoba-koubou.example.jp"], ["lena", "lindenhof-moebel.example.com"], ["joao", "ribeira-textil.example.net"],
  ["kim", "kite-studio.example.org"], ["sora", "hoshizora-kikaku.example.co.jp"], ["ines", "mar-azul.example.com"],
];
const PROVIDERS = ["mailhost", "fjordmail", "kumo-net", "relaybox", "post-haus"];
const RECIPIENT_ORGS = ["harbour", "oakridge", "sakuragi", "bluewave", "redrock", "sunfield", "kaede", "linden", "nordlys", "tanpopo", "cedar", "mizuho"];
const NETS = ["192.0.2", "198.51.100", "203.0.113"];

/** mulberry32: the same variants every run. */
function generator(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

const rfc5322 = (time: number): string => {
  const d = new Date(time);
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()];
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${day}, ${two(d.getUTCDate())} ${month} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
};
const mboxDate = (time: number): string => new Date(time).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, "$1 $3 $2 $5 $4");
const hex = (rand: (n: number) => number, n: number): string => Array.from({ length: n }, () => "0123456789ABCDEF"[rand(16)]).join("");

interface Mailbox {
  me: string;
  description: string;
  sent: string;
  inbox: string[];
  expected: Record<string, string>;
}

/** A bounce as the recipient's MX writes it (Postfix or Exim) and the person's mailbox server receives it. */
function bounceMessage(writer: "postfix" | "exim", mx: string, mxIp: string, inbound: string, me: string, recipient: string,
  time: number, original: string, rand: (n: number) => number): string {
  const received = `Received: from ${mx} (${mx} [${mxIp}])\n\tby ${inbound} (Postfix) with ESMTPS id ${hex(rand, 10)}\n\tfor <${me}>; ${rfc5322(time + 60_000)}`;
  if (writer === "exim") {
    const boundary = `${Math.floor(time / 1000)}-eximdsn-${rand(1e9)}`;
    return [received, `X-Failed-Recipients: ${recipient}`, "Auto-Submitted: auto-replied",
      `From: Mail Delivery System <Mailer-Daemon@${mx}>`, `To: ${me}`,
      `Content-Type: multipart/report; report-type=delivery-status; boundary=${boundary}`, "MIME-Version: 1.0",
      "Subject: Mail delivery failed: returning message to sender", `Message-Id: <E1${hex(rand, 6)}-${hex(rand, 6)}-${hex(rand, 2)}@${mx}>`,
      `Date: ${rfc5322(time + 60_000)}`, "", `--${boundary}`, "Content-type: text/plain; charset=us-ascii", "",
      "This message was created automatically by mail delivery software.", "",
      "A message that you sent could not be delivered to one or more of its", "recipients. This is a permanent error. The following address(es) failed:",
      "", `  ${recipient}`, "    Unrouteable address", "", `--${boundary}`, "Content-type: message/delivery-status", "",
      `Reporting-MTA: dns; ${mx}`, "", "Action: failed", `Final-Recipient: rfc822;${recipient}`, "Status: 5.1.1", "",
      `--${boundary}`, "Content-type: message/rfc822", "", original, "", `--${boundary}--`, ""].join("\n");
  }
  const boundary = `${hex(rand, 10)}.${Math.floor(time / 1000)}/${mx}`;
  return [received, `Date: ${rfc5322(time + 60_000)}`, `From: MAILER-DAEMON@${mx} (Mail Delivery System)`,
    "Subject: Undelivered Mail Returned to Sender", `To: ${me}`, "Auto-Submitted: auto-replied", "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=delivery-status;\n\tboundary="${boundary}"`, "Content-Transfer-Encoding: 8bit",
    `Message-Id: <${hex(rand, 14)}@${mx}>`, "", "This is a MIME-encapsulated message.", "", `--${boundary}`,
    "Content-Description: Notification", "Content-Type: text/plain; charset=us-ascii", "",
    `This is the mail system at host ${mx}.`, "", "I'm sorry to have to inform you that your message could not",
    "be delivered to one or more recipients. It's attached below.", "", "                   The mail system", "",
    `<${recipient}>: user unknown (in reply to RCPT TO command)`, "", `--${boundary}`, "Content-Description: Delivery report",
    "Content-Type: message/delivery-status", "", `Reporting-MTA: dns; ${mx}`, `X-Postfix-Sender: rfc822; ${me}`, "",
    `Final-Recipient: rfc822; ${recipient}`, "Action: failed", "Status: 5.1.1",
    `Diagnostic-Code: smtp; 550 5.1.1 <${recipient}>: Recipient address rejected: User unknown`, "", `--${boundary}`,
    "Content-Description: Undelivered Message", "Content-Type: message/rfc822", "Content-Transfer-Encoding: 8bit", "",
    original, "", `--${boundary}--`, ""].join("\n");
}

const dkimSignature = (domain: string, time: number, rand: (n: number) => number): string =>
  `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${domain};\n\ts=s${rand(9)}; t=${Math.floor(time / 1000)};\n\th=From:To:Subject:Date:Message-ID;\n\tbh=${hex(rand, 32)}=;\n\tb=${hex(rand, 60)}==`;

/** The forged original of one bounce of `shape`: the MX's own trace fields and the sender's forgery, top first. */
function forgedFields(shape: Shape, ctx: {
  me: string; domain: string; mx: string; bot: string; time: number; recipient: string; providerRelay: string; providerIp: string;
  writer: "postfix" | "exim"; mxResults: boolean; position: number; index: number; rand: (n: number) => number;
}): string[] {
  const { me, domain, mx, bot, time, recipient, rand } = ctx;
  const date = rfc5322(time);
  const spam = `srv${rand(90) + 10}.bulk-${rand(900) + 100}.example.net`;
  /** The MX's own line for a connection from `host` (its rDNS name, or unknown) at `ip`, claiming `helo`. */
  const mxLine = (helo: string, ip: string, rdns = "unknown"): string => (ctx.writer === "exim"
    ? `Received: from ${rdns === "unknown" ? `[${ip}] (port=${40000 + rand(20000)} helo=${helo})` : `${rdns} ([${ip}]:${40000 + rand(20000)} helo=${helo})`}\n\tby ${mx} with esmtp (Exim 4.96)\n\t(envelope-from <${me}>)\n\tid ${hex(rand, 6)}-${hex(rand, 6)}\n\tfor ${recipient}; ${date}`
    : `Received: from ${helo} (${rdns} [${ip}])\n\tby ${mx} (Postfix) with ESMTP id ${hex(rand, 10)}\n\tfor <${recipient}>; ${date}`);
  const mxFail = ctx.writer === "exim"
    ? [`Authentication-Results: ${mx};\n\tiprev=fail smtp.remote-ip=${bot};\n\tspf=fail smtp.mailfrom=${domain};\n\tdkim=none;\n\tdmarc=fail header.from=${domain}`]
    : [`Authentication-Results: ${mx}; dmarc=fail (p=none dis=none) header.from=${domain}`,
      `Received-SPF: Fail (mailfrom) identity=mailfrom; client-ip=${bot}; helo=${domain};\n\tenvelope-from=${me}; receiver=<UNKNOWN>`];
  const own = ctx.mxResults ? mxFail : [];
  const body = [`From: <${me}>`, `To: <${recipient}>`, `Subject: Invoice ${ctx.index}`, `Date: ${date}`,
    `Message-ID: <${hex(rand, 12)}$${hex(rand, 8)}@${domain}>`, "MIME-Version: 1.0", "Content-Type: text/plain; charset=\"utf-8\""];
  /** The sender's fields below the MX's line, `forged` placed at `position` among them. */
  const below = (forged: string[], others: string[] = []): string[] => {
    const list = [...others, ...body];
    const at = ctx.position % (others.length + 3); // directly below the line, among the sender's fields, or among the message's own
    return [...list.slice(0, at), ...forged, ...list.slice(at)];
  };
  switch (shape) {
    case "self-vouching-submission": {
      // the spammer's server, verified by the MX, stamps a login on itself (Postfix, Exim or qmail form; named or bare IP)
      const named = rand(2) === 0;
      const stamp = [
        `Received: from User (unknown [${ctx.providerIp.replace(/\d+$/, String(rand(200) + 20))}])\n\t(Authenticated sender: ${me})\n\tby ${named ? spam : bot} (Postfix) with ESMTPA id ${hex(rand, 10)}; ${date}`,
        `Received: from [10.0.${rand(9)}.${rand(200) + 2}] (helo=pc)\n\tby ${named ? spam : bot} with esmtpsa (TLS1.3) (Exim 4.96)\n\t(envelope-from <${me}>)\n\tid ${hex(rand, 6)}; ${date}`,
        `Received: from unknown (HELO pc) (${me}@${NETS[rand(3)]}.${rand(200) + 20})\n\tby ${named ? spam : bot} with ESMTPA; ${date}`,
      ][rand(3)]!;
      return [...own, mxLine(named ? spam : "pc", bot, named ? spam : "unknown"), ...below([stamp])];
    }
    case "self-vouching-authserv-id": {
      const stamp = `Received: from User (unknown [${NETS[rand(3)]}.${rand(200) + 20}])\n\t(Authenticated sender: ${me})\n\tby ${spam} (Postfix) with ESMTPA id ${hex(rand, 10)}; ${date}`;
      const forged = [`Authentication-Results: ${spam}; dkim=pass header.d=${domain}; spf=pass smtp.mailfrom=${me}`,
        `Received-SPF: pass (${spam}: domain of ${me} designates ${bot} as permitted sender)`];
      const order = rand(2) === 0 ? forged : [...forged].reverse();
      return [...own, mxLine(spam, bot, spam), ...order, stamp, dkimSignature(domain, time, rand), ...body];
    }
    case "forged-results-below-own-line": {
      const forged = [`Authentication-Results: ${mx}; dkim=pass header.d=${domain};\n\tspf=pass smtp.mailfrom=${me}; dmarc=pass header.from=${domain}`];
      return [...own, mxLine(domain, bot), ...below(forged, [dkimSignature(domain, time, rand)])];
    }
    case "unverified-own-dkim": {
      const signer = rand(2) === 0 ? domain : `mail.${domain}`;
      return [mxLine(`pc${rand(90) + 10}.${NETS[rand(3)].replace(/\./g, "-")}.example.net`, bot), ...below([dkimSignature(signer, time, rand)])];
    }
    case "helo-junk": {
      const junk = [
        `x(${me}@${NETS[rand(3)]}.${rand(200) + 20})`, `x (${me}@${ctx.providerIp})`, `pc01 (Authenticated sender: ${me})`,
        `x by ${ctx.providerRelay} with ESMTPSA id ${rand(99)}`, `${ctx.providerRelay} ([${ctx.providerIp}]:25 helo=x)`,
        `${ctx.providerRelay} (HELO x)`, `x (${"(".repeat(200 + rand(3000))}`, `x (${"a".repeat(2000 + rand(12000))})`,
        `x ${"(".repeat(50 + rand(50))} with ESMTPA`,
      ][ctx.index % 9]!;
      return [`Received: from ${junk} (unknown [${bot}])\n\tby ${mx} (Postfix) with ESMTP id ${hex(rand, 10)}\n\tfor <${recipient}>; ${date}`, ...body];
    }
    case "dkim-pass-without-signature": {
      const forged = [`Authentication-Results: ${mx}; dkim=pass header.d=${domain}; spf=pass smtp.mailfrom=${me}`];
      const mine = ctx.writer === "postfix" && ctx.mxResults ? [`Authentication-Results: ${mx}; dkim=none; dkim-atps=neutral`] : [];
      return [...mine, mxLine("User", bot), ...below(forged)];
    }
  }
}

function mailbox(shape: Shape, variant: number): Mailbox {
  const rand = generator(SHAPES.indexOf(shape) * 1000 + variant + 1);
  const [user, domain] = PEOPLE[rand(PEOPLE.length)]!;
  const me = `${user}@${domain}`;
  const provider = `${PROVIDERS[rand(PROVIDERS.length)]}${rand(9)}.example.net`;
  const providerIp = `${NETS[rand(3)]}.${rand(50) + 30}`;
  const providerRelay = `out${rand(4) + 1}.${provider}`;
  const inbound = `mx.${provider}`;
  // the self-vouching login needs a provider not yet learned in its own shape; elsewhere both occur
  const providerKnown = shape === "self-vouching-authserv-id" || (shape !== "self-vouching-submission" && rand(3) !== 0);
  const count = shape === "helo-junk" ? 9 + rand(6) : 1 + rand(6);
  const start = Date.parse("2026-11-02T06:00:00Z") + variant * 86_400_000;
  const inbox: string[] = [];
  const expected: Record<string, string> = {};
  const sentMessages: string[] = [];
  const file = (): string => `inbox/${String(inbox.length + 1).padStart(3, "0")}.eml`;

  // a message of the person's own, in the Sent folder; when the provider is to be known, its bounce shows the path
  const ownId = `${hex(rand, 8).toLowerCase()}-${hex(rand, 4).toLowerCase()}@${domain}`;
  const ownRecipient = `info@client-${rand(90) + 10}.example.org`;
  const ownTime = start - 3_600_000;
  sentMessages.push([`From - ${mboxDate(ownTime)}`, "X-Mozilla-Status: 0001", `Message-ID: <${ownId}>`, `Date: ${rfc5322(ownTime)}`,
    `To: ${ownRecipient}`, `From: <${me}>`, "Subject: Order", "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", "", "See attached.", ""].join("\n"));
  if (providerKnown) {
    const remoteMx = `mx.client-${rand(90) + 10}.example.org`;
    const original = [
      `Received: from ${providerRelay} (${providerRelay} [${providerIp}])\n\tby ${remoteMx} (Postfix) with ESMTPS id ${hex(rand, 10)}\n\tfor <${ownRecipient}>; ${rfc5322(ownTime)}`,
      `Received: from [192.168.1.${rand(200) + 2}] (home-${rand(900)}.isp.example.com [${NETS[rand(3)]}.${rand(200) + 20}])\n\t(Authenticated sender: ${me})\n\tby smtp.${provider} (Postfix) with ESMTPSA id ${hex(rand, 10)}; ${rfc5322(ownTime)}`,
      `Message-ID: <${ownId}>`, `Date: ${rfc5322(ownTime)}`, `To: ${ownRecipient}`, `From: <${me}>`, "Subject: Order", "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=UTF-8", "", "See attached."].join("\n");
    expected[file()] = "own-mail";
    inbox.push(bounceMessage("postfix", remoteMx, `${NETS[rand(3)]}.${rand(200) + 20}`, inbound, me, ownRecipient, ownTime, original, rand));
  }
  for (let index = 0; index < count; index++) {
    const org = `${RECIPIENT_ORGS[(variant + index) % RECIPIENT_ORGS.length]}-${rand(90) + 10}.example.${["com", "org", "net"][rand(3)]}`;
    const mx = `${["mx", "mail", "mx01", "smtp-in"][rand(4)]}.${org}`;
    const recipient = `${["info", "sales", "office", "contact"][rand(4)]}@${org}`;
    const bot = `${NETS[rand(3)]}.${rand(200) + 20}`;
    const time = start + index * 50 * 60_000;
    const writer = shape === "helo-junk" ? "postfix" : rand(2) === 0 ? "postfix" : "exim";
    const fields = forgedFields(shape, {
      me, domain, mx, bot, time, recipient, providerRelay, providerIp, writer, mxResults: rand(2) === 0, position: rand(6), index, rand,
    });
    expected[file()] = "spoofed";
    inbox.push(bounceMessage(writer, mx, `${NETS[rand(3)]}.${rand(200) + 20}`, inbound, me, recipient, time, [...fields, "", "Limited offer, reply today."].join("\n"), rand));
  }
  const description = `Generated variant ${variant} of shape ${shape}: ${count} forged bounces, provider ${providerKnown ? "known from an own-mail bounce" : "not known"}.`;
  return { me, description, sent: sentMessages.join("\n"), inbox, expected };
}

/** Writes `variants` mailboxes of every shape under `root`; returns how many mailboxes and messages. */
export function writeHostileVariants(root: string, variants: number): { mailboxes: number; messages: number } {
  let messages = 0;
  for (const shape of SHAPES) {
    for (let v = 0; v < variants; v++) {
      const box = mailbox(shape, v);
      const dir = join(root, `${shape}-${String(v).padStart(2, "0")}`);
      mkdirSync(join(dir, "inbox"), { recursive: true });
      writeFileSync(join(dir, "sent.mbox"), box.sent);
      box.inbox.forEach((text, i) => writeFileSync(join(dir, "inbox", `${String(i + 1).padStart(3, "0")}.eml`), text));
      writeFileSync(join(dir, "scenario.json"), `${JSON.stringify({ me: [box.me], description: box.description, expected: { alert: "spoofing", messages: box.expected } }, null, 2)}\n`);
      messages += box.inbox.length;
    }
  }
  return { mailboxes: SHAPES.length * variants, messages };
}
