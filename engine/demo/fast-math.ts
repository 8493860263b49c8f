// Cheap exponentials for the per-bar hot loop. Math.exp is a call into the runtime that
// costs more than everything else a bar needs; these stay inline in compiled code and are
// accurate well beyond the cent a price is rounded to.

const LOG2E = Math.LOG2E;
const LN2 = Math.LN2;
/** 2^k for k in [-POW2_OFFSET, POW2_OFFSET]. */
const POW2_OFFSET = 64;
const POW2 = Float64Array.from({ length: 2 * POW2_OFFSET + 1 }, (_, i) => 2 ** (i - POW2_OFFSET));

/**
 * exp(x) with a relative error below 1e-8: x = k ln2 + r with |r| <= ln2/2, 2^k from a
 * table and e^r from its degree-7 Taylor polynomial. Falls back to Math.exp far from 0.
 */
export function expFast(x: number): number {
  const k = Math.floor(x * LOG2E + 0.5);
  if (k < -POW2_OFFSET || k > POW2_OFFSET) return Math.exp(x);
  const r = x - k * LN2;
  const p = 1 + r * (1 + r * (1 / 2 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r * (1 / 5040)))))));
  return p * (POW2[k + POW2_OFFSET] as number);
}

/**
 * exp(x) for |x| <= 0.5 by its cubic Taylor polynomial: increasing and positive there,
 * which is all a wick needs.
 */
export function expSmall(x: number): number {
  return 1 + x * (1 + x * (0.5 + x * (1 / 6)));
}
