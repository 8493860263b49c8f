// Indicator catalog: momentum indicators (see docs/indicators.md).

import type { IndicatorSpec } from "./catalog-types.ts";

export const MOMENTUM_INDICATORS: readonly IndicatorSpec[] = [];
