// Comparing our series to a reference, the way the issue defines parity: the same
// warm-up (NaN exactly where the reference has none) and every value within 1e-9
// relative, or 1e-9 absolute near zero.

import { PlanRunner } from "../../engine/indicators/plan-runner.ts";
import { planIndicators } from "../../engine/indicators/plan.ts";
import type { IndicatorRequest } from "../../engine/indicators/registry.ts";
import type { RealSeries } from "../support/real-series.ts";

export const TOLERANCE = 1e-9;

export interface Mismatch {
  readonly index: number;
  readonly ours: number;
  readonly reference: number;
}

export function firstMismatch(
  ours: ArrayLike<number>,
  reference: ArrayLike<number>,
  tolerance = TOLERANCE,
): Mismatch | null {
  if (ours.length !== reference.length) return { index: -1, ours: ours.length, reference: reference.length };
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i] as number;
    const b = reference[i] as number;
    if (Number.isNaN(b) || Number.isNaN(a)) {
      if (Number.isNaN(a) !== Number.isNaN(b)) return { index: i, ours: a, reference: b };
      continue;
    }
    if (Math.abs(a - b) > tolerance * Math.max(1, Math.abs(b))) return { index: i, ours: a, reference: b };
  }
  return null;
}

/** Runs the request over one series with our batch engine and returns each column. */
export function computeSeries(
  series: Pick<RealSeries, "open" | "high" | "low" | "close" | "volume"> & { bench?: Float64Array },
  requests: (IndicatorRequest | string)[],
): Float64Array[] {
  const plan = planIndicators(requests);
  const n = series.close.length;
  const runner = new PlanRunner(plan, n);
  runner.input("open").set(series.open);
  runner.input("high").set(series.high);
  runner.input("low").set(series.low);
  runner.input("close").set(series.close);
  runner.input("volume").set(series.volume);
  if (series.bench) runner.input("bench").set(series.bench);
  const state = new Float64Array(plan.stateSize);
  runner.batch(state, 0, n);
  return plan.columns.map((_, i) => runner.column(i).slice(0, n));
}

/** Inserts NaN bars (missing days) at the given positions: what the engine sees for a symbol with gaps. */
export function withGaps<T extends Record<string, Float64Array>>(
  series: T,
  every: number,
): { gapped: T; present: number[] } {
  const n = (Object.values(series)[0] as Float64Array).length;
  const present: number[] = [];
  const out: Record<string, Float64Array> = {};
  const total = n + Math.floor(n / every);
  for (const key of Object.keys(series)) out[key] = new Float64Array(total).fill(Number.NaN);
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % every === 0) j++; // leave a NaN bar
    for (const key of Object.keys(series)) (out[key] as Float64Array)[j] = (series[key] as Float64Array)[i] as number;
    present.push(j);
    j++;
  }
  for (const key of Object.keys(series)) out[key] = (out[key] as Float64Array).subarray(0, j);
  return { gapped: out as T, present };
}
