// Runs `web-ext lint` on the built add-on. Firefox's linter does not know Thunderbird's own permissions and
// manifest keys; those warnings are expected and filtered here. Errors always fail.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
execFileSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" });
let out;
try {
  out = execFileSync(process.execPath, [join(root, "node_modules/web-ext/bin/web-ext.js"), "lint", "--source-dir",
    join(root, "dist/addon"), "--output", "json", "--no-config-discovery"], { encoding: "utf8" });
} catch (e) {
  out = e.stdout; // web-ext exits non-zero when it finds errors; the report below decides.
}
const report = JSON.parse(out);
// Only "invalid permission" notices that name one of Thunderbird's own permissions are hidden; every other
// warning (a missing manifest key such as data_collection_permissions included) is shown.
const THUNDERBIRD_PERMISSIONS = ["accountsRead", "accountsFolders", "messagesRead", "messagesUpdate", "messagesTags", "messagesTagsList", "compose"];
const thunderbirdOnly = (m) =>
  ["MANIFEST_PERMISSIONS", "MANIFEST_OPTIONAL_PERMISSIONS"].includes(m.code) &&
  THUNDERBIRD_PERMISSIONS.some((p) => m.message.includes(`"${p}"`));
const shown = (list) => list.map((m) => `  ${m.code}: ${m.message} ${m.file ?? ""}`).join("\n");
const warnings = report.warnings.filter((m) => !thunderbirdOnly(m));
if (warnings.length) console.log(`web-ext lint warnings:\n${shown(warnings)}`);
if (report.errors.length) {
  console.error(`web-ext lint errors:\n${shown(report.errors)}`);
  process.exit(1);
}
console.log(`web-ext lint: 0 errors, ${warnings.length} warnings (${report.warnings.length - warnings.length} Thunderbird-only permission notices filtered)`);
