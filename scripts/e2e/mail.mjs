// Test mail as files, moved in time: the files are written as if "now" were MAIL_WRITTEN_AT, and every
// date in them (Date:, Received:, Arrival-Date:, ...) is shifted by the same amount to today, so that
// windows counted back from the present (history scan, Sent-log retention) see them as recent.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const MAIL_WRITTEN_AT = Date.parse("2026-11-20T10:00:00+09:00");

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// RFC 5322 date-time with a numeric zone, with or without the day name (qmail writes none).
const DATE_TIME = /\b(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), +)?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\b/g;

/** @param {string} text @param {number} shiftMs */
export function shiftDates(text, shiftMs) {
  return text.replace(DATE_TIME, (match, day, d, mon, y, hh, mm, ss, sign, zh, zm) => {
    const zoneMs = (sign === "-" ? -1 : 1) * (Number(zh) * 60 + Number(zm)) * 60_000;
    const utc = Date.UTC(Number(y), MONTHS.indexOf(mon), Number(d), Number(hh), Number(mm), Number(ss)) - zoneMs;
    // The same wall-clock zone as written, moved by shiftMs.
    const local = new Date(utc + shiftMs + zoneMs);
    const pad = (n) => String(n).padStart(2, "0");
    const written = `${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
      `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ${sign}${zh}${zm}`;
    return day ? `${DAYS[local.getUTCDay()]}, ${written}` : written;
  });
}

/** How far to move the mail so that MAIL_WRITTEN_AT becomes now (whole minutes). */
export function shiftToNow(now = Date.now()) {
  return Math.floor((now - MAIL_WRITTEN_AT) / 60_000) * 60_000;
}

/**
 * One test message: its bytes with dates moved, and its Message-ID (the key to find it everywhere).
 * The files are UTF-8 or 7-bit; headers are read as latin1 to keep bytes as they are.
 * @param {string} file @param {number} shiftMs
 */
export function loadMail(file, shiftMs) {
  const raw = readFileSync(file).toString("latin1");
  const bytes = Buffer.from(shiftDates(raw, shiftMs), "latin1");
  const headerEnd = raw.search(/\r?\n\r?\n/);
  const id = raw.slice(0, headerEnd).match(/^Message-I[dD]:\s*(<[^>\r\n]+>)/im);
  if (!id) throw new Error(`${file} has no Message-ID`);
  return { file, bytes, messageId: id[1], headerMessageId: id[1].slice(1, -1) };
}

/** @param {string} dir @param {number} shiftMs */
export function loadMailDir(dir, shiftMs) {
  return readdirSync(dir).filter((f) => f.endsWith(".eml")).sort().map((f) => loadMail(join(dir, f), shiftMs));
}
