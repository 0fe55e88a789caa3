// A small Marionette client: the JSON-over-TCP protocol Gecko apps speak with --marionette.
// Frames are `<byte length>:<json>`; commands are [0, id, name, params], replies [1, id, error, result].
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export class Marionette {
  /** @param {import("node:net").Socket} socket */
  constructor(socket) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.nextId = 1;
    /** @type {Map<number, {resolve: (v: any) => void, reject: (e: Error) => void}>} */
    this.pending = new Map();
    /** @type {((frame: any) => void) | null} */
    this.onGreeting = null;
    socket.on("data", (chunk) => this.receive(chunk));
    socket.on("close", () => {
      for (const { reject } of this.pending.values()) reject(new Error("Marionette connection closed"));
      this.pending.clear();
    });
  }

  /** Connects, retrying until the app listens, and waits for the server's greeting. */
  static async connect({ port = 2828, timeoutMs = 60_000 } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await new Promise((resolve, reject) => {
          const s = connect({ host: "127.0.0.1", port }, () => resolve(s));
          s.once("error", reject);
        });
        const client = new Marionette(socket);
        await new Promise((resolve, reject) => {
          client.onGreeting = resolve;
          socket.once("close", () => reject(new Error("closed before greeting")));
        });
        return client;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`Marionette not reachable on port ${port}: ${error.message}`);
        await sleep(250);
      }
    }
  }

  /** @param {Buffer} chunk */
  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(":");
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString("ascii"));
      if (this.buffer.length < colon + 1 + length) return;
      const frame = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString("utf8"));
      this.buffer = this.buffer.subarray(colon + 1 + length);
      if (!Array.isArray(frame)) {
        this.onGreeting?.(frame);
        this.onGreeting = null;
        continue;
      }
      const [, id, error, result] = frame;
      const waiter = this.pending.get(id);
      if (!waiter) continue;
      this.pending.delete(id);
      if (error) waiter.reject(new Error(`${error.error}: ${error.message}`));
      else waiter.resolve(result);
    }
  }

  /** @param {string} name @param {object} params */
  command(name, params = {}) {
    const id = this.nextId++;
    const body = Buffer.from(JSON.stringify([0, id, name, params]), "utf8");
    this.socket.write(`${body.length}:`);
    this.socket.write(body);
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  async startChromeSession() {
    await this.command("WebDriver:NewSession", { capabilities: { alwaysMatch: { "moz:accessibilityChecks": false } } });
    await this.command("Marionette:SetContext", { value: "chrome" });
  }

  /**
   * Runs `script` as a function body in the chrome context (privileged), awaiting a returned promise.
   * @param {string} script @param {unknown[]} args
   */
  async execute(script, args = [], timeoutMs = 30_000) {
    await this.command("WebDriver:SetTimeouts", { script: timeoutMs });
    const body = `return (async function () {\n${script}\n}).apply(this, arguments);`;
    const result = await this.command("WebDriver:ExecuteScript", { script: body, args, sandbox: "system" });
    return result?.value;
  }

  /** Asks the app to quit; resolves when it has acknowledged. */
  async quit() {
    await this.command("Marionette:Quit", { flags: ["eForceQuit"] }).catch(() => {});
    this.socket.destroy();
  }

  close() {
    this.socket.destroy();
  }
}
