// Differential test against TA-Lib (C) on real series: ~300 symbols of ../shared/data
// (every 25th symbol plus awkward ones: penny stocks, thin ETFs with zero-volume days),
// each run as is and with missing bars inserted. Every indicator TA-Lib has must match
// it: the same warm-up and every value within 1e-9.

import { beforeAll, describe, expect, it } from "vitest";
import { type RealSeries, loadRealSeries, sampleSymbols } from "../support/real-series.ts";
import { hasSharedData, sharedDataSkipMessage } from "../support/shared-data.ts";
import { computeSeries, firstMismatch, withGaps } from "./parity.ts";
import { TALIB_CASES } from "./talib-cases.ts";
import { talibRun } from "./talib-oracle.ts";

const AWKWARD = ["AAPL", "SPY", "BRK-B", "ACST", "AEY", "EVSTC", "FTSL", "ABR_A", "GOOG"];

describe.skipIf(!hasSharedData)(
  `TA-Lib parity on real data${hasSharedData ? "" : ` (${sharedDataSkipMessage()})`}`,
  () => {
    let series: RealSeries[] = [];

    beforeAll(async () => {
      const all = await loadRealSeries();
      const names = sampleSymbols(all.keys(), 25, AWKWARD);
      series = names.map((s) => all.get(s) as RealSeries).filter((s) => s.close.length >= 60);
      expect(series.length).toBeGreaterThan(250);
      expect(
        series.some((s) => s.close.some((c) => c < 1)),
        "the sample has penny prices",
      ).toBe(true);
      expect(
        series.some((s) => s.volume.some((v) => v === 0)),
        "the sample has zero-volume days",
      ).toBe(true);
    }, 120_000);

    for (const c of TALIB_CASES) {
      it(`${c.columns.join(", ")} = TA-Lib ${c.talib}`, () => {
        let compared = 0;
        for (const s of series) {
          const ours = computeSeries(s, c.columns);
          const refs = talibRun(c.talib, c.inputs(s), c.options, c.outputs);
          c.columns.forEach((column, k) => {
            const bad = firstMismatch(ours[k] as Float64Array, refs[k] as Float64Array, c.tolerance);
            expect(bad, `${column} on ${s.symbol}: first difference at bar ${bad?.index}`).toBeNull();
            compared += (refs[k] as Float64Array).filter((x) => !Number.isNaN(x)).length;
          });
        }
        expect(compared, "values compared").toBeGreaterThan(10_000);
      });

      it(`${c.columns.join(", ")} skips missing bars: equal to TA-Lib on the bars that exist`, () => {
        for (const s of series.slice(0, 60)) {
          const { gapped, present } = withGaps(
            { open: s.open, high: s.high, low: s.low, close: s.close, volume: s.volume },
            17,
          );
          const ours = computeSeries(gapped, c.columns);
          const refs = talibRun(c.talib, c.inputs(s), c.options, c.outputs);
          c.columns.forEach((column, k) => {
            const atPresent = present.map((j) => (ours[k] as Float64Array)[j] as number);
            const bad = firstMismatch(atPresent, refs[k] as Float64Array, c.tolerance);
            expect(bad, `${column} on ${s.symbol} with gaps: first difference at bar ${bad?.index}`).toBeNull();
            const gaps = (ours[k] as Float64Array).filter((_, j) => !present.includes(j));
            expect(gaps.every(Number.isNaN), "a missing bar's value is NaN").toBe(true);
          });
        }
      });
    }
  },
);
