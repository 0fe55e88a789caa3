// A headless desktop for Thunderbird: Xvfb, a private D-Bus session bus, dunst showing notifications,
// dbus-monitor recording every Notify call, and root-window screenshots.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "./wait.mjs";

/**
 * @typedef {{at: number, appName: string, summary: string, body: string}} Notification
 * @param {{dir: string}} o
 */
export async function startDesktop({ dir }) {
  mkdirSync(dir, { recursive: true });
  /** @type {import("node:child_process").ChildProcess[]} */
  const children = [];
  const logOf = (name) => createWriteStream(join(dir, `${name}.log`));

  // Xvfb picks a free display itself and writes its number to fd 3 when it accepts connections.
  const xvfb = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x900x24", "-nolisten", "tcp"], {
    stdio: ["ignore", "ignore", "pipe", "pipe"],
  });
  children.push(xvfb);
  xvfb.stderr?.pipe(logOf("xvfb"));
  const display = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start:\n${readLog(dir, "xvfb")}`)), 15_000);
    xvfb.stdio[3]?.on("data", (d) => {
      out += d;
      if (!out.includes("\n")) return;
      clearTimeout(timer);
      resolve(`:${out.trim()}`);
    });
    xvfb.once("exit", (code) => reject(new Error(`Xvfb exited (${code}):\n${readLog(dir, "xvfb")}`)));
  });

  const busSocket = join(dir, "bus");
  const bus = `unix:path=${busSocket}`;
  const dbus = spawn("dbus-daemon", ["--session", "--nofork", "--nopidfile", `--address=${bus}`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(dbus);
  dbus.stderr?.pipe(logOf("dbus"));
  await waitFor("the D-Bus session bus", async () => existsSync(busSocket), { timeoutMs: 10_000 });

  const env = { ...process.env, DISPLAY: display, DBUS_SESSION_BUS_ADDRESS: bus, NO_AT_BRIDGE: "1" };

  // Notifications stay up long enough for a screenshot.
  const dunstrc = join(dir, "dunstrc");
  writeFileSync(dunstrc, [
    "[global]", "  width = 420", "  origin = top-right", "  offset = 12x60", "  font = Noto Sans CJK JP 10",
    "  frame_width = 2", "  show_indicators = no", "  frame_color = \"#c0392b\"",
    "[urgency_low]", "  timeout = 120", "[urgency_normal]", "  timeout = 120", "[urgency_critical]", "  timeout = 120", "",
  ].join("\n"));
  const dunst = spawn("dunst", ["-config", dunstrc], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(dunst);
  dunst.stdout?.pipe(logOf("dunst"));
  dunst.stderr?.pipe(logOf("dunst-err"));

  /** @type {Notification[]} */
  const notifications = [];
  const monitor = spawn("dbus-monitor", ["--address", bus, "interface='org.freedesktop.Notifications',member='Notify'"], {
    env, stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(monitor);
  const monitorLog = logOf("dbus-monitor");
  let pending = "";
  monitor.stdout?.on("data", (chunk) => {
    monitorLog.write(chunk);
    pending += chunk;
    const calls = pending.split(/^method call /m);
    pending = calls.pop() ?? "";
    for (const call of calls) addNotify(call);
    // The last call is complete once dbus-monitor goes quiet.
    clearTimeout(quiet);
    quiet = setTimeout(flush, 100);
  });
  /** @type {NodeJS.Timeout | undefined} */
  let quiet;
  function flush() {
    if (pending) addNotify(pending);
    pending = "";
  }
  /** @param {string} call */
  function addNotify(call) {
    if (!/member=Notify\b/.test(call)) return;
    // Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, timeout): the first four strings.
    const strings = [...call.matchAll(/^\s+string "((?:[^"\\]|\\.)*)"/gm)].map((m) => m[1]);
    notifications.push({ at: Date.now(), appName: strings[0] ?? "", summary: strings[2] ?? "", body: strings[3] ?? "" });
  }
  await waitFor("dunst on the session bus", async () => {
    const r = spawnSync("dbus-send", ["--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
      "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.Notifications"], { env, encoding: "utf8" });
    return r.stdout.includes("boolean true");
  }, { timeoutMs: 15_000, intervalMs: 200 }).catch((error) => {
    throw new Error(`${error.message}\n--- dunst ---\n${readLog(dir, "dunst")}${readLog(dir, "dunst-err")}`);
  });

  return {
    display, env, notifications,
    /** @param {string} file */
    screenshot(file) {
      const r = spawnSync("import", ["-window", "root", file], { env, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`screenshot failed: ${r.stderr}`);
    },
    /** Clicks the newest notification on screen, as a person would (its default action). */
    clickNotification() {
      const r = spawnSync("dunstctl", ["action", "0"], { env, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`dunstctl action failed: ${r.stderr}`);
    },
    stop() {
      clearTimeout(quiet);
      for (const child of children.reverse()) child.kill("SIGTERM");
    },
  };
}

/** @param {string} dir @param {string} name */
function readLog(dir, name) {
  const file = join(dir, `${name}.log`);
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}
