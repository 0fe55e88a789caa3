// A small SMTP client for the world's own actors (the thief with the stolen password, the forger's program):
// it speaks from a given address, can STARTTLS and AUTH PLAIN, and reports the server's reply to each command.
import { connect } from "node:net";
import { connect as tlsConnect } from "node:tls";

/**
 * @param {{host: string, port: number, localAddress: string, helo: string, starttls?: boolean,
 *          auth?: {user: string, password: string}, from: string, to: string[], data: string}} o
 * @returns {Promise<{rcpt: Record<string, string>, data: string | null}>} replies per recipient and to the message
 */
export async function sendMail(o) {
  let socket = connect({ host: o.host, port: o.port, localAddress: o.localAddress });
  await new Promise((resolve, reject) => { socket.once("connect", resolve); socket.once("error", reject); });
  let reader = replies(socket);
  const expect = async (command, codes) => {
    if (command !== null) socket.write(`${command}\r\n`);
    const reply = await reader.next();
    if (!codes.some((c) => reply.startsWith(c))) throw new Error(`${command ?? "greeting"}: ${reply}`);
    return reply;
  };
  try {
    await expect(null, ["220"]);
    await expect(`EHLO ${o.helo}`, ["250"]);
    if (o.starttls) {
      await expect("STARTTLS", ["220"]);
      reader.stop();
      // The provider's certificate is self-signed; the thief does not care.
      socket = tlsConnect({ socket, rejectUnauthorized: false, servername: o.host });
      await new Promise((resolve, reject) => { socket.once("secureConnect", resolve); socket.once("error", reject); });
      reader = replies(socket);
      await expect(`EHLO ${o.helo}`, ["250"]);
    }
    if (o.auth) {
      const token = Buffer.from(`\0${o.auth.user}\0${o.auth.password}`).toString("base64");
      await expect(`AUTH PLAIN ${token}`, ["235"]);
    }
    await expect(`MAIL FROM:<${o.from}>`, ["250"]);
    /** @type {Record<string, string>} */
    const rcpt = {};
    for (const to of o.to) rcpt[to] = await expect(`RCPT TO:<${to}>`, ["2", "4", "5"]);
    let data = null;
    if (Object.values(rcpt).some((r) => r.startsWith("2"))) {
      await expect("DATA", ["354"]);
      const body = o.data.replace(/\r?\n/g, "\r\n").replace(/^\./gm, "..");
      data = await expect(`${body}${body.endsWith("\r\n") ? "" : "\r\n"}.`, ["2", "4", "5"]);
    }
    await expect("QUIT", ["221"]).catch(() => undefined);
    return { rcpt, data };
  } finally {
    socket.destroy();
  }
}

/** Complete replies (multi-line ones joined) read from a socket, one per next(). */
function replies(socket) {
  let buffer = "";
  /** @type {string[]} */
  const ready = [];
  /** @type {((reply: string) => void)[]} */
  const waiting = [];
  let lines = [];
  const onData = (chunk) => {
    buffer += chunk.toString("latin1");
    let end;
    while ((end = buffer.indexOf("\r\n")) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      lines.push(line);
      if (line[3] === "-") continue;
      const reply = lines.join("\n");
      lines = [];
      const taker = waiting.shift();
      if (taker) taker(reply);
      else ready.push(reply);
    }
  };
  socket.on("data", onData);
  return {
    next: () => new Promise((resolve, reject) => {
      if (ready.length) return resolve(ready.shift());
      const timer = setTimeout(() => reject(new Error("no SMTP reply within 30 s")), 30_000);
      waiting.push((reply) => { clearTimeout(timer); resolve(reply); });
    }),
    stop: () => socket.off("data", onData),
  };
}
