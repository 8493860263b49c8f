// TA-Lib parity cases for catalog-volume-relative.ts (see talib-cases.ts for the shape).
// beta and correl read the benchmark, which these cases cannot supply (computeSeries runs
// them without one): their TA-Lib comparisons (BETA, CORREL on returns, ROC of the ratio
// line) are in volume-relative-reference.test.ts, with SPY as the benchmark.

import type { RealSeries } from "../support/real-series.ts";
import type { TalibCase } from "./talib-cases.ts";

const closeVolume = (s: RealSeries) => ({ inReal: s.close, volume: s.volume });
const hlcv = (s: RealSeries) => ({ high: s.high, low: s.low, close: s.close, volume: s.volume });
const high = (s: RealSeries) => ({ inReal: s.high });
const low = (s: RealSeries) => ({ inReal: s.low });
/** close × volume, the same float64 product the engine's mul(close,volume) forms. */
const dollars = (s: RealSeries) => ({ inReal: s.close.map((c, i) => c * (s.volume[i] as number)) });

export const VOLUME_RELATIVE_CASES: TalibCase[] = [
  { columns: ["obv"], talib: "OBV", inputs: closeVolume, options: {}, outputs: ["outReal"] },
  { columns: ["ad"], talib: "AD", inputs: hlcv, options: {}, outputs: ["outReal"] },
  { columns: ["high_n_252"], talib: "MAX", inputs: high, options: { optInTimePeriod: 252 }, outputs: ["outReal"] },
  { columns: ["low_n_252"], talib: "MIN", inputs: low, options: { optInTimePeriod: 252 }, outputs: ["outReal"] },
  { columns: ["high_n_20"], talib: "MAX", inputs: high, options: { optInTimePeriod: 20 }, outputs: ["outReal"] },
  { columns: ["low_n_20"], talib: "MIN", inputs: low, options: { optInTimePeriod: 20 }, outputs: ["outReal"] },
  {
    columns: ["dollar_volume_20"],
    talib: "SMA",
    inputs: dollars,
    options: { optInTimePeriod: 20 },
    outputs: ["outReal"],
  },
];
