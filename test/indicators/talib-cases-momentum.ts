// TA-Lib parity cases for catalog-momentum.ts (see talib-cases.ts for the shape).

import type { TalibCase } from "./talib-cases.ts";

export const MOMENTUM_CASES: TalibCase[] = [];
