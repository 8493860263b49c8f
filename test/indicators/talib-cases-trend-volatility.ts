// TA-Lib parity cases for catalog-trend-volatility.ts (see talib-cases.ts for the shape).
// Not here because TA-Lib has no equivalent: bb_pctb / bb_width, kc_upper / kc_lower,
// supertrend, trend_r2, max_drawdown, realized_vol — trend-volatility-reference.test.ts
// checks those against independent computations (and realized_vol against TA-Lib STDDEV).

import type { RealSeries } from "../support/real-series.ts";
import type { TalibCase } from "./talib-cases.ts";

const hlc = (s: RealSeries) => ({ high: s.high, low: s.low, close: s.close });
const hl = (s: RealSeries) => ({ high: s.high, low: s.low });
const close = (s: RealSeries) => ({ inReal: s.close });
const volume = (s: RealSeries) => ({ inReal: s.volume });
const high = (s: RealSeries) => ({ inReal: s.high });
const low = (s: RealSeries) => ({ inReal: s.low });
const logClose = (s: RealSeries) => ({ inReal: s.close.map(Math.log) });

const one = (
  column: string,
  talib: string,
  inputs: TalibCase["inputs"],
  options: Record<string, number>,
): TalibCase => ({
  columns: [column],
  talib,
  inputs,
  options,
  outputs: ["outReal"],
});

const bbands = (suffix: string, inputs: TalibCase["inputs"], period: number, mult: number): TalibCase => ({
  columns: [`bb_upper_${suffix}`, `bb_middle_${suffix}`, `bb_lower_${suffix}`],
  talib: "BBANDS",
  inputs,
  options: { optInTimePeriod: period, optInNbDevUp: mult, optInNbDevDn: mult, optInMAType: 0 },
  outputs: ["outRealUpperBand", "outRealMiddleBand", "outRealLowerBand"],
});

export const TREND_VOLATILITY_CASES: TalibCase[] = [
  one("atr_14", "ATR", hlc, { optInTimePeriod: 14 }),
  one("atr_5", "ATR", hlc, { optInTimePeriod: 5 }),
  one("atr_1", "ATR", hlc, { optInTimePeriod: 1 }),
  one("natr_14", "NATR", hlc, { optInTimePeriod: 14 }),
  one("natr_7", "NATR", hlc, { optInTimePeriod: 7 }),
  one("adx_14", "ADX", hlc, { optInTimePeriod: 14 }),
  one("adx_7", "ADX", hlc, { optInTimePeriod: 7 }),
  one("plus_di_14", "PLUS_DI", hlc, { optInTimePeriod: 14 }),
  one("plus_di_5", "PLUS_DI", hlc, { optInTimePeriod: 5 }),
  one("minus_di_14", "MINUS_DI", hlc, { optInTimePeriod: 14 }),
  one("minus_di_5", "MINUS_DI", hlc, { optInTimePeriod: 5 }),
  one("dx_14", "DX", hlc, { optInTimePeriod: 14 }),
  one("dx_9", "DX", hlc, { optInTimePeriod: 9 }),
  bbands("20_2", close, 20, 2),
  bbands("10_1.5", close, 10, 1.5),
  bbands("volume_20_2", volume, 20, 2),
  one("kc_middle_20_2_10", "EMA", close, { optInTimePeriod: 20 }),
  one("kc_middle_50_1.5_20", "EMA", close, { optInTimePeriod: 50 }),
  one("dc_upper_20", "MAX", high, { optInTimePeriod: 20 }),
  one("dc_lower_20", "MIN", low, { optInTimePeriod: 20 }),
  one("dc_middle_20", "MIDPRICE", hl, { optInTimePeriod: 20 }),
  one("dc_upper_55", "MAX", high, { optInTimePeriod: 55 }),
  one("dc_lower_55", "MIN", low, { optInTimePeriod: 55 }),
  one("dc_middle_55", "MIDPRICE", hl, { optInTimePeriod: 55 }),
  one("sar_0.02_0.2", "SAR", hl, { optInAcceleration: 0.02, optInMaximum: 0.2 }),
  one("sar_0.01_0.1", "SAR", hl, { optInAcceleration: 0.01, optInMaximum: 0.1 }),
  one("sar_0.3_0.2", "SAR", hl, { optInAcceleration: 0.3, optInMaximum: 0.2 }),
  one("trend_slope_63", "LINEARREG_SLOPE", logClose, { optInTimePeriod: 63 }),
  one("trend_slope_20", "LINEARREG_SLOPE", logClose, { optInTimePeriod: 20 }),
];
