// The add-on's pages in one headless Chromium over one build: building the add-on once avoids parallel test
// files racing over dist/. Each page's tests live in its *.suite.ts.
import { afterAll, beforeAll } from "vitest";
import { startHarness, type Harness } from "./harness";
import { dmarcTests } from "./dmarc.suite";
import { hostileTests } from "./hostile.suite";
import { optionsTests } from "./options.suite";
import { popupTests } from "./popup.suite";
import { reportTests } from "./report.suite";
import { welcomeTests } from "./welcome.suite";
import { traceTests } from "./traces.suite";
import { recordKindTests } from "./record-kinds.suite";

let started: Harness | undefined;
beforeAll(async () => { started = await startHarness(); });
afterAll(async () => { await started?.close(); });

popupTests();
reportTests();
optionsTests();
welcomeTests();
hostileTests();
traceTests();
dmarcTests();
recordKindTests();
