// AssemblyScript twins of the trend, volatility and regression kernels (see kernels.ts for
// the calling convention and why these exist).

import { choose, pmax, pmin } from "./branchless";
import { anyNaN3, loadLanes, storeLanes } from "./lanes";

const TA_EPSILON: f64 = 1e-14;

@inline function series(io: usize, i: i32): usize {
  return <usize>load<u32>(io + (<usize>i << 2));
}

@inline function at(base: usize, t: i32): usize {
  return base + (<usize>t << 3);
}

@inline function slot(state: usize, i: i32): usize {
  return state + (<usize>i << 3);
}

/** WmaKernel. State: [periodSum, periodSub, trailing, count, head, ring[n]]. p0 = period. */
export function wma(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const x = series(io, 0);
  const out = series(io, 1);
  const n = <i32>p0;
  const divider: f64 = (p0 * (p0 + 1)) / 2;
  const ring = slot(state, 5);
  let periodSum = load<f64>(state);
  let periodSub = load<f64>(state, 8);
  let trailing = load<f64>(state, 16);
  let count = <i32>load<f64>(state, 24);
  let head = <i32>load<f64>(state, 32);
  for (let t = from; t < to; t++) {
    const v = load<f64>(at(x, t));
    if (v != v) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    if (count < n) count++;
    store<f64>(at(ring, head), v);
    head = head + 1 == n ? 0 : head + 1;
    if (count < n) {
      periodSub += v;
      periodSum += v * <f64>count;
      store<f64>(at(out, t), NaN);
      continue;
    }
    periodSub += v;
    periodSub -= trailing;
    periodSum += v * p0;
    trailing = load<f64>(at(ring, head));
    store<f64>(at(out, t), periodSum / divider);
    periodSum -= periodSub;
  }
  store<f64>(state, periodSum);
  store<f64>(state, periodSub, 8);
  store<f64>(state, trailing, 16);
  store<f64>(state, <f64>count, 24);
  store<f64>(state, <f64>head, 32);
}

/** DemaCombineKernel. Stateless. Two bars a vector (lanes.ts). */
export function demaCombine(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const e1 = series(io, 0);
  const e2 = series(io, 1);
  const out = series(io, 2);
  const two = f64x2.splat(2.0);
  for (let t = from; t < to; t += 2) {
    const whole = t + 1 < to;
    storeLanes(at(out, t), f64x2.sub(f64x2.mul(two, loadLanes(at(e1, t), whole)), loadLanes(at(e2, t), whole)), whole);
  }
}

/** TemaCombineKernel. Stateless. Two bars a vector (lanes.ts). */
export function temaCombine(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const e1 = series(io, 0);
  const e2 = series(io, 1);
  const e3 = series(io, 2);
  const out = series(io, 3);
  const three = f64x2.splat(3.0);
  for (let t = from; t < to; t += 2) {
    const whole = t + 1 < to;
    const trend = f64x2.sub(f64x2.mul(three, loadLanes(at(e1, t), whole)), f64x2.mul(three, loadLanes(at(e2, t), whole)));
    storeLanes(at(out, t), f64x2.add(loadLanes(at(e3, t), whole), trend), whole);
  }
}

/** SampleStddevKernel. State: [count, head, mean, m2, run, last, ring[n]]. p0 = period. */
export function sampleStddev(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const x = series(io, 0);
  const out = series(io, 1);
  const n = <i32>p0;
  const ring = slot(state, 6);
  let count = <i32>load<f64>(state);
  let head = <i32>load<f64>(state, 8);
  let mean = load<f64>(state, 16);
  let m2 = load<f64>(state, 24);
  let run = <i32>load<f64>(state, 32);
  let last = load<f64>(state, 40);
  for (let t = from; t < to; t++) {
    const v = load<f64>(at(x, t));
    if (v != v) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    if (count > 0 && v == last) {
      if (run < n) run++;
    } else run = 1;
    last = v;
    if (count < n) {
      count++;
      const d = v - mean;
      mean += d / <f64>count;
      m2 += d * (v - mean);
    } else {
      const old = load<f64>(at(ring, head));
      const d = v - old;
      const next = mean + d / p0;
      m2 += d * (v - next + old - mean);
      mean = next;
    }
    store<f64>(at(ring, head), v);
    head = head + 1 == n ? 0 : head + 1;
    if (count < n) store<f64>(at(out, t), NaN);
    else if (run >= n || !(m2 > 0)) store<f64>(at(out, t), 0);
    else store<f64>(at(out, t), sqrt<f64>(m2 / <f64>(n - 1)));
  }
  store<f64>(state, <f64>count);
  store<f64>(state, <f64>head, 8);
  store<f64>(state, mean, 16);
  store<f64>(state, m2, 24);
  store<f64>(state, <f64>run, 32);
  store<f64>(state, last, 40);
}

/** BetaKernel. State: [count, head, sumX, sumY, sumXY, sumXX, x[n], y[n]]. p0 = period. */
export function beta(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const xs = series(io, 0);
  const ys = series(io, 1);
  const out = series(io, 2);
  const n = <i32>p0;
  const xRing = slot(state, 6);
  const yRing = slot(state, 6 + n);
  let count = <i32>load<f64>(state);
  let head = <i32>load<f64>(state, 8);
  let sumX = load<f64>(state, 16);
  let sumY = load<f64>(state, 24);
  let sumXY = load<f64>(state, 32);
  let sumXX = load<f64>(state, 40);
  for (let t = from; t < to; t++) {
    const x = load<f64>(at(xs, t));
    const y = load<f64>(at(ys, t));
    if (isNaN(x + y) && (x != x || y != y)) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    sumXX += x * x;
    sumXY += x * y;
    sumX += x;
    sumY += y;
    store<f64>(at(xRing, head), x);
    store<f64>(at(yRing, head), y);
    head = head + 1 == n ? 0 : head + 1;
    if (count < n) count++;
    if (count < n) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    const denominator = p0 * sumXX - sumX * sumX;
    store<f64>(
      at(out, t),
      denominator > -TA_EPSILON && denominator < TA_EPSILON ? 0 : (p0 * sumXY - sumX * sumY) / denominator,
    );
    const tx = load<f64>(at(xRing, head));
    const ty = load<f64>(at(yRing, head));
    sumXX -= tx * tx;
    sumXY -= tx * ty;
    sumX -= tx;
    sumY -= ty;
  }
  store<f64>(state, <f64>count);
  store<f64>(state, <f64>head, 8);
  store<f64>(state, sumX, 16);
  store<f64>(state, sumY, 24);
  store<f64>(state, sumXY, 32);
  store<f64>(state, sumXX, 40);
}

/** CorrelKernel. State: [count, head, sumX, sumY, sumXY, sumXX, sumYY, x[n], y[n]]. p0 = period. */
export function correl(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const xs = series(io, 0);
  const ys = series(io, 1);
  const out = series(io, 2);
  const n = <i32>p0;
  const xRing = slot(state, 7);
  const yRing = slot(state, 7 + n);
  let count = <i32>load<f64>(state);
  let head = <i32>load<f64>(state, 8);
  let sumX = load<f64>(state, 16);
  let sumY = load<f64>(state, 24);
  let sumXY = load<f64>(state, 32);
  let sumX2 = load<f64>(state, 40);
  let sumY2 = load<f64>(state, 48);
  for (let t = from; t < to; t++) {
    const x = load<f64>(at(xs, t));
    const y = load<f64>(at(ys, t));
    if (isNaN(x + y) && (x != x || y != y)) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    if (count == n) {
      const tx = load<f64>(at(xRing, head));
      const ty = load<f64>(at(yRing, head));
      sumX -= tx;
      sumX2 -= tx * tx;
      sumXY -= tx * ty;
      sumY -= ty;
      sumY2 -= ty * ty;
    } else count++;
    sumX += x;
    sumX2 += x * x;
    sumXY += x * y;
    sumY += y;
    sumY2 += y * y;
    store<f64>(at(xRing, head), x);
    store<f64>(at(yRing, head), y);
    head = head + 1 == n ? 0 : head + 1;
    if (count < n) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    const variance = (sumX2 - (sumX * sumX) / p0) * (sumY2 - (sumY * sumY) / p0);
    if (variance < TA_EPSILON) store<f64>(at(out, t), 0);
    else {
      const r = (sumXY - (sumX * sumY) / p0) / sqrt<f64>(variance);
      store<f64>(at(out, t), r > 1 ? 1 : r < -1 ? -1 : r);
    }
  }
  store<f64>(state, <f64>count);
  store<f64>(state, <f64>head, 8);
  store<f64>(state, sumX, 16);
  store<f64>(state, sumY, 24);
  store<f64>(state, sumXY, 32);
  store<f64>(state, sumX2, 40);
  store<f64>(state, sumY2, 48);
}

/** SupertrendKernel. State: [started, prevUpper, prevLower, prevSupertrend, prevClose]. p0 = multiplier. */
export function supertrend(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const hl2 = series(io, 0);
  const atr = series(io, 1);
  const close = series(io, 2);
  const outValue = series(io, 3);
  const outDir = series(io, 4);
  let started = load<f64>(state);
  let prevUpper = load<f64>(state, 8);
  let prevLower = load<f64>(state, 16);
  let prevValue = load<f64>(state, 24);
  let prevClose = load<f64>(state, 32);
  for (let t = from; t < to; t++) {
    const mid = load<f64>(at(hl2, t));
    const a = load<f64>(at(atr, t));
    const c = load<f64>(at(close, t));
    if (isNaN(mid + a + c) && (mid != mid || a != a || c != c)) {
      store<f64>(at(outValue, t), NaN);
      store<f64>(at(outDir, t), NaN);
      continue;
    }
    let upper = mid + p0 * a;
    let lower = mid - p0 * a;
    let value: f64;
    let direction: f64;
    if (started == 0) {
      if (!(lower > 0)) lower = 0;
      value = upper;
      direction = -1.0;
      started = 1;
    } else {
      // The TS kernel's branches as lane masks (branchless.ts: the trend flips at random on
      // real prices, and each branch mispredicted about every other flip).
      const keepLower = v128.or(f64x2.gt(f64x2.splat(lower), f64x2.splat(prevLower)), f64x2.lt(f64x2.splat(prevClose), f64x2.splat(prevLower)));
      lower = choose(lower, prevLower, keepLower);
      const keepUpper = v128.or(f64x2.lt(f64x2.splat(upper), f64x2.splat(prevUpper)), f64x2.gt(f64x2.splat(prevClose), f64x2.splat(prevUpper)));
      upper = choose(upper, prevUpper, keepUpper);
      const cv = f64x2.splat(c);
      const up = v128.bitselect(f64x2.gt(cv, f64x2.splat(upper)), v128.not(f64x2.lt(cv, f64x2.splat(lower))), f64x2.eq(f64x2.splat(prevValue), f64x2.splat(prevUpper)));
      value = choose(lower, upper, up);
      direction = choose(1.0, -1.0, up);
    }
    store<f64>(at(outValue, t), value);
    store<f64>(at(outDir, t), direction);
    prevUpper = upper;
    prevLower = lower;
    prevValue = value;
    prevClose = c;
  }
  store<f64>(state, started);
  store<f64>(state, prevUpper, 8);
  store<f64>(state, prevLower, 16);
  store<f64>(state, prevValue, 24);
  store<f64>(state, prevClose, 32);
}

/** MaxDrawdownKernel. State: [count, head, preMax, preMin, preDD, ring[n], sufMax[n], sufDD[n]]. p0 = period. */
export function maxDrawdown(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const x = series(io, 0);
  const out = series(io, 1);
  const n = <i32>p0;
  const ring = slot(state, 5);
  const sufMax = slot(state, 5 + n);
  const sufDD = slot(state, 5 + 2 * n);
  let count = <i32>load<f64>(state);
  let head = <i32>load<f64>(state, 8);
  let preMax = load<f64>(state, 16);
  let preMin = load<f64>(state, 24);
  let preDD = load<f64>(state, 32);
  for (let t = from; t < to; t++) {
    const v = load<f64>(at(x, t));
    if (!(v > 0)) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    store<f64>(at(ring, head), v);
    if (head == 0) {
      preMax = v;
      preMin = v;
      preDD = 0;
    } else {
      preMax = pmax(preMax, v);
      preMin = pmin(preMin, v);
      const d = (preMax - v) / preMax;
      preDD = pmax(preDD, d);
    }
    if (count < n) count++;
    if (head == n - 1) {
      store<f64>(at(out, t), 100 * preDD);
      let runMax = v;
      let runMin = v;
      let dd: f64 = 0;
      for (let k = n - 1; k >= 0; k--) {
        const w = load<f64>(at(ring, k));
        runMin = pmin(runMin, w);
        runMax = pmax(runMax, w);
        const d = (w - runMin) / w;
        dd = pmax(dd, d);
        store<f64>(at(sufMax, k), runMax);
        store<f64>(at(sufDD, k), dd);
      }
      head = 0;
    } else {
      if (count == n) {
        const m = load<f64>(at(sufMax, head + 1));
        let dd = load<f64>(at(sufDD, head + 1));
        dd = pmax(dd, preDD);
        const cross = (m - preMin) / m;
        dd = pmax(dd, cross);
        store<f64>(at(out, t), 100 * dd);
      } else store<f64>(at(out, t), NaN);
      head++;
    }
  }
  store<f64>(state, <f64>count);
  store<f64>(state, <f64>head, 8);
  store<f64>(state, preMax, 16);
  store<f64>(state, preMin, 24);
  store<f64>(state, preDD, 32);
}

/** SarKernel. State: [count, isLong, af, ep, sar, prevHigh, prevLow]. p0 = acceleration (<= maximum), p1 = maximum. */
export function sar(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const high = series(io, 0);
  const low = series(io, 1);
  const out = series(io, 2);
  const step = p0;
  const max = p1;
  let count = <i32>load<f64>(state);
  let isLong = <i32>load<f64>(state, 8);
  let af = load<f64>(state, 16);
  let ep = load<f64>(state, 24);
  let s = load<f64>(state, 32);
  let lastHigh = load<f64>(state, 40);
  let lastLow = load<f64>(state, 48);
  for (let t = from; t < to; t++) {
    const newHigh = load<f64>(at(high, t));
    const newLow = load<f64>(at(low, t));
    if (isNaN(newHigh + newLow) && (newHigh != newHigh || newLow != newLow)) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    if (count == 0) {
      count = 1;
      lastHigh = newHigh;
      lastLow = newLow;
      store<f64>(at(out, t), NaN);
      continue;
    }
    let prevHigh = lastHigh;
    let prevLow = lastLow;
    if (count == 1) {
      count = 2;
      const up = newHigh - lastHigh;
      const down = lastLow - newLow;
      isLong = down > 0 && up < down ? 0 : 1;
      if (isLong == 1) {
        ep = newHigh;
        s = lastLow;
      } else {
        ep = newLow;
        s = lastHigh;
      }
      af = step;
      prevHigh = newHigh;
      prevLow = newLow;
    }
    if (isLong == 1) {
      if (newLow <= s) {
        isLong = 0;
        s = ep;
        s = pmax(s, prevHigh);
        s = pmax(s, newHigh);
        store<f64>(at(out, t), s);
        af = step;
        ep = newLow;
        s = s + af * (ep - s);
        s = pmax(s, prevHigh);
        s = pmax(s, newHigh);
      } else {
        store<f64>(at(out, t), s);
        // A new extreme point (about every other bar, at random: without a branch).
        const higher = f64x2.gt(f64x2.splat(newHigh), f64x2.splat(ep));
        af = choose(pmin(af + step, max), af, higher);
        ep = choose(newHigh, ep, higher);
        s = s + af * (ep - s);
        s = pmin(s, prevLow);
        s = pmin(s, newLow);
      }
    } else if (newHigh >= s) {
      isLong = 1;
      s = ep;
      s = pmin(s, prevLow);
      s = pmin(s, newLow);
      store<f64>(at(out, t), s);
      af = step;
      ep = newHigh;
      s = s + af * (ep - s);
      s = pmin(s, prevLow);
      s = pmin(s, newLow);
    } else {
      store<f64>(at(out, t), s);
      const lower = f64x2.lt(f64x2.splat(newLow), f64x2.splat(ep));
      af = choose(pmin(af + step, max), af, lower);
      ep = choose(newLow, ep, lower);
      s = s + af * (ep - s);
      s = pmax(s, prevHigh);
      s = pmax(s, newHigh);
    }
    lastHigh = newHigh;
    lastLow = newLow;
  }
  store<f64>(state, <f64>count);
  store<f64>(state, <f64>isLong, 8);
  store<f64>(state, af, 16);
  store<f64>(state, ep, 24);
  store<f64>(state, s, 32);
  store<f64>(state, lastHigh, 40);
  store<f64>(state, lastLow, 48);
}

/** AroonKernel. Stateless. p0 = period, p1 = factor (100 / period). */
export function aroon(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const sinceHigh = series(io, 0);
  const sinceLow = series(io, 1);
  const up = series(io, 2);
  const down = series(io, 3);
  const osc = series(io, 4);
  for (let t = from; t < to; t++) {
    const sh = load<f64>(at(sinceHigh, t));
    const sl = load<f64>(at(sinceLow, t));
    if (isNaN(sh + sl) && (sh != sh || sl != sl)) {
      store<f64>(at(up, t), NaN);
      store<f64>(at(down, t), NaN);
      store<f64>(at(osc, t), NaN);
      continue;
    }
    store<f64>(at(up, t), p1 * (p0 - sh));
    store<f64>(at(down, t), p1 * (p0 - sl));
    store<f64>(at(osc, t), p1 * (sl - sh));
  }
}

/** BollingerShapeKernel. Stateless. */
export function bollingerShape(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const x = series(io, 0);
  const upper = series(io, 1);
  const lower = series(io, 2);
  const middle = series(io, 3);
  const outPctB = series(io, 4);
  const outWidth = series(io, 5);
  const zero = f64x2.splat(0);
  const nan = f64x2.splat(NaN);
  for (let t = from; t < to; t += 2) {
    const whole = t + 1 < to;
    const v = loadLanes(at(x, t), whole);
    const l = loadLanes(at(lower, t), whole);
    const range = f64x2.sub(loadLanes(at(upper, t), whole), l);
    const m = loadLanes(at(middle, t), whole);
    // As the scalar kernel: NaN where an input is; %B 0.5 and width 0 where the range is 0;
    // width 0 where the middle is.
    const missing = anyNaN3(v, range, m);
    const flat = f64x2.eq(range, zero);
    const pctB = v128.bitselect(f64x2.splat(0.5), f64x2.div(f64x2.sub(v, l), range), flat);
    const width = v128.bitselect(zero, f64x2.div(range, m), v128.or(flat, f64x2.eq(m, zero)));
    storeLanes(at(outPctB, t), v128.bitselect(nan, pctB, missing), whole);
    storeLanes(at(outWidth, t), v128.bitselect(nan, width, missing), whole);
  }
}
