// The install prompt and the listing: every permission the manifest asks for is explained in the README's table,
// and the manifest declares that the add-on collects no data.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("manifest.json", root), "utf8"));
const readme = readFileSync(new URL("README.md", root), "utf8");

describe("manifest", () => {
  it("declares no data collection", () => {
    expect(manifest.browser_specific_settings.gecko.data_collection_permissions).toEqual({ required: ["none"] });
  });

  it("explains every permission in the README's table", () => {
    const table = readme.slice(readme.indexOf("## Permissions and why"), readme.indexOf("## Command line"));
    for (const permission of [...manifest.permissions, ...manifest.optional_permissions]) {
      expect(table, permission).toMatch(new RegExp(`^\\| [^|]*\`${permission}\``, "m"));
    }
  });
});
