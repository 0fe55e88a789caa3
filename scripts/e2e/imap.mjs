// A minimal IMAP4rev1 client for the harness: log in, append (= deliver), find a message by Message-ID,
// read its flags and keywords. It never asks for message bodies, so replies carry no literals.
import { connect } from "node:net";

export class Imap {
  /** @param {import("node:net").Socket} socket */
  constructor(socket) {
    this.socket = socket;
    this.text = "";
    this.tag = 0;
    /** @type {{resolve: (line: string) => void, reject: (e: Error) => void}[]} */
    this.lineWaiters = [];
    this.closed = false;
    /** @type {string[]} */
    this.lines = [];
    socket.setEncoding("latin1");
    socket.on("data", (chunk) => {
      this.text += chunk;
      let end;
      while ((end = this.text.indexOf("\r\n")) >= 0) {
        const line = this.text.slice(0, end);
        this.text = this.text.slice(end + 2);
        const waiter = this.lineWaiters.shift();
        if (waiter) waiter.resolve(line);
        else this.lines.push(line);
      }
    });
    socket.on("close", () => {
      this.closed = true;
      for (const waiter of this.lineWaiters.splice(0)) waiter.reject(new Error("IMAP connection closed"));
    });
  }

  /** @param {{port: number, user: string, password: string}} server */
  static async login({ port, user, password }) {
    const socket = await new Promise((resolve, reject) => {
      const s = connect({ host: "127.0.0.1", port }, () => resolve(s));
      s.once("error", reject);
    });
    const imap = new Imap(socket);
    const greeting = await imap.readLine();
    if (!greeting.startsWith("* OK")) throw new Error(`IMAP greeting: ${greeting}`);
    await imap.run(`LOGIN ${quote(user)} ${quote(password)}`);
    return imap;
  }

  /** @returns {Promise<string>} */
  readLine() {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.closed) return Promise.reject(new Error("IMAP connection closed"));
    return new Promise((resolve, reject) => this.lineWaiters.push({ resolve, reject }));
  }

  /**
   * Sends one command (with an optional literal) and returns its untagged lines; throws unless tagged OK.
   * @param {string} command @param {Buffer} [literal]
   */
  async run(command, literal) {
    const tag = `t${++this.tag}`;
    if (literal) {
      this.socket.write(`${tag} ${command} {${literal.length}}\r\n`);
      const go = await this.readLine();
      if (!go.startsWith("+")) throw new Error(`IMAP ${command}: ${go}`);
      this.socket.write(literal);
      this.socket.write("\r\n");
    } else {
      this.socket.write(`${tag} ${command}\r\n`);
    }
    const untagged = [];
    for (;;) {
      const line = await this.readLine();
      if (line.startsWith(`${tag} `)) {
        if (!line.startsWith(`${tag} OK`)) throw new Error(`IMAP ${command.split(" ")[0]}: ${line}`);
        return untagged;
      }
      untagged.push(line);
    }
  }

  /**
   * Delivers a message into `mailbox` the way a server-side delivery would look to a client (unless flagged).
   * @param {string} mailbox @param {Buffer} message @param {string[]} flags
   */
  async append(mailbox, message, flags = []) {
    await this.run(`APPEND ${quote(mailbox)} (${flags.join(" ")})`, toCrlf(message));
  }

  /**
   * Flags and keywords of the message with this Message-ID in `mailbox`, or null when it is not there.
   * Uses EXAMINE (read-only) so that the harness never changes what Thunderbird sees.
   * @param {string} mailbox @param {string} messageId
   * @returns {Promise<string[] | null>}
   */
  async flagsOf(mailbox, messageId) {
    await this.run(`EXAMINE ${quote(mailbox)}`);
    const search = await this.run(`UID SEARCH HEADER Message-ID ${quote(messageId)}`);
    const uids = (search.find((l) => l.startsWith("* SEARCH")) ?? "* SEARCH").split(" ").slice(2).filter(Boolean);
    if (uids.length === 0) return null;
    const fetched = await this.run(`UID FETCH ${uids[0]} (FLAGS)`);
    const flags = fetched.join(" ").match(/FLAGS \(([^)]*)\)/);
    return flags ? flags[1].split(" ").filter(Boolean) : [];
  }

  /**
   * The Message-ID of the first message in `mailbox` whose text contains `token`, or null.
   * @param {string} mailbox @param {string} token
   */
  async messageIdOf(mailbox, token) {
    await this.run(`EXAMINE ${quote(mailbox)}`);
    const search = await this.run(`UID SEARCH TEXT ${quote(token)}`);
    const uid = (search.find((l) => l.startsWith("* SEARCH")) ?? "* SEARCH").split(" ")[2];
    if (!uid) return null;
    const fetched = await this.run(`UID FETCH ${uid} (BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])`);
    return fetched.join("\n").match(/^Message-ID:\s*(<[^>]+>)/im)?.[1] ?? null;
  }

  async logout() {
    await this.run("LOGOUT").catch(() => {});
    this.socket.destroy();
  }
}

/** @param {string} s */
function quote(s) {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** IMAP wants CRLF line ends; the mail files may have either. @param {Buffer} message */
function toCrlf(message) {
  return Buffer.from(message.toString("latin1").replace(/\r?\n/g, "\r\n"), "latin1");
}
