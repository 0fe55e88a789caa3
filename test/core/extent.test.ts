import { describe, expect, it } from "vitest";
import { extent } from "../../src/core/extent";

describe("extent", () => {
  it("finds the least and greatest of more numbers than a call takes arguments", () => {
    const values = Array.from({ length: 500_000 }, (_, i) => (i * 7919) % 500_000);
    expect(() => Math.min(...values)).toThrow(RangeError);
    expect(extent(values)).toEqual({ min: 0, max: 499_999 });
  });

  it("is null for no numbers", () => {
    expect(extent([])).toBeNull();
  });
});
