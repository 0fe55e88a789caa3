// i.ua (Ukraine): replies link to mail.i.ua/err/<number>/, one number per documented cause.
import type { Reason } from "../../types.js";
import type { RhostFamily } from "./family.js";

const NUMBERS: Record<string, Reason> = {
  "1": "norelaying", "2": "userunknown", "3": "suspend", "4": "mailboxfull", "5": "toomanyconn",
  "6": "norelaying", "7": "blocked", "8": "rejected", "9": "blocked", "10": "filtered",
};

export const iua: RhostFamily = {
  name: "iua",
  hosts: [".email.ua"],
  reason(fact) {
    const number = /\.i\.ua\/err\/(\d{1,2})\//i.exec(fact.diagnostic)?.[1] ?? "";
    return NUMBERS[number] ?? "";
  },
};
