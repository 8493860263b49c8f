// TA-Lib parity cases for catalog-trend-volatility.ts (see talib-cases.ts for the shape).

import type { TalibCase } from "./talib-cases.ts";

export const TREND_VOLATILITY_CASES: TalibCase[] = [];
