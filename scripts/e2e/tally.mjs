// The e2e's tally: every check prints one line; a step that throws fails and the run goes on with the next;
// the run ends with "e2e: N passed, N failed".
let passed = 0;
let failed = 0;

/** @param {string} name @param {boolean} ok @param {unknown} [detail] */
export function check(name, ok, detail) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "  ok  " : "  FAIL"} ${name}${!ok && detail !== undefined ? `\n        ${JSON.stringify(detail)}` : ""}`);
}

/** @param {string} name @param {() => Promise<void>} body */
export async function step(name, body) {
  console.log(`\n# ${name}`);
  try {
    await body();
  } catch (error) {
    check(`${name}: ${error.message.split("\n")[0]}`, false);
    if (error.message.includes("\n")) console.log(error.message);
  }
}

export const tally = () => ({ passed, failed });
