// Printed after the demo report by `npm start`: where the built add-on is and how to install it.
import { readFileSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const xpi = join(root, "dist", `bounce-sentinel-${version}.xpi`);
if (!existsSync(xpi)) {
  console.error(`The add-on was not built (${relative(process.cwd(), xpi)} is missing): run npm run build.`);
  process.exit(1);
}
console.log(`
The Thunderbird add-on is built: ${xpi}
Install it: in Thunderbird open Tools → Add-ons and Themes, click the gear icon,
choose "Install Add-on From File…" and pick the file above.`);
