// TA-Lib parity cases for catalog-momentum.ts (see talib-cases.ts for the shape): each
// indicator at its default parameters and at least one other set.

import type { RealSeries } from "../support/real-series.ts";
import type { TalibCase } from "./talib-cases.ts";

const close = (s: RealSeries) => ({ inReal: s.close });
const volume = (s: RealSeries) => ({ inReal: s.volume });
const hl = (s: RealSeries) => ({ high: s.high, low: s.low });
const hlc = (s: RealSeries) => ({ high: s.high, low: s.low, close: s.close });
const hlcv = (s: RealSeries) => ({ high: s.high, low: s.low, close: s.close, volume: s.volume });

const period = (n: number) => ({ optInTimePeriod: n });
const real = (columns: string[], talib: string, inputs: TalibCase["inputs"], n: number): TalibCase => ({
  columns,
  talib,
  inputs,
  options: period(n),
  outputs: ["outReal"],
});

const stoch = (fastK: number, slowK: number, slowD: number): TalibCase => ({
  columns: [`stoch_k_${fastK}_${slowK}_${slowD}`, `stoch_d_${fastK}_${slowK}_${slowD}`],
  talib: "STOCH",
  inputs: hlc,
  options: {
    optInFastK_Period: fastK,
    optInSlowK_Period: slowK,
    optInSlowK_MAType: 0,
    optInSlowD_Period: slowD,
    optInSlowD_MAType: 0,
  },
  outputs: ["outSlowK", "outSlowD"],
});

const stochRsi = (n: number, fastK: number, fastD: number): TalibCase => ({
  columns: [`stochrsi_k_${n}_${fastK}_${fastD}`, `stochrsi_d_${n}_${fastK}_${fastD}`],
  talib: "STOCHRSI",
  inputs: close,
  options: { optInTimePeriod: n, optInFastK_Period: fastK, optInFastD_Period: fastD, optInFastD_MAType: 0 },
  outputs: ["outFastK", "outFastD"],
});

const aroon = (n: number): TalibCase => ({
  columns: [`aroon_down_${n}`, `aroon_up_${n}`],
  talib: "AROON",
  inputs: hl,
  options: period(n),
  outputs: ["outAroonDown", "outAroonUp"],
});

export const MOMENTUM_CASES: TalibCase[] = [
  real(["wma_20"], "WMA", close, 20),
  real(["wma_volume_9"], "WMA", volume, 9),
  real(["dema_20"], "DEMA", close, 20),
  real(["dema_5"], "DEMA", close, 5),
  real(["tema_20"], "TEMA", close, 20),
  real(["tema_9"], "TEMA", close, 9),
  stoch(14, 3, 3),
  stoch(5, 1, 4),
  stochRsi(14, 5, 3),
  stochRsi(14, 14, 3),
  real(["willr_14"], "WILLR", hlc, 14),
  real(["willr_5"], "WILLR", hlc, 5),
  real(["cci_20"], "CCI", hlc, 20),
  real(["cci_7"], "CCI", hlc, 7),
  real(["roc_10"], "ROC", close, 10),
  real(["roc_volume_3"], "ROC", volume, 3),
  real(["ret_21"], "ROC", close, 21),
  real(["ret_63"], "ROC", close, 63),
  real(["ret_126"], "ROC", close, 126),
  real(["ret_252"], "ROC", close, 252),
  real(["mfi_14"], "MFI", hlcv, 14),
  real(["mfi_5"], "MFI", hlcv, 5),
  aroon(25),
  aroon(14),
  real(["aroon_osc_25"], "AROONOSC", hl, 25),
  real(["aroon_osc_10"], "AROONOSC", hl, 10),
];
