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
  // Group members (one group for rank/percentile; one per sector for sector_rank).
  const members = new Map<string, { k: number; i: number; x: number }[]>();
  values.forEach((v, k) => {
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as number;
      if (x !== x) continue;
      const g = op === "sector_rank" ? (groups?.[k]?.[i] ?? "") : "";
      if (op === "sector_rank" && g === "") continue;
      let list = members.get(g);
      if (!list) members.set(g, (list = []));
      list.push({ k, i, x });
    }
  });
  for (const list of members.values()) {
    list.sort((a, b) => b.x - a.x); // largest first
    const n = list.length;
    let j = 0;
    while (j < n) {
      // A run of equal values shares a rank (the best: "1, 2, 2, 4") and a percentile (its midpoint).
      let e = j;
      while (e + 1 < n && (list[e + 1] as { x: number }).x === (list[j] as { x: number }).x) e++;
      const rank = j + 1;
      const below = n - 1 - e;
      const equalOthers = e - j;
      const pct = n === 1 ? 50 : (100 * (below + equalOthers / 2)) / (n - 1);
      for (let m = j; m <= e; m++) {
        const { k, i } = list[m] as { k: number; i: number };
        (out[k] as Float64Array)[i] = op === "percentile" ? pct : rank;
      }
      j = e + 1;
    }
  }
  return out;
}
