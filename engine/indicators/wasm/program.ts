// The kernels and fused groups `runProgram` (assembly/program.ts) can run, by the index its
// switch gives each: a program step names a kernel by its position here. The order must be
// the switch's (test/indicators/wasm-kernels.test.ts runs every one through a program).

export const PROGRAM_KERNELS: readonly string[] = [
  "sma",
  "ema",
  "wilder",
  "rsi",
  "binary",
  "macd",
  "mask",
  "bands",
  "rangePosition",
  "trueRange",
  "dmSums",
  "dmIndex",
  "stddev",
  "rollingExtreme",
  "cci",
  "mfi",
  "obv",
  "ad",
  "cmf",
  "vwap",
  "rvol",
  "gap",
  "roc",
  "pairReturns",
  "percentDistance",
  "midpoint",
  "scale",
  "wma",
  "demaCombine",
  "temaCombine",
  "sampleStddev",
  "beta",
  "correl",
  "supertrend",
  "maxDrawdown",
  "sar",
  "aroon",
  "bollingerShape",
  "logReturn",
  "logTrend",
];

export const PROGRAM_GROUPS: readonly string[] = [
  "macdFused",
  "stochFused",
  "bollingerFused",
  "atrFused",
  "extremePairFused",
  "emaChainFused",
];

/** A program step's kind for a group: this plus its index in PROGRAM_GROUPS. */
export const PROGRAM_GROUP_KIND = 1000;

/** Bytes of one program step. */
export const PROGRAM_STEP_BYTES = 48;
