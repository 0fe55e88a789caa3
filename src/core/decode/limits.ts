// The work of decoding one message is bounded twice. By construction: every stage reads at most a fixed
// amount (bytes, parts, nesting, recipients, lines; each stage states its bounds in its opening comment)
// with work linear in what it reads, and names each bound it reached (BounceReport.limits). As a backstop:
// a time budget, checked cooperatively between stages and inside the loops over parts, blocks and lines.
// No timers: the clock is only read, so the core stays pure and a test can hand in a fake one.
import type { Limit } from "../types.js";

/** The decoding of a message ran past its time budget. */
export class DeadlineExceeded extends Error {
  constructor() {
    super("time budget exceeded");
  }
}

/**
 * The time budget of a message's decoding. It counts the time between consecutive reads of the clock, each
 * stretch at most MAX_STRETCH_MS: the checks come every few milliseconds of work, so a longer stretch is
 * mostly time the page did not run (a busy machine, a laptop suspended, a collection of the whole heap),
 * and a slow step still counts for something each time.
 */
export class Deadline {
  private spent = 0;
  private last: number;

  constructor(private readonly budgetMs: number, private readonly now: () => number) {
    this.last = now();
  }

  /** No deadline (for reading a message before its decoding is timed, and for tests of one stage). */
  static none(): Deadline {
    return new Deadline(Infinity, () => 0);
  }

  expired(): boolean {
    const time = this.now();
    this.spent += Math.min(Math.max(0, time - this.last), MAX_STRETCH_MS);
    this.last = time;
    return this.spent >= this.budgetMs;
  }

  /** Throws DeadlineExceeded once the budget is spent (for stages that have nothing partial to give). */
  check(): void {
    if (this.expired()) throw new DeadlineExceeded();
  }
}

/** The most one stretch between two reads of the clock counts. */
export const MAX_STRETCH_MS = 50;

/** How often loops over lines or blocks read the clock (a power of two, as a mask): often enough, cheaply. */
export const CHECK_EVERY = 1023;

/** One message's decoding: its deadline and the bounds it reached. */
export class Work {
  private readonly reached = new Set<Limit>();

  /** The deadline is set when the timed part of the decoding starts (analyze.ts). */
  constructor(public deadline: Deadline = Deadline.none()) {}

  /** Records that a bound was reached: the rest was cut or left unread. */
  cut(limit: Limit): void {
    this.reached.add(limit);
  }

  /** The bounds reached, in the order they were first met. */
  limits(): Limit[] {
    return [...this.reached];
  }
}

/**
 * Recipients read from one message: a report about more (a spam run's bounce can name thousands) says
 * as much with these, and the rest is named as cut (recipients).
 */
export const MAX_RECIPIENTS = 1000;
