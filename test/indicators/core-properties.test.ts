// Invariants of the core indicators on any series (fast-check): RSI stays in [0, 100],
// the MACD histogram is line minus signal, SMA lies between the window's min and max.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeSeries } from "./parity.ts";

const prices = fc
  .array(fc.oneof(fc.double({ min: -0.2, max: 0.2, noNaN: true }), fc.constant(0)), { minLength: 60, maxLength: 300 })
  .map((moves) => {
    let p = 50;
    const close = Float64Array.from(moves, (m) => (p = Math.max(0.01, p * (1 + m))));
    return {
      open: close,
      high: close.map((c) => c * 1.01),
      low: close.map((c) => c * 0.99),
      close,
      volume: close.map(() => 1000),
    };
  });

describe("core indicator invariants", () => {
  it("RSI stays within [0, 100] and has no NaN after its warm-up", () => {
    fc.assert(
      fc.property(prices, (s) => {
        const [rsi] = computeSeries(s, ["rsi_14"]) as [Float64Array];
        for (let t = 14; t < rsi.length; t++) {
          expect(rsi[t]).toBeGreaterThanOrEqual(0);
          expect(rsi[t]).toBeLessThanOrEqual(100 + 1e-9);
        }
        expect(rsi.subarray(0, 14).every(Number.isNaN), "RSI(14) warms up over 14 bars").toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("MACD histogram is the line minus the signal, and all three start together", () => {
    fc.assert(
      fc.property(prices, (s) => {
        const [line, signal, hist] = computeSeries(s, [
          "macd_12_26_9",
          "macd_signal_12_26_9",
          "macd_hist_12_26_9",
        ]) as Float64Array[];
        for (let t = 0; t < (line as Float64Array).length; t++) {
          const l = (line as Float64Array)[t] as number;
          const g = (signal as Float64Array)[t] as number;
          expect(Number.isNaN(l)).toBe(t < 33);
          if (t >= 33) expect((hist as Float64Array)[t]).toBeCloseTo(l - g, 12);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("SMA lies between the lowest and highest value of its window", () => {
    fc.assert(
      fc.property(prices, (s) => {
        const [sma] = computeSeries(s, ["sma_10"]) as [Float64Array];
        for (let t = 9; t < sma.length; t++) {
          const window = s.close.subarray(t - 9, t + 1);
          expect(sma[t]).toBeGreaterThanOrEqual(Math.min(...window) * (1 - 1e-12));
          expect(sma[t]).toBeLessThanOrEqual(Math.max(...window) * (1 + 1e-12));
        }
      }),
      { numRuns: 100 },
    );
  });
});
