import { describe, expect, it } from "vitest";
import { isoString } from "../../src/core/decode/original";

describe("isoString", () => {
  it("writes every time as Date#toISOString does", () => {
    const times: number[] = [0, -0, -1, 1, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, -8.64e15];
    const day = 86_400_000;
    // every 13th day of years 0000-9999, at a time of day that moves, and every day around century and leap years
    for (let d = -719_528, k = 0; d <= 2_932_896; d += 13, k++) times.push(d * day + ((k * 7_919_777) % day));
    for (const year of [0, 4, 100, 400, 1900, 1968, 1970, 2000, 2024, 2100, 9996]) {
      const first = Date.UTC(2000, 0, 1) / day + Math.round((year - 2000) * 365.2425) - 400;
      for (let d = first; d < first + 800; d++) times.push(d * day, d * day + day - 1);
    }
    let differing = 0;
    for (const time of times) if (isoString(time) !== new Date(time).toISOString()) differing++;
    expect(times.length).toBeGreaterThan(290_000);
    expect(differing).toBe(0);
  });
});
