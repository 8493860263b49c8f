// AssemblyScript twins of the volume, return and relative kernels (see kernels.ts for the
// calling convention and why these exist).

import { loadLanes, storeLanes } from "./lanes";

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

/** ObvKernel. State: [prevClose, obv, started]. */
export function obv(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const close = series(io, 0);
  const volume = series(io, 1);
  const out = series(io, 2);
  let prev = load<f64>(state);
  let total = load<f64>(state, 8);
  let started = load<f64>(state, 16);
  for (let t = from; t < to; t++) {
    const c = load<f64>(at(close, t));
    const v = load<f64>(at(volume, t));
    if (isNaN(c + v) && (c != c || v != v)) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    if (started == 0) {
      total = v;
      started = 1;
    } else total += v * <f64>(<i32>(c > prev) - <i32>(c < prev));
    prev = c;
    store<f64>(at(out, t), total);
  }
  store<f64>(state, prev);
  store<f64>(state, total, 8);
  store<f64>(state, started, 16);
}

/** AdKernel. State: [ad]. */
export function ad(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const high = series(io, 0);
  const low = series(io, 1);
  const close = series(io, 2);
  const volume = series(io, 3);
  const out = series(io, 4);
  let line = load<f64>(state);
  for (let t = from; t < to; t++) {
    const h = load<f64>(at(high, t));
    const l = load<f64>(at(low, t));
    const c = load<f64>(at(close, t));
    const v = load<f64>(at(volume, t));
    if (isNaN(h + l + c + v) && (h != h || l != l || c != c || v != v)) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    const range = h - l;
    if (range > 0) line += ((c - l - (h - c)) / range) * v;
    store<f64>(at(out, t), line);
  }
  store<f64>(state, line);
}

/** CmfKernel. State: [count, head, sumMfv, sumVolume, withVolume, mfv[n], volume[n]]. p0 = period. */
export function cmf(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const high = series(io, 0);
  const low = series(io, 1);
  const close = series(io, 2);
  const volume = series(io, 3);
  const out = series(io, 4);
  const n = <i32>p0;
  const mfvRing = slot(state, 5);
  const volRing = slot(state, 5 + n);
  let count = <i32>load<f64>(state);
  let head = <i32>load<f64>(state, 8);
  let sumMfv = load<f64>(state, 16);
  let sumVol = load<f64>(state, 24);
  let withVolume = <i32>load<f64>(state, 32);
  for (let t = from; t < to; t++) {
    const h = load<f64>(at(high, t));
    const l = load<f64>(at(low, t));
    const c = load<f64>(at(close, t));
    const v = load<f64>(at(volume, t));
    if (isNaN(h + l + c + v) && (h != h || l != l || c != c || v != v)) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    if (count == n) {
      const oldVol = load<f64>(at(volRing, head));
      sumMfv -= load<f64>(at(mfvRing, head));
      sumVol -= oldVol;
      if (oldVol != 0) withVolume--;
    } else count++;
    const range = h - l;
    const mfv: f64 = range > 0 ? ((c - l - (h - c)) / range) * v : 0;
    sumMfv += mfv;
    sumVol += v;
    if (v != 0) withVolume++;
    store<f64>(at(mfvRing, head), mfv);
    store<f64>(at(volRing, head), v);
    head = head + 1 == n ? 0 : head + 1;
    if (withVolume == 0) {
      sumMfv = 0;
      sumVol = 0;
    }
    if (count < n) store<f64>(at(out, t), NaN);
    else if (withVolume == 0) store<f64>(at(out, t), 0);
    else {
      const ratio = sumMfv / sumVol;
      store<f64>(at(out, t), ratio > 1 ? 1 : ratio < -1 ? -1 : ratio);
    }
  }
  store<f64>(state, <f64>count);
  store<f64>(state, <f64>head, 8);
  store<f64>(state, sumMfv, 16);
  store<f64>(state, sumVol, 24);
  store<f64>(state, <f64>withVolume, 32);
}

/** RollingVwapKernel. State: [count, head, sumPv, sumVol, sumTp, withVolume, tp[n], volume[n]]. p0 = period. */
export function vwap(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const high = series(io, 0);
  const low = series(io, 1);
  const close = series(io, 2);
  const volume = series(io, 3);
  const out = series(io, 4);
  const n = <i32>p0;
  const tpRing = slot(state, 6);
  const volRing = slot(state, 6 + n);
  let count = <i32>load<f64>(state);
  let head = <i32>load<f64>(state, 8);
  let sumPv = load<f64>(state, 16);
  let sumVol = load<f64>(state, 24);
  let sumTp = load<f64>(state, 32);
  let withVolume = <i32>load<f64>(state, 40);
  for (let t = from; t < to; t++) {
    const h = load<f64>(at(high, t));
    const l = load<f64>(at(low, t));
    const c = load<f64>(at(close, t));
    const v = load<f64>(at(volume, t));
    if (isNaN(h + l + c + v) && (h != h || l != l || c != c || v != v)) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    if (count == n) {
      const oldTp = load<f64>(at(tpRing, head));
      const oldVol = load<f64>(at(volRing, head));
      sumPv -= oldTp * oldVol;
      sumVol -= oldVol;
      sumTp -= oldTp;
      if (oldVol != 0) withVolume--;
    } else count++;
    const tp = (h + l + c) / 3;
    sumPv += tp * v;
    sumVol += v;
    sumTp += tp;
    if (v != 0) withVolume++;
    store<f64>(at(tpRing, head), tp);
    store<f64>(at(volRing, head), v);
    head = head + 1 == n ? 0 : head + 1;
    if (withVolume == 0) {
      sumPv = 0;
      sumVol = 0;
    }
    if (count < n) store<f64>(at(out, t), NaN);
    else store<f64>(at(out, t), withVolume == 0 ? sumTp / <f64>n : sumPv / sumVol);
  }
  store<f64>(state, <f64>count);
  store<f64>(state, <f64>head, 8);
  store<f64>(state, sumPv, 16);
  store<f64>(state, sumVol, 24);
  store<f64>(state, sumTp, 32);
  store<f64>(state, <f64>withVolume, 40);
}

/** RvolKernel. State: [previousMean]. */
export function rvol(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const volume = series(io, 0);
  const mean = series(io, 1);
  const out = series(io, 2);
  let previous = load<f64>(state);
  for (let t = from; t < to; t++) {
    const v = load<f64>(at(volume, t));
    const m = load<f64>(at(mean, t));
    if (isNaN(v + m) && (v != v || m != m)) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    store<f64>(at(out, t), previous > 0 ? v / previous : NaN);
    previous = m;
  }
  store<f64>(state, previous);
}

/** GapKernel. State: [prevClose, started]. */
export function gap(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const open = series(io, 0);
  const close = series(io, 1);
  const out = series(io, 2);
  let prev = load<f64>(state);
  let started = load<f64>(state, 8);
  for (let t = from; t < to; t++) {
    const o = load<f64>(at(open, t));
    const c = load<f64>(at(close, t));
    if (isNaN(o + c) && (o != o || c != c)) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    store<f64>(at(out, t), started == 0 ? NaN : (o / prev - 1) * 100);
    started = 1;
    prev = c;
  }
  store<f64>(state, prev);
  store<f64>(state, started, 8);
}

/** RocKernel. State: [count, head, ring[n]]. p0 = period. */
export function roc(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const x = series(io, 0);
  const out = series(io, 1);
  const n = <i32>p0;
  const ring = slot(state, 2);
  let count = <i32>load<f64>(state);
  let head = <i32>load<f64>(state, 8);
  let t = from;
  // Bars before `scanned` are known to be in a stretch too short for rocStretch.
  let scanned = from;
  while (t < to) {
    const v = load<f64>(at(x, t));
    if (v != v) {
      store<f64>(at(out, t), NaN);
      t++;
      continue;
    }
    if (count == n && t >= scanned) {
      // A stretch without missing bars: past its first n bars, the value n bars back is in
      // the series itself, and the outputs are element-wise (rocStretch).
      let end = t + 1;
      while (end < to && load<f64>(at(x, end)) == load<f64>(at(x, end))) end++;
      scanned = end;
      if (end - t >= n << 1) {
        rocStretch(x, out, ring, n, head, t, end);
        head = (head + (end - t)) % n;
        t = end;
        continue;
      }
    }
    if (count < n) {
      count++;
      store<f64>(at(out, t), NaN);
    } else {
      const before = load<f64>(at(ring, head));
      store<f64>(at(out, t), before != 0.0 ? (v / before - 1.0) * 100.0 : 0.0);
    }
    store<f64>(at(ring, head), v);
    head = head + 1 == n ? 0 : head + 1;
    t++;
  }
  store<f64>(state, <f64>count);
  store<f64>(state, <f64>head, 8);
}

/**
 * ROC over bars [from, end), none missing, at least 2n of them, the ring full with `head`
 * at the value n bars before `from`: the first n bars read the ring, the rest the series n
 * bars back, two bars a vector (lanes.ts: the scalar operations per lane). Leaves the ring
 * holding the stretch's last n values where the scalar loop would have put them.
 */
@inline function rocStretch(x: usize, out: usize, ring: usize, n: i32, head: i32, from: i32, end: i32): void {
  for (let i = 0; i < n; i++) {
    const v = load<f64>(at(x, from + i));
    const before = load<f64>(at(ring, (head + i) % n));
    store<f64>(at(out, from + i), before != 0.0 ? (v / before - 1.0) * 100.0 : 0.0);
  }
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  const hundred = f64x2.splat(100);
  for (let t = from + n; t < end; t += 2) {
    const whole = t + 1 < end;
    const v = loadLanes(at(x, t), whole);
    const before = loadLanes(at(x, t - n), whole);
    const change = f64x2.mul(f64x2.sub(f64x2.div(v, before), one), hundred);
    storeLanes(at(out, t), v128.bitselect(change, zero, f64x2.ne(before, zero)), whole);
  }
  const length = end - from;
  for (let i = length - n; i < length; i++) store<f64>(at(ring, (head + i) % n), load<f64>(at(x, from + i)));
}

/** PairReturnsKernel. State: [prevA, prevB, started]. */
export function pairReturns(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const a = series(io, 0);
  const b = series(io, 1);
  const outA = series(io, 2);
  const outB = series(io, 3);
  let prevA = load<f64>(state);
  let prevB = load<f64>(state, 8);
  let started = load<f64>(state, 16);
  for (let t = from; t < to; t++) {
    const x = load<f64>(at(a, t));
    const y = load<f64>(at(b, t));
    if (isNaN(x + y) && (x != x || y != y)) {
      store<f64>(at(outA, t), NaN);
      store<f64>(at(outB, t), NaN);
      continue;
    }
    if (started == 0) {
      started = 1;
      store<f64>(at(outA, t), NaN);
      store<f64>(at(outB, t), NaN);
    } else {
      store<f64>(at(outA, t), prevA > -TA_EPSILON && prevA < TA_EPSILON ? 0 : (x - prevA) / prevA);
      store<f64>(at(outB, t), prevB > -TA_EPSILON && prevB < TA_EPSILON ? 0 : (y - prevB) / prevB);
    }
    prevA = x;
    prevB = y;
  }
  store<f64>(state, prevA);
  store<f64>(state, prevB, 8);
  store<f64>(state, started, 16);
}

/** PercentDistanceKernel. Stateless. Two bars a vector (lanes.ts). */
export function percentDistance(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const a = series(io, 0);
  const b = series(io, 1);
  const out = series(io, 2);
  const one = f64x2.splat(1);
  const hundred = f64x2.splat(100);
  for (let t = from; t < to; t += 2) {
    const whole = t + 1 < to;
    const ratio = f64x2.div(loadLanes(at(a, t), whole), loadLanes(at(b, t), whole));
    storeLanes(at(out, t), f64x2.mul(f64x2.sub(ratio, one), hundred), whole);
  }
}

/** MidpointKernel. Stateless. Two bars a vector (lanes.ts). */
export function midpoint(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const a = series(io, 0);
  const b = series(io, 1);
  const out = series(io, 2);
  const two = f64x2.splat(2);
  for (let t = from; t < to; t += 2) {
    const whole = t + 1 < to;
    storeLanes(at(out, t), f64x2.div(f64x2.add(loadLanes(at(a, t), whole), loadLanes(at(b, t), whole)), two), whole);
  }
}

/** ScaleKernel. Stateless. p0 = factor. Two bars a vector (lanes.ts). */
export function scale(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const x = series(io, 0);
  const out = series(io, 1);
  const k = f64x2.splat(p0);
  for (let t = from; t < to; t += 2) {
    const whole = t + 1 < to;
    storeLanes(at(out, t), f64x2.mul(loadLanes(at(x, t), whole), k), whole);
  }
}
