// Indicator catalog: volume and relative indicators (see docs/indicators.md).

import type { IndicatorSpec } from "./catalog-types.ts";

export const VOLUME_RELATIVE_INDICATORS: readonly IndicatorSpec[] = [];
