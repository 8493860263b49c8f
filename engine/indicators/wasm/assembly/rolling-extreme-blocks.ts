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

/**
 * Whether the block path can run a window of `n` over `bars` bars in this instance's scratch
 * and pays for its suffix scans (O(n) to start, then O(1) a bar): from a quarter window on.
 * (It asked for two windows: a 52-week high over three years then took the rescan for every
 * symbol with less than the full history, ~60 ms of a full-catalog batch on real data.)
 */
@inline export function extremeBlocksFit(n: i32, bars: i32): bool {
  return scratch != 0 && n < scratchEntries && bars >= (n >> 2) + 8;
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

/** The position the state records for `extreme` when positions were not tracked (see extremeBlocks). */
@inline function latestPosition(ring: usize, n: i32, count: i32, extreme: f64): i32 {
  for (let back = 0; back < n; back++) {
    const c = count - 1 - back;
    if (load<f64>(at(ring, c % n)) == extreme) return c;
  }
  return count - 1;
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
    position = latestPosition(ring, n, count, extreme);
  }
  store<f64>(state, <f64>count);
  store<f64>(state, extreme, 8);
  store<f64>(state, <f64>position, 16);
}

/**
 * A rolling max and a rolling min over the same window (a channel's two sides) in one loop:
 * extremeBlocks' steps for both at once in the two lanes of a vector, the min as the max of
 * negated values (-max(-a, -b) is min(a, b) to the bit, NaN and ±0 included: f64x2.pmax is
 * `x < y ? y : x`, and negating both sides keeps which one the ternary picks; the position
 * rules turn the same way: a min's `y <= best` is the negated `-y >= -best`). One max a bar
 * and one a suffix slot serve both sides. With `track`, positions (as f64 lanes) and "bars
 * since" too (Aroon). Both states must hold `count` valid bars. Stops at the first bar
 * where one input is missing and the other is not (their blocks would part) and returns
 * it; the states are then complete, as extremeBlocks leaves them, and the caller runs each
 * side alone.
 */
@inline export function extremePairBlocks(
  maxState: usize,
  minState: usize,
  xMax: usize,
  xMin: usize,
  outMax: usize,
  outMin: usize,
  sinceMax: usize,
  sinceMin: usize,
  n: i32,
  count: i32,
  t: i32,
  to: i32,
  track: bool,
): i32 {
  const maxRing = maxState + 24;
  const minRing = minState + 24;
  // Suffixes S[k] of the previous block as [max, -min] pairs, 16 bytes an entry; then, when
  // tracking, where each is (bar counts as f64 pairs).
  const suffix = scratch;
  const suffixAt = scratch + (<usize>(n + 1) << 4);
  const none = f64x2.splat(-Infinity);
  v128.store(suffix + (<usize>n << 4), none);
  if (track) v128.store(suffixAt + (<usize>n << 4), f64x2.splat(0));
  let j = count % n;
  const blockStart = count - j;
  if (j > 0) pairSuffixes(maxRing, minRing, suffix, suffixAt, n, j, blockStart - n, track);
  let best = none;
  let where = f64x2.splat(0);
  for (let k = 0; k < j; k++) {
    const y = pair(maxRing, minRing, k);
    if (track) where = v128.bitselect(f64x2.splat(<f64>(blockStart + k)), where, f64x2.ge(y, best));
    best = f64x2.pmax(y, best);
  }
  let extreme = f64x2.replace_lane(f64x2.splat(load<f64>(maxState, 8)), 1, -load<f64>(minState, 8));
  let position = f64x2.replace_lane(f64x2.splat(load<f64>(maxState, 16)), 1, load<f64>(minState, 16));
  const started = count;
  for (; t < to; t++) {
    const a = load<f64>(at(xMax, t));
    const b = load<f64>(at(xMin, t));
    if (isNaN(a + b)) {
      if (a == a || b == b) break;
      store<f64>(at(outMax, t), NaN);
      store<f64>(at(sinceMax, t), NaN);
      store<f64>(at(outMin, t), NaN);
      store<f64>(at(sinceMin, t), NaN);
      continue;
    }
    if (j == 0) {
      pairSuffixes(maxRing, minRing, suffix, suffixAt, n, 0, count - n, track);
      best = none;
    }
    store<f64>(at(maxRing, j), a);
    store<f64>(at(minRing, j), b);
    const x = f64x2.replace_lane(f64x2.splat(a), 1, -b);
    if (track) where = v128.bitselect(f64x2.splat(<f64>count), where, f64x2.ge(x, best));
    best = f64x2.pmax(x, best);
    const s = v128.load(suffix + (<usize>(j + 1) << 4));
    extreme = f64x2.pmax(best, s);
    store<f64>(at(outMax, t), f64x2.extract_lane(extreme, 0));
    store<f64>(at(outMin, t), -f64x2.extract_lane(extreme, 1));
    if (track) {
      position = v128.bitselect(v128.load(suffixAt + (<usize>(j + 1) << 4)), where, f64x2.gt(s, best));
      const since = f64x2.sub(f64x2.splat(<f64>count), position);
      store<f64>(at(sinceMax, t), f64x2.extract_lane(since, 0));
      store<f64>(at(sinceMin, t), f64x2.extract_lane(since, 1));
    }
    count++;
    j = j + 1 == n ? 0 : j + 1;
  }
  if (count != started) {
    const highest = f64x2.extract_lane(extreme, 0);
    const lowest = -f64x2.extract_lane(extreme, 1);
    store<f64>(maxState, <f64>count);
    store<f64>(maxState, highest, 8);
    store<f64>(minState, <f64>count);
    store<f64>(minState, lowest, 8);
    if (track) {
      store<f64>(maxState, f64x2.extract_lane(position, 0), 16);
      store<f64>(minState, f64x2.extract_lane(position, 1), 16);
    } else {
      store<f64>(maxState, <f64>latestPosition(maxRing, n, count, highest), 16);
      store<f64>(minState, <f64>latestPosition(minRing, n, count, lowest), 16);
    }
  }
  return t;
}

/** Whether a tracking pair's suffixes and their positions fit this instance's scratch. */
@inline export function extremePairTrackFits(n: i32): bool {
  return (n + 1) << 1 <= scratchEntries;
}

/** Ring slot `k` of both sides as [max side, -min side]. */
@inline function pair(maxRing: usize, minRing: usize, k: i32): v128 {
  return f64x2.replace_lane(f64x2.splat(load<f64>(at(maxRing, k))), 1, -load<f64>(at(minRing, k)));
}

/**
 * Suffix [max, -min] of ring slots [from, n), as suffixes() computes each side; with
 * `track`, at the latest slot among ties (slot k is valid bar first + k).
 */
@inline function pairSuffixes(
  maxRing: usize,
  minRing: usize,
  suffix: usize,
  suffixAt: usize,
  n: i32,
  from: i32,
  first: i32,
  track: bool,
): void {
  let s = pair(maxRing, minRing, n - 1);
  let w = f64x2.splat(<f64>(first + n - 1));
  v128.store(suffix + (<usize>(n - 1) << 4), s);
  if (track) v128.store(suffixAt + (<usize>(n - 1) << 4), w);
  for (let k = n - 2; k >= from; k--) {
    const y = pair(maxRing, minRing, k);
    if (track) w = v128.bitselect(f64x2.splat(<f64>(first + k)), w, f64x2.gt(y, s));
    s = f64x2.pmax(s, y);
    v128.store(suffix + (<usize>k << 4), s);
    if (track) v128.store(suffixAt + (<usize>k << 4), w);
  }
}
