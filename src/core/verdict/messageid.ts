// The form of a Message-ID: mail programs write their own recognisable shape (Thunderbird a UUID at the
// sender's domain, Outlook a long upper-case token at an Exchange host, spam tools digits or random letters).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function runClass(run: string): string {
  if (/^\d+$/.test(run)) return "9";
  if (/^[0-9a-f]+$/.test(run)) return "h";
  if (/^[0-9A-F]+$/.test(run)) return "H";
  return "a";
}

/** "shape@domain": each alphanumeric run of the left part reduced to its class, punctuation kept. */
export function messageIdStyle(messageId: string): string {
  const at = messageId.lastIndexOf("@");
  if (at <= 0) return "";
  const left = messageId.slice(0, Math.min(at, 200));
  const domain = messageId.slice(at + 1).toLowerCase();
  const shape = UUID.test(left) ? "uuid" : left.replace(/[A-Za-z0-9]+/g, runClass);
  return `${shape}@${domain}`;
}
