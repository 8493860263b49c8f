// Which TA-Lib function each of our columns must equal, with its inputs and options.
// Add a case here for every indicator TA-Lib has.

import type { RealSeries } from "../support/real-series.ts";
import { MOMENTUM_CASES } from "./talib-cases-momentum.ts";
import { TREND_VOLATILITY_CASES } from "./talib-cases-trend-volatility.ts";
import { VOLUME_RELATIVE_CASES } from "./talib-cases-volume-relative.ts";

export interface TalibCase {
  /** Our column names (one per TA-Lib output, same order). */
  readonly columns: string[];
  readonly talib: string;
  readonly inputs: (s: RealSeries) => Record<string, ArrayLike<number>>;
  readonly options: Record<string, number>;
  readonly outputs: string[];
  readonly tolerance?: number;
}

const close = (s: RealSeries) => ({ inReal: s.close });
const volume = (s: RealSeries) => ({ inReal: s.volume });

const CORE_CASES: TalibCase[] = [
  { columns: ["sma_50"], talib: "SMA", inputs: close, options: { optInTimePeriod: 50 }, outputs: ["outReal"] },
  { columns: ["sma_volume_20"], talib: "SMA", inputs: volume, options: { optInTimePeriod: 20 }, outputs: ["outReal"] },
  { columns: ["ema_20"], talib: "EMA", inputs: close, options: { optInTimePeriod: 20 }, outputs: ["outReal"] },
  { columns: ["ema_200"], talib: "EMA", inputs: close, options: { optInTimePeriod: 200 }, outputs: ["outReal"] },
  { columns: ["rsi_14"], talib: "RSI", inputs: close, options: { optInTimePeriod: 14 }, outputs: ["outReal"] },
  { columns: ["rsi_2"], talib: "RSI", inputs: close, options: { optInTimePeriod: 2 }, outputs: ["outReal"] },
  {
    columns: ["macd_12_26_9", "macd_signal_12_26_9", "macd_hist_12_26_9"],
    talib: "MACD",
    inputs: close,
    options: { optInFastPeriod: 12, optInSlowPeriod: 26, optInSignalPeriod: 9 },
    outputs: ["outMACD", "outMACDSignal", "outMACDHist"],
  },
  {
    columns: ["macd_5_35_5", "macd_signal_5_35_5", "macd_hist_5_35_5"],
    talib: "MACD",
    inputs: close,
    options: { optInFastPeriod: 5, optInSlowPeriod: 35, optInSignalPeriod: 5 },
    outputs: ["outMACD", "outMACDSignal", "outMACDHist"],
  },
];

export const TALIB_CASES: TalibCase[] = [
  ...CORE_CASES,
  ...MOMENTUM_CASES,
  ...TREND_VOLATILITY_CASES,
  ...VOLUME_RELATIVE_CASES,
];
