// Every indicator catalog, in the order they appear in docs and autocomplete.

import type { IndicatorSpec } from "./catalog-types.ts";
import { CORE_INDICATORS } from "./catalog-core.ts";
import { MOMENTUM_INDICATORS } from "./catalog-momentum.ts";
import { TREND_VOLATILITY_INDICATORS } from "./catalog-trend-volatility.ts";
import { VOLUME_RELATIVE_INDICATORS } from "./catalog-volume-relative.ts";

export const ALL_INDICATORS: readonly IndicatorSpec[] = [
  ...CORE_INDICATORS,
  ...MOMENTUM_INDICATORS,
  ...TREND_VOLATILITY_INDICATORS,
  ...VOLUME_RELATIVE_INDICATORS,
];
