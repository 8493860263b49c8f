// Fused batch loops: several kernels of one indicator in a single pass over the bars, for
// chains where each kernel alone is a loop bound by one dependency chain. The runner
// (engine/indicators/fusion.ts) finds the pattern in a plan and calls the fused loop in
// place of its members; every member keeps its own state slice and output series and ends
// with exactly the values it would have alone (test/indicators/wasm-kernels.test.ts).
//
// Group table (built by the runner): for member m at `group + m * 24`: p0 f64, p1 f64,
// state address u32, io table address u32 — the member's own call, as the runner would make it.

import { ema, binary, macd, sma, stddev, bands, rangePosition, mask, trueRange, wilder, rollingExtreme } from "./kernels";
import { pmax } from "./branchless";
import { extremeBlocksFit, extremePairBlocks, extremePairTrackFits } from "./rolling-extreme-blocks";

const TA_EPSILON: f64 = 1e-14;

const MEMBER: usize = 24;

@inline function p0(group: usize, m: i32): f64 {
  return load<f64>(group + <usize>m * MEMBER);
}

@inline function p1(group: usize, m: i32): f64 {
  return load<f64>(group + <usize>m * MEMBER, 8);
}

@inline function stateOf(group: usize, m: i32): usize {
  return <usize>load<u32>(group + <usize>m * MEMBER, 16);
}

@inline function ioOf(group: usize, m: i32): usize {
  return <usize>load<u32>(group + <usize>m * MEMBER, 20);
}

@inline function series(io: usize, i: i32): usize {
  return <usize>load<u32>(io + (<usize>i << 2));
}

@inline function at(base: usize, t: i32): usize {
  return base + (<usize>t << 3);
}

/** An EMA kernel's state [ema, count, sum] past its seed (ema.ts: count >= skip + period). */
@inline function emaSeeded(state: usize, period: f64, skip: f64): bool {
  return <i32>load<f64>(state, 8) >= <i32>skip + <i32>period;
}

/**
 * MACD: members [slow EMA, fast EMA, sub (fast - slow), signal EMA of the line, MACD
 * outputs]. Until the three EMAs are seeded the members run one after another, 16 bars at
 * a time; then one loop advances all three recurrences, whose chains overlap instead of
 * running back to back (TA-Lib's and Tulip's MACD are one loop too).
 */
export function macdFused(group: usize, from: i32, to: i32): void {
  const slowState = stateOf(group, 0);
  const fastState = stateOf(group, 1);
  const signalState = stateOf(group, 3);
  const slowPeriod = p0(group, 0);
  const fastPeriod = p0(group, 1);
  const signalPeriod = p0(group, 3);
  let t = macdSeed(group, from, to);
  if (t >= to) return;
  const x = series(ioOf(group, 0), 0);
  const outSlow = series(ioOf(group, 0), 1);
  const outFast = series(ioOf(group, 1), 1);
  const outLine = series(ioOf(group, 2), 2);
  const outSignalEma = series(ioOf(group, 3), 1);
  const outMacd = series(ioOf(group, 4), 2);
  const outSignal = series(ioOf(group, 4), 3);
  const outHist = series(ioOf(group, 4), 4);
  // The constants as ema() computes them.
  const kSlow: f64 = 2 / (slowPeriod + 1);
  const keepSlow: f64 = 1 - kSlow;
  const kFast: f64 = 2 / (fastPeriod + 1);
  const keepFast: f64 = 1 - kFast;
  const kSignal: f64 = 2 / (signalPeriod + 1);
  const keepSignal: f64 = 1 - kSignal;
  let slow = load<f64>(slowState);
  let fast = load<f64>(fastState);
  let signal = load<f64>(signalState);
  for (; t < to; t++) {
    const v = load<f64>(at(x, t));
    if (v != v) {
      store<f64>(at(outSlow, t), NaN);
      store<f64>(at(outFast, t), NaN);
      store<f64>(at(outLine, t), NaN);
      store<f64>(at(outSignalEma, t), NaN);
      store<f64>(at(outMacd, t), NaN);
      store<f64>(at(outSignal, t), NaN);
      store<f64>(at(outHist, t), NaN);
      continue;
    }
    slow = slow * keepSlow + v * kSlow;
    fast = fast * keepFast + v * kFast;
    const line = fast - slow;
    store<f64>(at(outSlow, t), slow);
    store<f64>(at(outFast, t), fast);
    store<f64>(at(outLine, t), line);
    if (line != line) {
      // An infinite price: the signal EMA skips the bar, as it skips any missing value.
      store<f64>(at(outSignalEma, t), NaN);
      store<f64>(at(outMacd, t), NaN);
      store<f64>(at(outSignal, t), NaN);
      store<f64>(at(outHist, t), NaN);
      continue;
    }
    signal = signal * keepSignal + line * kSignal;
    store<f64>(at(outSignalEma, t), signal);
    store<f64>(at(outMacd, t), line);
    store<f64>(at(outSignal, t), signal);
    store<f64>(at(outHist, t), line - signal);
  }
  store<f64>(slowState, slow);
  store<f64>(fastState, fast);
  store<f64>(signalState, signal);
}

/** Runs the members one after another, 16 bars at a time, until the three EMAs are seeded; returns the bar reached. */
@inline function macdSeed(group: usize, from: i32, to: i32): i32 {
  const slowState = stateOf(group, 0);
  const fastState = stateOf(group, 1);
  const signalState = stateOf(group, 3);
  const slowPeriod = p0(group, 0);
  const fastPeriod = p0(group, 1);
  const signalPeriod = p0(group, 3);
  let t = from;
  while (
    t < to &&
    !(
      emaSeeded(slowState, slowPeriod, p1(group, 0)) &&
      emaSeeded(fastState, fastPeriod, p1(group, 1)) &&
      emaSeeded(signalState, signalPeriod, p1(group, 3))
    )
  ) {
    const end = min(to, t + 16);
    ema(slowState, ioOf(group, 0), t, end, slowPeriod, p1(group, 0));
    ema(fastState, ioOf(group, 1), t, end, fastPeriod, p1(group, 1));
    binary(0, ioOf(group, 2), t, end, p0(group, 2), p1(group, 2));
    ema(signalState, ioOf(group, 3), t, end, signalPeriod, p1(group, 3));
    macd(0, ioOf(group, 4), t, end, p0(group, 4), p1(group, 4));
    t = end;
  }
  return t;
}

/**
 * `macdFused` for two symbols (groups `a` and `b`, bars [0, toA) and [0, toB)), one symbol
 * a lane of each vector once both are seeded: the three recurrences of both symbols in
 * three vector chains. A missing bar is its lane's own step; a line that comes out NaN
 * from prices that are there (infinities) ends the pairing.
 */
export function macdFusedPair(a: usize, b: usize, toA: i32, toB: i32): void {
  let ta = macdSeed(a, 0, toA);
  let tb = macdSeed(b, 0, toB);
  const slowStateA = stateOf(a, 0);
  const fastStateA = stateOf(a, 1);
  const signalStateA = stateOf(a, 3);
  const slowStateB = stateOf(b, 0);
  const fastStateB = stateOf(b, 1);
  const signalStateB = stateOf(b, 3);
  // The constants as ema() computes them.
  const kSlow: f64 = 2 / (p0(a, 0) + 1);
  const kFast: f64 = 2 / (p0(a, 1) + 1);
  const kSignal: f64 = 2 / (p0(a, 3) + 1);
  const kSlows = f64x2.splat(kSlow);
  const keepSlow = f64x2.splat(1 - kSlow);
  const kFasts = f64x2.splat(kFast);
  const keepFast = f64x2.splat(1 - kFast);
  const kSignals = f64x2.splat(kSignal);
  const keepSignal = f64x2.splat(1 - kSignal);
  const xA = series(ioOf(a, 0), 0);
  const slowA = series(ioOf(a, 0), 1);
  const fastA = series(ioOf(a, 1), 1);
  const lineA = series(ioOf(a, 2), 2);
  const signalEmaA = series(ioOf(a, 3), 1);
  const macdA = series(ioOf(a, 4), 2);
  const signalA = series(ioOf(a, 4), 3);
  const histA = series(ioOf(a, 4), 4);
  const xB = series(ioOf(b, 0), 0);
  const slowB = series(ioOf(b, 0), 1);
  const fastB = series(ioOf(b, 1), 1);
  const lineB = series(ioOf(b, 2), 2);
  const signalEmaB = series(ioOf(b, 3), 1);
  const macdB = series(ioOf(b, 4), 2);
  const signalB = series(ioOf(b, 4), 3);
  const histB = series(ioOf(b, 4), 4);
  let slow = lanes(load<f64>(slowStateA), load<f64>(slowStateB));
  let fast = lanes(load<f64>(fastStateA), load<f64>(fastStateB));
  let signal = lanes(load<f64>(signalStateA), load<f64>(signalStateB));
  while (ta < toA && tb < toB) {
    const va = load<f64>(at(xA, ta));
    const vb = load<f64>(at(xB, tb));
    if (isNaN(va + vb)) {
      const missA = va != va;
      const missB = vb != vb;
      if (!(missA || missB)) break; // infinities, no bar missing: the single loops go on
      if (missA) {
        store<f64>(at(slowA, ta), NaN);
        store<f64>(at(fastA, ta), NaN);
        store<f64>(at(lineA, ta), NaN);
        store<f64>(at(signalEmaA, ta), NaN);
        store<f64>(at(macdA, ta), NaN);
        store<f64>(at(signalA, ta), NaN);
        store<f64>(at(histA, ta++), NaN);
      }
      if (missB) {
        store<f64>(at(slowB, tb), NaN);
        store<f64>(at(fastB, tb), NaN);
        store<f64>(at(lineB, tb), NaN);
        store<f64>(at(signalEmaB, tb), NaN);
        store<f64>(at(macdB, tb), NaN);
        store<f64>(at(signalB, tb), NaN);
        store<f64>(at(histB, tb++), NaN);
      }
      continue;
    }
    const v = lanes(va, vb);
    const nextSlow = f64x2.add(f64x2.mul(slow, keepSlow), f64x2.mul(v, kSlows));
    const nextFast = f64x2.add(f64x2.mul(fast, keepFast), f64x2.mul(v, kFasts));
    const line = f64x2.sub(nextFast, nextSlow);
    if (!v128.all_true<i64>(f64x2.eq(line, line))) break; // the single loops take this bar
    slow = nextSlow;
    fast = nextFast;
    signal = f64x2.add(f64x2.mul(signal, keepSignal), f64x2.mul(line, kSignals));
    storeEach(at(slowA, ta), at(slowB, tb), slow);
    storeEach(at(fastA, ta), at(fastB, tb), fast);
    storeEach(at(lineA, ta), at(lineB, tb), line);
    storeEach(at(signalEmaA, ta), at(signalEmaB, tb), signal);
    storeEach(at(macdA, ta), at(macdB, tb), line);
    storeEach(at(signalA, ta), at(signalB, tb), signal);
    storeEach(at(histA, ta++), at(histB, tb++), f64x2.sub(line, signal));
  }
  store<f64>(slowStateA, f64x2.extract_lane(slow, 0));
  store<f64>(slowStateB, f64x2.extract_lane(slow, 1));
  store<f64>(fastStateA, f64x2.extract_lane(fast, 0));
  store<f64>(fastStateB, f64x2.extract_lane(fast, 1));
  store<f64>(signalStateA, f64x2.extract_lane(signal, 0));
  store<f64>(signalStateB, f64x2.extract_lane(signal, 1));
  if (ta < toA) macdFused(a, ta, toA);
  if (tb < toB) macdFused(b, tb, toB);
}

/** An SMA kernel's state [sum, count, head, ring[n]] with a full window. */
@inline function smaFull(state: usize, period: f64): bool {
  return <i32>load<f64>(state, 8) == <i32>period;
}

/**
 * Slow stochastic: members [fast %K (range position of close), SMA of it (slow %K), SMA of
 * that (slow %D), slow %K masked until %D exists]. Seeding as macdFused; then one loop.
 */
export function stochFused(group: usize, from: i32, to: i32): void {
  const kState = stateOf(group, 1);
  const dState = stateOf(group, 2);
  const kPeriod = p0(group, 1);
  const dPeriod = p0(group, 2);
  let t = stochSeed(group, from, to);
  if (t >= to) return;
  const value = series(ioOf(group, 0), 0);
  const highest = series(ioOf(group, 0), 1);
  const lowest = series(ioOf(group, 0), 2);
  const outFast = series(ioOf(group, 0), 3);
  const outK = series(ioOf(group, 1), 1);
  const outD = series(ioOf(group, 2), 1);
  const outMasked = series(ioOf(group, 3), 2);
  const nK = <i32>kPeriod;
  const nD = <i32>dPeriod;
  const kRing = kState + 24;
  const dRing = dState + 24;
  let kSum = load<f64>(kState);
  let kHead = <i32>load<f64>(kState, 16);
  let dSum = load<f64>(dState);
  let dHead = <i32>load<f64>(dState, 16);
  for (; t < to; t++) {
    const v = load<f64>(at(value, t));
    const h = load<f64>(at(highest, t));
    const l = load<f64>(at(lowest, t));
    let fast: f64 = NaN;
    if (!(isNaN(v + h + l) && (v != v || h != h || l != l))) {
      const diff = (h - l) / 100.0;
      fast = diff != 0.0 ? (v - l) / diff : 0.0;
    }
    store<f64>(at(outFast, t), fast);
    if (fast != fast) {
      store<f64>(at(outK, t), NaN);
      store<f64>(at(outD, t), NaN);
      store<f64>(at(outMasked, t), NaN);
      continue;
    }
    // sma(): add, store in the ring, advance, output, drop the oldest.
    kSum += fast;
    store<f64>(at(kRing, kHead), fast);
    kHead = kHead + 1 == nK ? 0 : kHead + 1;
    const slowK = kSum / <f64>nK;
    store<f64>(at(outK, t), slowK);
    kSum -= load<f64>(at(kRing, kHead));
    if (slowK != slowK) {
      store<f64>(at(outD, t), NaN);
      store<f64>(at(outMasked, t), NaN);
      continue;
    }
    dSum += slowK;
    store<f64>(at(dRing, dHead), slowK);
    dHead = dHead + 1 == nD ? 0 : dHead + 1;
    const slowD = dSum / <f64>nD;
    store<f64>(at(outD, t), slowD);
    dSum -= load<f64>(at(dRing, dHead));
    store<f64>(at(outMasked, t), slowD == slowD ? slowK : NaN);
  }
  store<f64>(kState, kSum);
  store<f64>(kState, <f64>kHead, 16);
  store<f64>(dState, dSum);
  store<f64>(dState, <f64>dHead, 16);
}

/** Runs the members one after another, 16 bars at a time, until both SMAs are full; returns the bar reached. */
@inline function stochSeed(group: usize, from: i32, to: i32): i32 {
  const kState = stateOf(group, 1);
  const dState = stateOf(group, 2);
  const kPeriod = p0(group, 1);
  const dPeriod = p0(group, 2);
  let t = from;
  while (t < to && !(smaFull(kState, kPeriod) && smaFull(dState, dPeriod))) {
    const end = min(to, t + 16);
    rangePosition(0, ioOf(group, 0), t, end, p0(group, 0), p1(group, 0));
    sma(kState, ioOf(group, 1), t, end, kPeriod, p1(group, 1));
    sma(dState, ioOf(group, 2), t, end, dPeriod, p1(group, 2));
    mask(0, ioOf(group, 3), t, end, p0(group, 3), p1(group, 3));
    t = end;
  }
  return t;
}

/**
 * `stochFused` for two symbols (groups `a` and `b`, bars [0, toA) and [0, toB)), one symbol
 * a lane of each vector once both are seeded: the bar's four divisions are one vector
 * division each for both. Each lane does the single loop's operations; a missing bar is its
 * lane's own step, and a bar whose %K comes out NaN from values that are there (infinities)
 * ends the pairing (the single loops go on).
 */
export function stochFusedPair(a: usize, b: usize, toA: i32, toB: i32): void {
  let ta = stochSeed(a, 0, toA);
  let tb = stochSeed(b, 0, toB);
  const kStateA = stateOf(a, 1);
  const dStateA = stateOf(a, 2);
  const kStateB = stateOf(b, 1);
  const dStateB = stateOf(b, 2);
  const nK = <i32>p0(a, 1);
  const nD = <i32>p0(a, 2);
  const kPeriod = f64x2.splat(p0(a, 1));
  const dPeriod = f64x2.splat(p0(a, 2));
  const hundred = f64x2.splat(100.0);
  const zero = f64x2.splat(0.0);
  const valueA = series(ioOf(a, 0), 0);
  const highestA = series(ioOf(a, 0), 1);
  const lowestA = series(ioOf(a, 0), 2);
  const fastA = series(ioOf(a, 0), 3);
  const kA = series(ioOf(a, 1), 1);
  const dA = series(ioOf(a, 2), 1);
  const maskedA = series(ioOf(a, 3), 2);
  const valueB = series(ioOf(b, 0), 0);
  const highestB = series(ioOf(b, 0), 1);
  const lowestB = series(ioOf(b, 0), 2);
  const fastB = series(ioOf(b, 0), 3);
  const kB = series(ioOf(b, 1), 1);
  const dB = series(ioOf(b, 2), 1);
  const maskedB = series(ioOf(b, 3), 2);
  const kRingA = kStateA + 24;
  const dRingA = dStateA + 24;
  const kRingB = kStateB + 24;
  const dRingB = dStateB + 24;
  let kSum = lanes(load<f64>(kStateA), load<f64>(kStateB));
  let dSum = lanes(load<f64>(dStateA), load<f64>(dStateB));
  let kHeadA = <i32>load<f64>(kStateA, 16);
  let kHeadB = <i32>load<f64>(kStateB, 16);
  let dHeadA = <i32>load<f64>(dStateA, 16);
  let dHeadB = <i32>load<f64>(dStateB, 16);
  while (ta < toA && tb < toB) {
    const va = load<f64>(at(valueA, ta));
    const ha = load<f64>(at(highestA, ta));
    const la = load<f64>(at(lowestA, ta));
    const vb = load<f64>(at(valueB, tb));
    const hb = load<f64>(at(highestB, tb));
    const lb = load<f64>(at(lowestB, tb));
    if (isNaN(va + ha + la + vb + hb + lb)) {
      const missA = va != va || ha != ha || la != la;
      const missB = vb != vb || hb != hb || lb != lb;
      if (!(missA || missB)) break; // infinities, no bar missing: the single loops go on
      if (missA) {
        store<f64>(at(fastA, ta), NaN);
        store<f64>(at(kA, ta), NaN);
        store<f64>(at(dA, ta), NaN);
        store<f64>(at(maskedA, ta++), NaN);
      }
      if (missB) {
        store<f64>(at(fastB, tb), NaN);
        store<f64>(at(kB, tb), NaN);
        store<f64>(at(dB, tb), NaN);
        store<f64>(at(maskedB, tb++), NaN);
      }
      continue;
    }
    const l = lanes(la, lb);
    const diff = f64x2.div(f64x2.sub(lanes(ha, hb), l), hundred);
    const fast = v128.bitselect(f64x2.div(f64x2.sub(lanes(va, vb), l), diff), zero, f64x2.ne(diff, zero));
    const fa = f64x2.extract_lane(fast, 0);
    const fb = f64x2.extract_lane(fast, 1);
    if (isNaN(fa + fb)) break; // from values that are there: the single loops take this bar
    store<f64>(at(fastA, ta), fa);
    store<f64>(at(fastB, tb), fb);
    // sma(): add, store in the ring, advance, output, drop the oldest.
    kSum = f64x2.add(kSum, fast);
    store<f64>(at(kRingA, kHeadA), fa);
    store<f64>(at(kRingB, kHeadB), fb);
    kHeadA = kHeadA + 1 == nK ? 0 : kHeadA + 1;
    kHeadB = kHeadB + 1 == nK ? 0 : kHeadB + 1;
    const slowK = f64x2.div(kSum, kPeriod);
    storeEach(at(kA, ta), at(kB, tb), slowK);
    kSum = f64x2.sub(kSum, lanes(load<f64>(at(kRingA, kHeadA)), load<f64>(at(kRingB, kHeadB))));
    const ka = f64x2.extract_lane(slowK, 0);
    const kb = f64x2.extract_lane(slowK, 1);
    if (isNaN(ka + kb)) {
      // A lane whose slow %K is NaN (its sum took an infinity) skips %D, as the single loop.
      if (ka != ka) {
        store<f64>(at(dA, ta), NaN);
        store<f64>(at(maskedA, ta), NaN);
      } else {
        let sum = f64x2.extract_lane(dSum, 0) + ka;
        store<f64>(at(dRingA, dHeadA), ka);
        dHeadA = dHeadA + 1 == nD ? 0 : dHeadA + 1;
        const slowD = sum / <f64>nD;
        store<f64>(at(dA, ta), slowD);
        sum -= load<f64>(at(dRingA, dHeadA));
        dSum = f64x2.replace_lane(dSum, 0, sum);
        store<f64>(at(maskedA, ta), slowD == slowD ? ka : NaN);
      }
      if (kb != kb) {
        store<f64>(at(dB, tb), NaN);
        store<f64>(at(maskedB, tb), NaN);
      } else {
        let sum = f64x2.extract_lane(dSum, 1) + kb;
        store<f64>(at(dRingB, dHeadB), kb);
        dHeadB = dHeadB + 1 == nD ? 0 : dHeadB + 1;
        const slowD = sum / <f64>nD;
        store<f64>(at(dB, tb), slowD);
        sum -= load<f64>(at(dRingB, dHeadB));
        dSum = f64x2.replace_lane(dSum, 1, sum);
        store<f64>(at(maskedB, tb), slowD == slowD ? kb : NaN);
      }
      ta++;
      tb++;
      continue;
    }
    dSum = f64x2.add(dSum, slowK);
    store<f64>(at(dRingA, dHeadA), ka);
    store<f64>(at(dRingB, dHeadB), kb);
    dHeadA = dHeadA + 1 == nD ? 0 : dHeadA + 1;
    dHeadB = dHeadB + 1 == nD ? 0 : dHeadB + 1;
    const slowD = f64x2.div(dSum, dPeriod);
    storeEach(at(dA, ta), at(dB, tb), slowD);
    dSum = f64x2.sub(dSum, lanes(load<f64>(at(dRingA, dHeadA)), load<f64>(at(dRingB, dHeadB))));
    storeEach(at(maskedA, ta++), at(maskedB, tb++), v128.bitselect(slowK, f64x2.splat(NaN), f64x2.eq(slowD, slowD)));
  }
  store<f64>(kStateA, f64x2.extract_lane(kSum, 0));
  store<f64>(kStateB, f64x2.extract_lane(kSum, 1));
  store<f64>(kStateA, <f64>kHeadA, 16);
  store<f64>(kStateB, <f64>kHeadB, 16);
  store<f64>(dStateA, f64x2.extract_lane(dSum, 0));
  store<f64>(dStateB, f64x2.extract_lane(dSum, 1));
  store<f64>(dStateA, <f64>dHeadA, 16);
  store<f64>(dStateB, <f64>dHeadB, 16);
  if (ta < toA) stochFused(a, ta, toA);
  if (tb < toB) stochFused(b, tb, toB);
}

/**
 * Bollinger bands: members [SMA (middle), population standard deviation over the same
 * input and period, bands (middle +- k deviations)]. Seeding as macdFused; then one loop.
 */
export function bollingerFused(group: usize, from: i32, to: i32): void {
  const mState = stateOf(group, 0);
  const sState = stateOf(group, 1);
  const period = p0(group, 0);
  let t = bollingerSeed(group, from, to);
  if (t >= to) return;
  const x = series(ioOf(group, 0), 0);
  const outMiddle = series(ioOf(group, 0), 1);
  const outDeviation = series(ioOf(group, 1), 1);
  const outUpper = series(ioOf(group, 2), 2);
  const outLower = series(ioOf(group, 2), 3);
  const n = <i32>period;
  const width = p0(group, 2);
  const mRing = mState + 24;
  const sRing = sState + 32;
  let mSum = load<f64>(mState);
  let mHead = <i32>load<f64>(mState, 16);
  let sSum = load<f64>(sState);
  let sSum2 = load<f64>(sState, 8);
  let sHead = <i32>load<f64>(sState, 24);
  for (; t < to; t++) {
    const v = load<f64>(at(x, t));
    if (v != v) {
      store<f64>(at(outMiddle, t), NaN);
      store<f64>(at(outDeviation, t), NaN);
      store<f64>(at(outUpper, t), NaN);
      store<f64>(at(outLower, t), NaN);
      continue;
    }
    // sma()
    mSum += v;
    const mSumBefore = mSum;
    store<f64>(at(mRing, mHead), v);
    mHead = mHead + 1 == n ? 0 : mHead + 1;
    const m = mSum / <f64>n;
    store<f64>(at(outMiddle, t), m);
    mSum -= load<f64>(at(mRing, mHead));
    // stddev()
    sSum += v;
    sSum2 += v * v;
    store<f64>(at(sRing, sHead), v);
    sHead = sHead + 1 == n ? 0 : sHead + 1;
    // The two running sums take the same values in the same order, so the SMA's quotient is
    // this one too (a division saved; checked, so a caller's odd state cannot change a bit).
    const mean = sSum == mSumBefore ? m : sSum / <f64>n;
    let variance = sSum2 / <f64>n;
    variance -= mean * mean;
    const deviation = variance < TA_EPSILON ? 0 : sqrt<f64>(variance);
    store<f64>(at(outDeviation, t), deviation);
    const old = load<f64>(at(sRing, sHead));
    sSum -= old;
    sSum2 -= old * old;
    // bands()
    const d = deviation * width;
    store<f64>(at(outUpper, t), m + d);
    store<f64>(at(outLower, t), m - d);
  }
  store<f64>(mState, mSum);
  store<f64>(mState, <f64>mHead, 16);
  store<f64>(sState, sSum);
  store<f64>(sState, sSum2, 8);
  store<f64>(sState, <f64>sHead, 24);
}

/** Runs the members one after another, 16 bars at a time, until both windows are full; returns the bar reached. */
@inline function bollingerSeed(group: usize, from: i32, to: i32): i32 {
  const mState = stateOf(group, 0);
  const sState = stateOf(group, 1);
  const period = p0(group, 0);
  let t = from;
  while (t < to && !(smaFull(mState, period) && <i32>load<f64>(sState, 16) == <i32>p0(group, 1))) {
    const end = min(to, t + 16);
    sma(mState, ioOf(group, 0), t, end, period, p1(group, 0));
    stddev(sState, ioOf(group, 1), t, end, p0(group, 1), p1(group, 1));
    bands(0, ioOf(group, 2), t, end, p0(group, 2), p1(group, 2));
    t = end;
  }
  return t;
}

/**
 * `bollingerFused` for two symbols (groups `a` and `b`, bars [0, toA) and [0, toB)), one
 * symbol a lane of each vector once both are seeded: the bar's two divisions and square
 * root are one vector instruction each for both symbols (the divider bounds the single
 * loop). Each lane does the single loop's operations; a missing bar is its lane's own step.
 */
export function bollingerFusedPair(a: usize, b: usize, toA: i32, toB: i32): void {
  let ta = bollingerSeed(a, 0, toA);
  let tb = bollingerSeed(b, 0, toB);
  const mStateA = stateOf(a, 0);
  const sStateA = stateOf(a, 1);
  const mStateB = stateOf(b, 0);
  const sStateB = stateOf(b, 1);
  const n = <i32>p0(a, 0);
  const period = f64x2.splat(p0(a, 0));
  const width = f64x2.splat(p0(a, 2));
  const epsilon = f64x2.splat(TA_EPSILON);
  const zero = f64x2.splat(0);
  const xA = series(ioOf(a, 0), 0);
  const xB = series(ioOf(b, 0), 0);
  const middleA = series(ioOf(a, 0), 1);
  const middleB = series(ioOf(b, 0), 1);
  const deviationA = series(ioOf(a, 1), 1);
  const deviationB = series(ioOf(b, 1), 1);
  const upperA = series(ioOf(a, 2), 2);
  const upperB = series(ioOf(b, 2), 2);
  const lowerA = series(ioOf(a, 2), 3);
  const lowerB = series(ioOf(b, 2), 3);
  const mRingA = mStateA + 24;
  const mRingB = mStateB + 24;
  const sRingA = sStateA + 32;
  const sRingB = sStateB + 32;
  let mSum = lanes(load<f64>(mStateA), load<f64>(mStateB));
  let sSum = lanes(load<f64>(sStateA), load<f64>(sStateB));
  let sSum2 = lanes(load<f64>(sStateA, 8), load<f64>(sStateB, 8));
  let mHeadA = <i32>load<f64>(mStateA, 16);
  let mHeadB = <i32>load<f64>(mStateB, 16);
  let sHeadA = <i32>load<f64>(sStateA, 24);
  let sHeadB = <i32>load<f64>(sStateB, 24);
  while (ta < toA && tb < toB) {
    const va = load<f64>(at(xA, ta));
    const vb = load<f64>(at(xB, tb));
    if (isNaN(va + vb)) {
      const missA = va != va;
      const missB = vb != vb;
      if (!(missA || missB)) break; // infinities, no bar missing: the single loops go on
      if (missA) {
        store<f64>(at(middleA, ta), NaN);
        store<f64>(at(deviationA, ta), NaN);
        store<f64>(at(upperA, ta), NaN);
        store<f64>(at(lowerA, ta++), NaN);
      }
      if (missB) {
        store<f64>(at(middleB, tb), NaN);
        store<f64>(at(deviationB, tb), NaN);
        store<f64>(at(upperB, tb), NaN);
        store<f64>(at(lowerB, tb++), NaN);
      }
      continue;
    }
    const v = lanes(va, vb);
    // sma()
    mSum = f64x2.add(mSum, v);
    const mSumBefore = mSum;
    store<f64>(at(mRingA, mHeadA), va);
    store<f64>(at(mRingB, mHeadB), vb);
    mHeadA = mHeadA + 1 == n ? 0 : mHeadA + 1;
    mHeadB = mHeadB + 1 == n ? 0 : mHeadB + 1;
    const m = f64x2.div(mSum, period);
    storeEach(at(middleA, ta), at(middleB, tb), m);
    mSum = f64x2.sub(mSum, lanes(load<f64>(at(mRingA, mHeadA)), load<f64>(at(mRingB, mHeadB))));
    // stddev()
    sSum = f64x2.add(sSum, v);
    sSum2 = f64x2.add(sSum2, f64x2.mul(v, v));
    store<f64>(at(sRingA, sHeadA), va);
    store<f64>(at(sRingB, sHeadB), vb);
    sHeadA = sHeadA + 1 == n ? 0 : sHeadA + 1;
    sHeadB = sHeadB + 1 == n ? 0 : sHeadB + 1;
    // As the single loop: the SMA's quotient where the two sums are the same.
    const same = f64x2.eq(sSum, mSumBefore);
    const mean = v128.all_true<i64>(same) ? m : v128.bitselect(m, f64x2.div(sSum, period), same);
    const variance = f64x2.sub(f64x2.div(sSum2, period), f64x2.mul(mean, mean));
    const deviation = v128.bitselect(zero, f64x2.sqrt(variance), f64x2.lt(variance, epsilon));
    storeEach(at(deviationA, ta), at(deviationB, tb), deviation);
    const old = lanes(load<f64>(at(sRingA, sHeadA)), load<f64>(at(sRingB, sHeadB)));
    sSum = f64x2.sub(sSum, old);
    sSum2 = f64x2.sub(sSum2, f64x2.mul(old, old));
    // bands()
    const d = f64x2.mul(deviation, width);
    storeEach(at(upperA, ta), at(upperB, tb), f64x2.add(m, d));
    storeEach(at(lowerA, ta++), at(lowerB, tb++), f64x2.sub(m, d));
  }
  store<f64>(mStateA, f64x2.extract_lane(mSum, 0));
  store<f64>(mStateB, f64x2.extract_lane(mSum, 1));
  store<f64>(mStateA, <f64>mHeadA, 16);
  store<f64>(mStateB, <f64>mHeadB, 16);
  store<f64>(sStateA, f64x2.extract_lane(sSum, 0));
  store<f64>(sStateB, f64x2.extract_lane(sSum, 1));
  store<f64>(sStateA, f64x2.extract_lane(sSum2, 0), 8);
  store<f64>(sStateB, f64x2.extract_lane(sSum2, 1), 8);
  store<f64>(sStateA, <f64>sHeadA, 24);
  store<f64>(sStateB, <f64>sHeadB, 24);
  if (ta < toA) bollingerFused(a, ta, toA);
  if (tb < toB) bollingerFused(b, tb, toB);
}

/** Lanes [a, b]. */
@inline function lanes(a: f64, b: f64): v128 {
  return f64x2.replace_lane(f64x2.splat(a), 1, b);
}

/** Lane 0 to `a`, lane 1 to `b`. */
@inline function storeEach(a: usize, b: usize, value: v128): void {
  store<f64>(a, f64x2.extract_lane(value, 0));
  store<f64>(b, f64x2.extract_lane(value, 1));
}

/**
 * Average true range: members [true range, Wilder smoothing of it]. Seeding as macdFused
 * (the true range's first bar, Wilder's first `period` values); then one loop.
 */
export function atrFused(group: usize, from: i32, to: i32): void {
  const trState = stateOf(group, 0);
  const avgState = stateOf(group, 1);
  const period = p0(group, 1);
  let t = atrSeed(group, from, to);
  if (t >= to) return;
  const high = series(ioOf(group, 0), 0);
  const low = series(ioOf(group, 0), 1);
  const close = series(ioOf(group, 0), 2);
  const outRange = series(ioOf(group, 0), 3);
  const outAverage = series(ioOf(group, 1), 1);
  // The constants as wilder() computes them.
  const keep: f64 = 1 - 1 / period;
  const inv: f64 = 1 / period;
  let prevClose = load<f64>(trState);
  let average = load<f64>(avgState);
  for (; t < to; t++) {
    const h = load<f64>(at(high, t));
    const l = load<f64>(at(low, t));
    const c = load<f64>(at(close, t));
    if (isNaN(h + l + c) && (h != h || l != l || c != c)) {
      store<f64>(at(outRange, t), NaN);
      store<f64>(at(outAverage, t), NaN);
      continue;
    }
    const range = pmax(pmax(h - l, abs<f64>(prevClose - h)), abs<f64>(prevClose - l));
    store<f64>(at(outRange, t), range);
    prevClose = c;
    if (range != range) {
      store<f64>(at(outAverage, t), NaN);
      continue;
    }
    average = average * keep + range * inv;
    store<f64>(at(outAverage, t), average);
  }
  store<f64>(trState, prevClose);
  store<f64>(avgState, average);
}

/** Runs the members one after another, 16 bars at a time, until both are seeded; returns the bar reached. */
@inline function atrSeed(group: usize, from: i32, to: i32): i32 {
  const trState = stateOf(group, 0);
  const avgState = stateOf(group, 1);
  const period = p0(group, 1);
  let t = from;
  while (t < to && !(load<f64>(trState, 8) != 0 && <i32>load<f64>(avgState, 8) >= <i32>period)) {
    const end = min(to, t + 16);
    trueRange(trState, ioOf(group, 0), t, end, p0(group, 0), p1(group, 0));
    wilder(avgState, ioOf(group, 1), t, end, period, p1(group, 1));
    t = end;
  }
  return t;
}

/**
 * `atrFused` for two symbols (groups `a` and `b`, bars [0, toA) and [0, toB)), one symbol a
 * lane of each vector once both are seeded. A missing bar is its lane's own step; a range
 * that comes out NaN from prices that are there ends the pairing.
 */
export function atrFusedPair(a: usize, b: usize, toA: i32, toB: i32): void {
  let ta = atrSeed(a, 0, toA);
  let tb = atrSeed(b, 0, toB);
  const trStateA = stateOf(a, 0);
  const avgStateA = stateOf(a, 1);
  const trStateB = stateOf(b, 0);
  const avgStateB = stateOf(b, 1);
  const period = p0(a, 1);
  // The constants as wilder() computes them.
  const keep = f64x2.splat(1 - 1 / period);
  const inv = f64x2.splat(1 / period);
  const highA = series(ioOf(a, 0), 0);
  const lowA = series(ioOf(a, 0), 1);
  const closeA = series(ioOf(a, 0), 2);
  const rangeA = series(ioOf(a, 0), 3);
  const averageA = series(ioOf(a, 1), 1);
  const highB = series(ioOf(b, 0), 0);
  const lowB = series(ioOf(b, 0), 1);
  const closeB = series(ioOf(b, 0), 2);
  const rangeB = series(ioOf(b, 0), 3);
  const averageB = series(ioOf(b, 1), 1);
  let prevClose = lanes(load<f64>(trStateA), load<f64>(trStateB));
  let average = lanes(load<f64>(avgStateA), load<f64>(avgStateB));
  while (ta < toA && tb < toB) {
    const ha = load<f64>(at(highA, ta));
    const la = load<f64>(at(lowA, ta));
    const ca = load<f64>(at(closeA, ta));
    const hb = load<f64>(at(highB, tb));
    const lb = load<f64>(at(lowB, tb));
    const cb = load<f64>(at(closeB, tb));
    if (isNaN(ha + la + ca + hb + lb + cb)) {
      const missA = ha != ha || la != la || ca != ca;
      const missB = hb != hb || lb != lb || cb != cb;
      if (!(missA || missB)) break; // infinities, no bar missing: the single loops go on
      if (missA) {
        store<f64>(at(rangeA, ta), NaN);
        store<f64>(at(averageA, ta++), NaN);
      }
      if (missB) {
        store<f64>(at(rangeB, tb), NaN);
        store<f64>(at(averageB, tb++), NaN);
      }
      continue;
    }
    const h = lanes(ha, hb);
    const l = lanes(la, lb);
    const range = f64x2.pmax(
      f64x2.pmax(f64x2.sub(h, l), f64x2.abs(f64x2.sub(prevClose, h))),
      f64x2.abs(f64x2.sub(prevClose, l)),
    );
    if (!v128.all_true<i64>(f64x2.eq(range, range))) break; // the single loops take this bar
    storeEach(at(rangeA, ta), at(rangeB, tb), range);
    prevClose = lanes(ca, cb);
    average = f64x2.add(f64x2.mul(average, keep), f64x2.mul(range, inv));
    storeEach(at(averageA, ta++), at(averageB, tb++), average);
  }
  store<f64>(trStateA, f64x2.extract_lane(prevClose, 0));
  store<f64>(trStateB, f64x2.extract_lane(prevClose, 1));
  store<f64>(avgStateA, f64x2.extract_lane(average, 0));
  store<f64>(avgStateB, f64x2.extract_lane(average, 1));
  if (ta < toA) atrFused(a, ta, toA);
  if (tb < toB) atrFused(b, tb, toB);
}

/**
 * A channel: members [rolling max, rolling min] over one window (Donchian, the stochastic's
 * and Williams %R's range, the 52-week high and low, Aroon's), each on its own input. Each
 * runs alone until it has a window less one bar; then, when both or neither report "bars
 * since" and both have seen the same bars, one loop runs both (rolling-extreme-blocks.ts
 * extremePairBlocks) until their inputs part (one missing where the other is not), and each
 * runs alone from there.
 */
export function extremePairFused(group: usize, from: i32, to: i32): void {
  const maxState = stateOf(group, 0);
  const minState = stateOf(group, 1);
  const n = <i32>p0(group, 0);
  const maxFlags = p1(group, 0);
  const minFlags = p1(group, 1);
  let t = from;
  while (t < to) {
    const behind = n - 1 - min(<i32>load<f64>(maxState), <i32>load<f64>(minState));
    if (behind <= 0) break;
    const end = min(to, t + behind);
    rollingExtreme(maxState, ioOf(group, 0), t, end, <f64>n, maxFlags);
    rollingExtreme(minState, ioOf(group, 1), t, end, <f64>n, minFlags);
    t = end;
  }
  const count = <i32>load<f64>(maxState);
  // Both sides report "bars since" (Aroon), or neither does.
  const track = (<i32>maxFlags & 2) == 0;
  const alike = track == ((<i32>minFlags & 2) == 0) && (!track || extremePairTrackFits(n));
  if (t < to && alike && count == <i32>load<f64>(minState) && extremeBlocksFit(n, to - t)) {
    const maxIo = ioOf(group, 0);
    const minIo = ioOf(group, 1);
    const xMax = series(maxIo, 0);
    const xMin = series(minIo, 0);
    const outMax = series(maxIo, 1);
    const outMin = series(minIo, 1);
    const sinceMax = series(maxIo, 2);
    const sinceMin = series(minIo, 2);
    t = track
      ? extremePairBlocks(maxState, minState, xMax, xMin, outMax, outMin, sinceMax, sinceMin, n, count, t, to, true)
      : extremePairBlocks(maxState, minState, xMax, xMin, outMax, outMin, sinceMax, sinceMin, n, count, t, to, false);
  }
  if (t >= to) return;
  rollingExtreme(maxState, ioOf(group, 0), t, to, <f64>n, maxFlags);
  rollingExtreme(minState, ioOf(group, 1), t, to, <f64>n, minFlags);
}

/**
 * An EMA of an EMA of an EMA (TEMA's three; DEMA's first two among them): members [EMA of
 * the input, EMA of that, EMA of that]. Seeding as macdFused; then one loop advances the
 * three recurrences, each a bar behind the one it reads in the pipeline rather than a
 * whole pass behind.
 */
export function emaChainFused(group: usize, from: i32, to: i32): void {
  const s1 = stateOf(group, 0);
  const s2 = stateOf(group, 1);
  const s3 = stateOf(group, 2);
  const n1 = p0(group, 0);
  const n2 = p0(group, 1);
  const n3 = p0(group, 2);
  let t = from;
  while (t < to && !(emaSeeded(s1, n1, p1(group, 0)) && emaSeeded(s2, n2, p1(group, 1)) && emaSeeded(s3, n3, p1(group, 2)))) {
    const end = min(to, t + 16);
    ema(s1, ioOf(group, 0), t, end, n1, p1(group, 0));
    ema(s2, ioOf(group, 1), t, end, n2, p1(group, 1));
    ema(s3, ioOf(group, 2), t, end, n3, p1(group, 2));
    t = end;
  }
  if (t >= to) return;
  const x = series(ioOf(group, 0), 0);
  const out1 = series(ioOf(group, 0), 1);
  const out2 = series(ioOf(group, 1), 1);
  const out3 = series(ioOf(group, 2), 1);
  // The constants as ema() computes them.
  const k1: f64 = 2 / (n1 + 1);
  const keep1: f64 = 1 - k1;
  const k2: f64 = 2 / (n2 + 1);
  const keep2: f64 = 1 - k2;
  const k3: f64 = 2 / (n3 + 1);
  const keep3: f64 = 1 - k3;
  let e1 = load<f64>(s1);
  let e2 = load<f64>(s2);
  let e3 = load<f64>(s3);
  for (; t < to; t++) {
    const v = load<f64>(at(x, t));
    if (v != v) {
      store<f64>(at(out1, t), NaN);
      store<f64>(at(out2, t), NaN);
      store<f64>(at(out3, t), NaN);
      continue;
    }
    e1 = e1 * keep1 + v * k1;
    store<f64>(at(out1, t), e1);
    // An infinite price makes an EMA NaN: the next one skips the bar, as any missing value.
    if (e1 != e1) {
      store<f64>(at(out2, t), NaN);
      store<f64>(at(out3, t), NaN);
      continue;
    }
    e2 = e2 * keep2 + e1 * k2;
    store<f64>(at(out2, t), e2);
    if (e2 != e2) {
      store<f64>(at(out3, t), NaN);
      continue;
    }
    e3 = e3 * keep3 + e2 * k3;
    store<f64>(at(out3, t), e3);
  }
  store<f64>(s1, e1);
  store<f64>(s2, e2);
  store<f64>(s3, e3);
}
