// One daemon of the mail world: started in the foreground as the harness's child (so it ends with the
// harness, and the PID namespace of scripts/e2e/run.mjs ends anything it forked), its output in a log file,
// ready once it answers on a TCP port.
import { spawn } from "node:child_process";
import { existsSync, openSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { waitFor } from "../wait.mjs";

/**
 * @param {{name: string, command: string, args: string[], log: string, env?: NodeJS.ProcessEnv,
 *          ready?: {host: string, port: number, greeting?: string}, otherLogs?: string[]}} o
 */
export async function startDaemon(o) {
  const out = openSync(o.log, "a");
  const child = spawn(o.command, o.args, { stdio: ["ignore", out, out], env: o.env ?? process.env });
  let exit = /** @type {string | null} */ (null);
  child.once("exit", (code, signal) => { exit = `exited with ${code ?? signal}`; });
  child.once("error", (error) => { exit = `could not start: ${error.message}`; });
  const logs = () => [o.log, ...(o.otherLogs ?? [])].filter(existsSync)
    .map((f) => `--- ${f} ---\n${readFileSync(f, "utf8").slice(-6000)}`).join("\n");
  const daemon = {
    name: o.name, child, logs,
    stop() {
      if (exit === null) child.kill("SIGTERM");
    },
  };
  if (o.ready) {
    const { host, port, greeting } = o.ready;
    try {
      await waitFor(`${o.name} on ${host}:${port}`, async () => {
        if (exit !== null) throw new Error(`${o.name} ${exit}`);
        return answers(host, port, greeting);
      }, { timeoutMs: 20_000, intervalMs: 100 });
    } catch (error) {
      daemon.stop();
      throw new Error(`${o.name} did not start: ${error.message}\n${logs()}`);
    }
  }
  return daemon;
}

/** True once something listens on host:port (and, with `greeting`, its first line starts with it). */
export function answers(host, port, greeting) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once("error", () => finish(false));
    socket.once("connect", () => { if (!greeting) finish(true); });
    socket.once("data", (data) => finish(data.toString("latin1").startsWith(greeting ?? "")));
  });
}
