// A Thunderbird world for background tests: the fake messenger, a fresh IndexedDB, a settable clock,
// and the shared scenario mailboxes as message contents.
import { IDBFactory } from "fake-indexeddb";
import "fake-indexeddb/auto";
import { readdirSync, readFileSync } from "node:fs";
import { startBackground } from "../../src/background/background";
import type { Sentinel } from "../../src/background/sentinel";
import { iterateMbox } from "../../src/core/mbox";
import type { Alert, Verdict } from "../../src/core/types";
import { FakeThunderbird, fakeMessageOf, type FakeAccountSpec, type FakeMessage } from "../fakes/messenger";

export const SHARED = new URL("../../../shared/", import.meta.url);

export interface Scenario {
  name: string;
  me: string[];
  alert: Alert;
  /** Inbox messages in arrival order, with the verdict expected for each. */
  inbox: { file: string; message: FakeMessage; expected: Verdict }[];
  sent: FakeMessage[];
}

export function scenarioNames(): string[] {
  return readdirSync(new URL("scenarios/", SHARED), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

export async function loadScenario(name: string): Promise<Scenario> {
  const dir = new URL(`scenarios/${name}/`, SHARED);
  const spec = JSON.parse(readFileSync(new URL("scenario.json", dir), "utf8")) as {
    me: string[]; expected: { alert: Alert; messages: Record<string, Verdict> };
  };
  const files = readdirSync(new URL("inbox/", dir)).filter((f) => f.endsWith(".eml")).sort();
  const inbox = [];
  for (const file of files) {
    const raw = new Uint8Array(readFileSync(new URL(`inbox/${file}`, dir)));
    inbox.push({ file, message: await fakeMessageOf(raw), expected: spec.expected.messages[`inbox/${file}`]! });
  }
  const sent = [];
  for (const raw of iterateMbox(new Uint8Array(readFileSync(new URL("sent.mbox", dir))))) sent.push(await fakeMessageOf(raw.slice()));
  return { name, me: spec.me, alert: spec.expected.alert, inbox, sent };
}

export class Clock {
  private due: { at: number; run: () => unknown }[] = [];
  constructor(public time: number) {}
  now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
  /** What the page waits passes at once; what was set to happen meanwhile (`at`) happens, in time order. */
  sleep = async (ms: number): Promise<void> => {
    const until = this.time + ms;
    for (let next = this.nextDue(until); next; next = this.nextDue(until)) {
      this.time = Math.max(this.time, next.at);
      await next.run();
    }
    this.time = until;
  };
  /** Something that happens in Thunderbird at `time` (epoch ms), seen by the page once it waits that long. */
  at(time: number, run: () => unknown): void {
    this.due.push({ at: time, run });
  }
  private nextDue(until: number): { at: number; run: () => unknown } | undefined {
    const next = this.due.filter((d) => d.at <= until).sort((a, b) => a.at - b.at)[0];
    if (next) this.due.splice(this.due.indexOf(next), 1);
    return next;
  }
}

export interface World {
  fake: FakeThunderbird;
  idb: IDBFactory;
  clock: Clock;
  /** The sentinel of the page loaded last. */
  page(): Promise<Sentinel>;
  /** Waits until the loaded page has finished all its work (queued analyses, history scan). */
  idle(): Promise<void>;
}

/** A Thunderbird with these accounts and a background page script; the page is not loaded yet. */
export function makeWorld(accounts: FakeAccountSpec[], now: number): World {
  const fake = new FakeThunderbird(accounts);
  const idb = new IDBFactory();
  const clock = new Clock(now);
  let current: Promise<Sentinel> | null = null;
  fake.pageScript = () => {
    current = startBackground(fake.pageHost(), idb, clock);
    return current;
  };
  const idle = async () => {
    await fake.settle();
    await (await current!).settled();
  };
  return { fake, idb, clock, page: () => current!, idle };
}

export const DAY = 24 * 3600 * 1000;

export function latestDate(messages: readonly FakeMessage[]): number {
  return Math.max(...messages.map((m) => m.date.getTime()));
}

export function account(n: number, email: string): FakeAccountSpec {
  return { id: `account${n}`, name: `Account ${n}`, email };
}
