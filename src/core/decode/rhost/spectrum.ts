// Spectrum (Charter): "AUP#I-1310" / "AUP#O-1000": a four-digit number from its published error codes.
import type { Reason } from "../../types.js";
import type { RhostFamily } from "./family.js";

/** [first, last, reason] ranges of the documented numbers. */
const RANGES: ReadonlyArray<readonly [number, number, Reason]> = [
  [1000, 1000, "blocked"], [1010, 1010, "rejected"], [1020, 1080, "rejected"], [1090, 1090, "systemerror"],
  [1100, 1150, "requireptr"], [1160, 1190, "policyviolation"], [1200, 1250, "blocked"], [1260, 1260, "networkerror"],
  [1300, 1340, "toomanyconn"], [1350, 1490, "speeding"], [1500, 1500, "rejected"], [1520, 1520, "rejected"],
  [1530, 1530, "mesgtoobig"], [1540, 1550, "speeding"], [1560, 1560, "policyviolation"], [1580, 1580, "speeding"],
];

export const spectrum: RhostFamily = {
  name: "spectrum",
  hosts: ["charter.net"],
  reason(fact) {
    const digits = /AUP#[A-Za-z]{0,3}-?(\d{4})\b/.exec(fact.diagnostic)?.[1];
    if (!digits) return "";
    const number = Number(digits);
    return RANGES.find(([first, last]) => number >= first && number <= last)?.[2] ?? "";
  },
};
