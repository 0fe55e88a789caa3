// esbuild options for every bundle that contains the core (add-on, CLI, benchmarks, corpus report).
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const byteBlob = join(root, "src/core/decode/byte-blob.ts");

/**
 * postal-mime gathers each MIME part's bytes in a Blob and reads them back with the async blob.arrayBuffer();
 * for the many small parts of bounce reports that round trip cost more than half of the decoding time
 * (bench/decode.mjs). Inside postal-mime's own modules only, `Blob` is bound to an in-memory stand-in.
 */
const postalMimeByteBlob = {
  name: "postal-mime-byte-blob",
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]postal-mime[\\/].*\.js$/ }, async ({ path }) => {
      const source = await readFile(path, "utf8");
      if (!source.includes("new Blob(")) return undefined;
      return { contents: `import { ByteBlob as Blob } from ${JSON.stringify(byteBlob)};\n${source}`, loader: "js" };
    });
  },
};

export const coreBundleOptions = {
  bundle: true,
  plugins: [postalMimeByteBlob],
};
