// Polling helpers shared by the harness.
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Calls `probe` until it returns a value other than undefined/null/false, or throws after `timeoutMs`.
 * @template T
 * @param {string} what @param {() => Promise<T>} probe
 * @returns {Promise<NonNullable<T>>}
 */
export async function waitFor(what, probe, { timeoutMs = 30_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return /** @type {any} */ (value);
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ""}`);
    }
    await sleep(intervalMs);
  }
}
