// TA-Lib parity cases for catalog-volume-relative.ts (see talib-cases.ts for the shape).

import type { TalibCase } from "./talib-cases.ts";

export const VOLUME_RELATIVE_CASES: TalibCase[] = [];
