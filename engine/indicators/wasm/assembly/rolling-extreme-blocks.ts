// The batch path of the rolling max/min (kernels.ts rollingExtreme) for long runs of bars:
// van Herk / Gil-Werman blocks instead of TA-Lib's rescan. Bars (valid ones, counted as the
// kernel counts them) fall in blocks of `n` aligned with the ring: valid bar c sits in ring
// slot c % n. The window ending at bar c is the current block's prefix up to c (P) plus the
// previous block's suffix from slot c % n + 1 (S), and the previous block is exactly what
// the ring holds when a block starts. So: one suffix scan of the ring per block, one prefix
// update per bar — O(1) per bar whatever the window and the trend, where the rescan costs
// O(n) each time the extreme leaves the window (every bar of a decline, for a 52-week
// high: 252 compares a bar). Every step is branch-free (branchless.ts).
//
// The outputs and the state it leaves are exactly the rescan's: the extreme is exact, and
// ties go to the latest bar (P wins ties with S, P takes ties with itself, S keeps the
// later slot on ties while scanning right to left).

import { pmax, pmin } from "./branchless";
import { scratch, scratchEntries } from "./scratch";

@inline function at(base: usize, t: i32): usize {
  return base + (<usize>t << 3);
}

/** Whether the block path can run a window of `n` over `bars` bars in this instance's scratch. */
@inline export function extremeBlocksFit(n: i32, bars: i32): bool {
  return scratch != 0 && n < scratchEntries && bars >= n << 1;
}

/**
 * Suffix extremes of ring slots [from, n) into the scratch (values, then i32 positions):
 * S[k] = extreme of slots k..n-1, at the latest slot among ties; slot k is valid bar first + k.
 */
@inline function suffixes(ring: usize, n: i32, from: i32, first: i32, isMax: bool, track: bool): void {
  const values = scratch;
  const positions = scratch + (<usize>scratchEntries << 3);
  let best = load<f64>(at(ring, n - 1));
  let where = first + n - 1;
  store<f64>(at(values, n - 1), best);
  if (track) store<i32>(positions + (<usize>(n - 1) << 2), where);
  for (let k = n - 2; k >= from; k--) {
    const y = load<f64>(at(ring, k));
    if (track) where = select<i32>(first + k, where, isMax ? y > best : y < best);
    best = isMax ? pmax(best, y) : pmin(best, y);
    store<f64>(at(values, k), best);
    if (track) store<i32>(positions + (<usize>k << 2), where);
  }
}

/**
 * Runs bars [t, to) from a state past its warm-up (`count` >= n - 1 valid bars seen, ring
 * filled accordingly) and stores [count, extreme, position] back, as the rescan would.
 * Without `track` (nothing reads "bars since"), the positions are left out of the loop and
 * found once at the end; the "since" output is not written.
 */
@inline export function extremeBlocks(
  state: usize,
  x: usize,
  outValue: usize,
  outSince: usize,
  n: i32,
  count: i32,
  t: i32,
  to: i32,
  isMax: bool,
  track: bool,
): void {
  const ring = state + 24;
  const values = scratch;
  const positions = scratch + (<usize>scratchEntries << 3);
  const none: f64 = isMax ? -Infinity : Infinity;
  // S[n] = nothing, for the last slot of a block (its window is the block itself).
  store<f64>(at(values, n), none);
  store<i32>(positions + (<usize>n << 2), 0);
  // Starting mid-block: S over the previous block's slots still in the ring, P over this one's.
  let j = count % n;
  const blockStart = count - j;
  if (j > 0) suffixes(ring, n, j, blockStart - n, isMax, track);
  let best: f64 = none;
  let where: i32 = 0;
  for (let k = 0; k < j; k++) {
    const y = load<f64>(at(ring, k));
    if (track) where = select<i32>(blockStart + k, where, isMax ? y >= best : y <= best);
    best = isMax ? pmax(y, best) : pmin(y, best);
  }
  let extreme = load<f64>(state, 8);
  let position = <i32>load<f64>(state, 16);
  const started = count;
  for (; t < to; t++) {
    const v = load<f64>(at(x, t));
    if (v != v) {
      store<f64>(at(outValue, t), NaN);
      store<f64>(at(outSince, t), NaN);
      continue;
    }
    if (j == 0) {
      suffixes(ring, n, 0, count - n, isMax, track);
      best = none;
    }
    store<f64>(at(ring, j), v);
    if (track) where = select<i32>(count, where, isMax ? v >= best : v <= best);
    best = isMax ? pmax(v, best) : pmin(v, best);
    const s = load<f64>(at(values, j + 1));
    extreme = isMax ? pmax(best, s) : pmin(best, s);
    store<f64>(at(outValue, t), extreme);
    if (track) {
      const fromSuffix = isMax ? s > best : s < best;
      position = select<i32>(load<i32>(positions + (<usize>(j + 1) << 2)), where, fromSuffix);
      store<f64>(at(outSince, t), <f64>(count - position));
    }
    count++;
    j = j + 1 == n ? 0 : j + 1;
  }
  if (!track && count != started) {
    // The state still needs where the extreme is (the daily update's rescan reads it): the
    // latest bar of the window holding it, as tracking would have found (ties to the latest).
    position = count - 1;
    for (let back = 0; back < n; back++) {
      const c = count - 1 - back;
      if (load<f64>(at(ring, c % n)) == extreme) {
        position = c;
        break;
      }
    }
  }
  store<f64>(state, <f64>count);
  store<f64>(state, extreme, 8);
  store<f64>(state, <f64>position, 16);
}
