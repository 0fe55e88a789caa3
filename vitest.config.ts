import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 600_000, // a fresh machine installs Debian's Chromium in the UI suite's first hook
  },
});
