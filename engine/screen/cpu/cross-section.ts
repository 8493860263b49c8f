// Cross-sectional functions over every symbol evaluated on the day (all shards): the
// universe for rank, percentile, zscore and sector_rank is every symbol with a bar that day
// and a value for the argument — not only those that pass the filter, so a condition such
// as `percentile(roc(126)) > 90` means "top decile of the market". Inputs and outputs are
// per shard, so a distributed coordinator can run exactly this over shards' raw values.

import type { CrossOp } from "../typed.ts";

/** `values[k][i]`: symbol i of shard k (NaN = no value); `groups` the same shape (sector_rank). */
export function crossSection(
  op: CrossOp,
  values: readonly Float64Array[],
  groups?: readonly (readonly string[])[],
): Float64Array[] {
  const out = values.map((v) => new Float64Array(v.length).fill(Number.NaN));
  if (op === "zscore") {
    let n = 0;
    let sum = 0;
    for (const v of values)
      for (const x of v)
        if (x === x) {
          n++;
          sum += x;
        }
    if (n === 0) return out;
    const mean = sum / n;
    let ss = 0;
    for (const v of values) for (const x of v) if (x === x) ss += (x - mean) * (x - mean);
    const sd = Math.sqrt(ss / n);
    values.forEach((v, k) => {
      const o = out[k] as Float64Array;
      for (let i = 0; i < v.length; i++) {
        const x = v[i] as number;
        if (x === x) o[i] = sd > 0 ? (x - mean) / sd : 0;
      }
    });
    return out;
  }
  // Group members (one group for rank/percentile; one per sector for sector_rank): each
  // group's values sorted once; a symbol's rank and percentile come from two binary searches
  // (values above it, values equal to it), with no per-symbol objects.
  const groupOf = (k: number, i: number): string => (op === "sector_rank" ? (groups?.[k]?.[i] ?? "") : "");
  const collected = new Map<string, number[]>();
  values.forEach((v, k) => {
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as number;
      if (x !== x) continue;
      const g = groupOf(k, i);
      if (op === "sector_rank" && g === "") continue;
      let list = collected.get(g);
      if (!list) collected.set(g, (list = []));
      list.push(x);
    }
  });
  const sorted = new Map<string, Float64Array>();
  for (const [g, list] of collected) sorted.set(g, Float64Array.from(list).sort());
  values.forEach((v, k) => {
    const o = out[k] as Float64Array;
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as number;
      if (x !== x) continue;
      const all = sorted.get(groupOf(k, i));
      if (!all) continue;
      const n = all.length;
      const lo = lowerBound(all, x);
      const hi = upperBound(all, x);
      if (op === "percentile") {
        // Others below, plus half of the others equal: ties share their midpoint.
        o[i] = n === 1 ? 50 : (100 * (lo + (hi - lo - 1) / 2)) / (n - 1);
      } else {
        // Ties share the best rank ("1, 2, 2, 4"): 1 + the number of values above.
        o[i] = 1 + (n - hi);
      }
    }
  });
  return out;
}

/** First index whose value is >= x. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > x. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
