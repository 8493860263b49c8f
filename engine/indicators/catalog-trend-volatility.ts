// Indicator catalog: trend and volatility indicators (see docs/indicators.md).

import type { IndicatorSpec } from "./catalog-types.ts";

export const TREND_VOLATILITY_INDICATORS: readonly IndicatorSpec[] = [];
