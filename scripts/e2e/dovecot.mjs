// A private Dovecot IMAP server on 127.0.0.1 for one throwaway user, configured entirely under `dir`
// (the system's Dovecot service, if any, is left alone).
import { spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { connect } from "node:net";
import { waitFor } from "./wait.mjs";

/**
 * With `world` (scripts/e2e/world), Dovecot is also the provider's LMTP delivery and Postfix's SASL: sockets
 * at `world.lmtp` and `world.auth`, and user@domain names the same user as the bare login.
 * @param {{dir: string, port: number, user: string, password: string, world?: {lmtp: string, auth: string}}} options
 * @returns {Promise<{port: number, user: string, password: string, log: () => string, stop: () => void}>}
 */
export async function startDovecot({ dir, port, user, password, world }) {
  const asRoot = process.getuid?.() === 0;
  // Root runs mail processes as `nobody`; a person runs everything as themselves.
  const me = userInfo();
  const mailUser = asRoot ? lookupUser("nobody") : { name: me.username, uid: me.uid, gid: me.gid };
  const internalUser = asRoot ? "dovecot" : me.username;
  const loginUser = asRoot ? "dovenull" : me.username;

  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const home = join(dir, "home");
  mkdirSync(home, { recursive: true });
  for (const sub of ["run", "state"]) mkdirSync(join(dir, sub), { recursive: true });
  const logFile = join(dir, "dovecot.log");
  writeFileSync(logFile, "");
  writeFileSync(join(dir, "passwd"), `${user}:{PLAIN}${password}::::::\n`);
  if (asRoot) chownSync(home, mailUser.uid, mailUser.gid);

  const config = join(dir, "dovecot.conf");
  writeFileSync(config, `
protocols = imap${world ? " lmtp" : ""}
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${logFile}
info_log_path = ${logFile}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${internalUser}
default_login_user = ${loginUser}
default_internal_group = ${asRoot ? "dovecot" : groupName(me.gid)}
first_valid_uid = ${Math.min(mailUser.uid, 500)}
mail_location = maildir:~/Maildir
mail_plugins =
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
${world ? `auth_username_format = %Ln
service lmtp {
  unix_listener ${world.lmtp} {
    mode = 0666
  }
}
service auth {
  unix_listener ${world.auth} {
    mode = 0666
  }
}
` : ""}passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailUser.uid} gid=${mailUser.gid} home=${home}/%u
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
}
`);
  // In the foreground (-F) as the harness's child, so it ends with the harness.
  const startErr = join(dir, "dovecot.stderr");
  const master = spawn("dovecot", ["-F", "-c", config], { stdio: ["ignore", openSync(startErr, "w"), openSync(startErr, "a")] });
  let exitCode = /** @type {number | null | undefined} */ (undefined);
  master.once("exit", (code) => (exitCode = code));
  const log = () => `${readFileSync(startErr, "utf8")}${existsSync(logFile) ? readFileSync(logFile, "utf8") : ""}`;
  try {
    await Promise.race([
      waitForGreeting(port, 15_000),
      new Promise((_, reject) => master.once("exit", (code) => reject(new Error(`dovecot exited with ${code}`)))),
    ]);
  } catch (error) {
    master.kill("SIGKILL");
    throw new Error(`Dovecot did not start on 127.0.0.1:${port}: ${error.message}\n--- Dovecot output and log ---\n${log()}`);
  }
  return {
    port, user, password, log,
    stop: () => {
      if (exitCode === undefined) master.kill("SIGTERM");
    },
  };
}

/** Resolves once an IMAP server greets on 127.0.0.1:port (an open port alone could be someone else's). */
function waitForGreeting(port, timeoutMs) {
  return waitFor(`an IMAP greeting on 127.0.0.1:${port}`, () => new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const finish = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once("error", () => finish(false));
    socket.once("data", (data) => finish(data.toString("latin1").startsWith("* OK")));
  }), { timeoutMs, intervalMs: 100 });
}

/** @param {string} name */
function lookupUser(name) {
  const line = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no system user ${name}`);
  const [, , uid, gid] = line.split(":");
  return { name, uid: Number(uid), gid: Number(gid) };
}

/** @param {number} gid */
function groupName(gid) {
  const line = readFileSync("/etc/group", "utf8").split("\n").find((l) => l.split(":")[2] === String(gid));
  return line ? line.split(":")[0] : String(gid);
}
