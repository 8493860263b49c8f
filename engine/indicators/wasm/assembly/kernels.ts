// AssemblyScript twins of the batch kernels in ../../kernels/, compiled to WebAssembly
// (npm run build:wasm) for hosts that can load it. Each function is a line-for-line port of
// its TypeScript kernel's `run`: the same state layout, the same operations in the same
// order, so the results are identical to the bit (test/indicators/wasm-kernels.test.ts
// checks every twin against its kernel). Why a second copy: on Node 20's V8 every typed
// array access in a JS loop re-checks the array's map, length and base pointer, which made
// simple loops ~8x slower than C; WebAssembly loops over linear memory have none of that.
//
// Calling convention, shared by every export:
//   (state, io, from, to, p0, p1)
//   state: byte address of the kernel's state slice (f64 slots, as the TS kernel's `at`);
//   io:    byte address of a u32 table: the byte address of each input series, then of each
//          output series, in the kernel's own order;
//   [from, to): the bars to run; p0, p1: the kernel's parameters (period, multiplier, ...).
//
// Missing bars: `isNaN(a + b + c) && (a != a || ...)` is the TS kernels' test for a NaN
// input, cheaper: the sum is NaN whenever an input is (then the exact test decides, so an
// infinite input behaves as in TS), and V8 compiles a chain of f64 comparisons into
// materialized booleans, three instructions each.

import { pmax, pmin } from "./branchless";
import { extremeBlocks, extremeBlocksFit } from "./rolling-extreme-blocks";
import { setScratch } from "./scratch";
import { widenF32 } from "./widen";
import { anyNaN3, keepWhere, loadLanes, storeLanes } from "./lanes";

/** Widens `count` float32 values at byte address `from` into float64 at `to` (the runner's input series). */
export function widen(from: usize, to: usize, count: i32): void {
  widenF32(from, to, count);
}

/** Registers this instance's scratch region (see scratch.ts): `entries` x 16 bytes at `at`. */
export function useScratch(at: usize, entries: i32): void {
  setScratch(at, entries);
}

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

/** SmaKernel. State: [sum, count, head, ring[n]]. p0 = period. */
export function sma(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const x = series(io, 0);
  const out = series(io, 1);
  const n = <i32>p0;
  const ring = slot(state, 3);
  let sum = load<f64>(state);
  let count = <i32>load<f64>(state, 8);
  let head = <i32>load<f64>(state, 16);
  for (let t = from; t < to; t++) {
    const v = load<f64>(at(x, t));
    if (v != v) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    sum += v;
    store<f64>(at(ring, head), v);
    head = head + 1 == n ? 0 : head + 1;
    if (count < n) count++;
    if (count == n) {
      store<f64>(at(out, t), sum / <f64>n);
      sum -= load<f64>(at(ring, head));
    } else store<f64>(at(out, t), NaN);
  }
  store<f64>(state, sum);
  store<f64>(state, <f64>count, 8);
  store<f64>(state, <f64>head, 16);
}

/** EmaKernel. State: [ema, count, sum]. p0 = period, p1 = skip. */
export function ema(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const x = series(io, 0);
  const out = series(io, 1);
  const n = <i32>p0;
  const skip = <i32>p1;
  const k: f64 = 2 / (p0 + 1);
  const keep: f64 = 1 - k;
  const ready = skip + n;
  let value = load<f64>(state);
  let count = <i32>load<f64>(state, 8);
  let sum = load<f64>(state, 16);
  for (let t = from; t < to; t++) {
    const v = load<f64>(at(x, t));
    if (v != v) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    if (count >= ready) {
      value = value * keep + v * k;
      store<f64>(at(out, t), value);
      continue;
    }
    count++;
    if (count <= skip) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    sum += v;
    if (count == ready) {
      value = sum / <f64>n;
      store<f64>(at(out, t), value);
    } else store<f64>(at(out, t), NaN);
  }
  store<f64>(state, value);
  store<f64>(state, <f64>count, 8);
  store<f64>(state, sum, 16);
}

/** WilderKernel. State: [avg, count, sum]. p0 = period. */
export function wilder(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const x = series(io, 0);
  const out = series(io, 1);
  const n = <i32>p0;
  const keep: f64 = 1 - 1 / p0;
  const inv: f64 = 1 / p0;
  let avg = load<f64>(state);
  let count = <i32>load<f64>(state, 8);
  let sum = load<f64>(state, 16);
  for (let t = from; t < to; t++) {
    const v = load<f64>(at(x, t));
    if (v != v) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    if (count >= n) {
      avg = avg * keep + v * inv;
      store<f64>(at(out, t), avg);
      continue;
    }
    count++;
    sum += v;
    if (count == n) {
      avg = sum / <f64>n;
      store<f64>(at(out, t), avg);
    } else store<f64>(at(out, t), NaN);
  }
  store<f64>(state, avg);
  store<f64>(state, <f64>count, 8);
  store<f64>(state, sum, 16);
}

/** RsiKernel. State: [prev, count, gain, loss]. p0 = period. */
export function rsi(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const x = series(io, 0);
  const out = series(io, 1);
  const n = <i32>p0;
  let prev = load<f64>(state);
  let count = <i32>load<f64>(state, 8);
  let gain = load<f64>(state, 16);
  let loss = load<f64>(state, 24);
  for (let t = from; t < to; t++) {
    const v = load<f64>(at(x, t));
    if (v != v) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    count++;
    if (count == 1) {
      prev = v;
      store<f64>(at(out, t), NaN);
      continue;
    }
    const change = v - prev;
    prev = v;
    const fall = change * <f64>(change < 0);
    const rise = change * <f64>(change > 0);
    if (count <= n + 1) {
      loss -= fall;
      gain += rise;
      if (count < n + 1) {
        store<f64>(at(out, t), NaN);
        continue;
      }
      loss /= <f64>n;
      gain /= <f64>n;
    } else {
      loss *= <f64>(n - 1);
      gain *= <f64>(n - 1);
      loss -= fall;
      gain += rise;
      loss /= <f64>n;
      gain /= <f64>n;
    }
    const total = gain + loss;
    store<f64>(at(out, t), total > -TA_EPSILON && total < TA_EPSILON ? 0 : 100 * (gain / total));
  }
  store<f64>(state, prev);
  store<f64>(state, <f64>count, 8);
  store<f64>(state, gain, 16);
  store<f64>(state, loss, 24);
}

/** BinaryOpKernel. Stateless. p0 = 0 sub, 1 add, 2 mul, 3 div. */
export function binary(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const a = series(io, 0);
  const b = series(io, 1);
  const out = series(io, 2);
  const op = <i32>p0;
  if (op == 0) binaryLoop(a, b, out, from, to, 0);
  else if (op == 1) binaryLoop(a, b, out, from, to, 1);
  else if (op == 2) binaryLoop(a, b, out, from, to, 2);
  else binaryLoop(a, b, out, from, to, 3);
}

/** `op` of two series, two bars a vector (lanes.ts). */
@inline function binaryLoop(a: usize, b: usize, out: usize, from: i32, to: i32, op: i32): void {
  for (let t = from; t < to; t += 2) {
    const whole = t + 1 < to;
    const x = loadLanes(at(a, t), whole);
    const y = loadLanes(at(b, t), whole);
    const r = op == 0 ? f64x2.sub(x, y) : op == 1 ? f64x2.add(x, y) : op == 2 ? f64x2.mul(x, y) : f64x2.div(x, y);
    storeLanes(at(out, t), r, whole);
  }
}

/** MacdOutputKernel. Stateless. Two bars a vector (lanes.ts). */
export function macd(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const line = series(io, 0);
  const signal = series(io, 1);
  const outLine = series(io, 2);
  const outSignal = series(io, 3);
  const outHist = series(io, 4);
  let t = from;
  for (; t < to; t += 2) {
    const whole = t + 1 < to;
    const s = loadLanes(at(signal, t), whole);
    const l = keepWhere(loadLanes(at(line, t), whole), s);
    storeLanes(at(outLine, t), l, whole);
    storeLanes(at(outSignal, t), s, whole);
    storeLanes(at(outHist, t), f64x2.sub(l, s), whole);
  }
}

/** MaskKernel. Stateless. Two bars a vector (lanes.ts). */
export function mask(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const value = series(io, 0);
  const when = series(io, 1);
  const out = series(io, 2);
  for (let t = from; t < to; t += 2) {
    const whole = t + 1 < to;
    storeLanes(at(out, t), keepWhere(loadLanes(at(value, t), whole), loadLanes(at(when, t), whole)), whole);
  }
}

/** BandsKernel. Stateless. p0 = multiplier. Two bars a vector (lanes.ts). */
export function bands(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const middle = series(io, 0);
  const width = series(io, 1);
  const upper = series(io, 2);
  const lower = series(io, 3);
  const k = f64x2.splat(p0);
  for (let t = from; t < to; t += 2) {
    const whole = t + 1 < to;
    const d = f64x2.mul(loadLanes(at(width, t), whole), k);
    const m = loadLanes(at(middle, t), whole);
    storeLanes(at(upper, t), f64x2.add(m, d), whole);
    storeLanes(at(lower, t), f64x2.sub(m, d), whole);
  }
}

/** RangePositionKernel. Stateless. p0 = 1 for Williams %R, 0 for stochastic %K. Two bars a vector (lanes.ts). */
export function rangePosition(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const value = series(io, 0);
  const highest = series(io, 1);
  const lowest = series(io, 2);
  const out = series(io, 3);
  if (p0 != 0) rangePositionLoop(value, highest, lowest, out, from, to, true);
  else rangePositionLoop(value, highest, lowest, out, from, to, false);
}

@inline function rangePositionLoop(value: usize, highest: usize, lowest: usize, out: usize, from: i32, to: i32, willr: bool): void {
  const zero = f64x2.splat(0);
  for (let t = from; t < to; t += 2) {
    const whole = t + 1 < to;
    const v = loadLanes(at(value, t), whole);
    const h = loadLanes(at(highest, t), whole);
    const l = loadLanes(at(lowest, t), whole);
    // As the scalar kernel: NaN where an input is; else 0 where the range is, else the position.
    const diff = willr ? f64x2.div(f64x2.sub(h, l), f64x2.splat(-100.0)) : f64x2.div(f64x2.sub(h, l), f64x2.splat(100.0));
    const position = willr ? f64x2.div(f64x2.sub(h, v), diff) : f64x2.div(f64x2.sub(v, l), diff);
    const result = v128.bitselect(position, zero, f64x2.ne(diff, zero));
    storeLanes(at(out, t), v128.bitselect(f64x2.splat(NaN), result, anyNaN3(v, h, l)), whole);
  }
}

/** TrueRangeKernel. State: [prevClose, seen]. */
export function trueRange(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const high = series(io, 0);
  const low = series(io, 1);
  const close = series(io, 2);
  const out = series(io, 3);
  let prevClose = load<f64>(state);
  let seen = load<f64>(state, 8);
  for (let t = from; t < to; t++) {
    const h = load<f64>(at(high, t));
    const l = load<f64>(at(low, t));
    const c = load<f64>(at(close, t));
    if (isNaN(h + l + c) && (h != h || l != l || c != c)) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    if (seen == 0) {
      seen = 1;
      store<f64>(at(out, t), NaN);
    } else {
      // As `if (toHigh > greatest) greatest = toHigh`, then the same for toLow.
      store<f64>(at(out, t), pmax(pmax(h - l, abs<f64>(prevClose - h)), abs<f64>(prevClose - l)));
    }
    prevClose = c;
  }
  store<f64>(state, prevClose);
  store<f64>(state, seen, 8);
}

/** DirectionalSumsKernel. State: [count, prevHigh, prevLow, prevClose, +DM, -DM, TR]. p0 = period. */
export function dmSums(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const high = series(io, 0);
  const low = series(io, 1);
  const close = series(io, 2);
  const outPlus = series(io, 3);
  const outMinus = series(io, 4);
  const outTr = series(io, 5);
  const n = <i32>p0;
  const keep: f64 = 1 - 1 / p0;
  let count = <i32>load<f64>(state);
  let prevHigh = load<f64>(state, 8);
  let prevLow = load<f64>(state, 16);
  let prevClose = load<f64>(state, 24);
  let plusDM = load<f64>(state, 32);
  let minusDM = load<f64>(state, 40);
  let tr = load<f64>(state, 48);
  for (let t = from; t < to; t++) {
    const h = load<f64>(at(high, t));
    const l = load<f64>(at(low, t));
    const c = load<f64>(at(close, t));
    if (isNaN(h + l + c) && (h != h || l != l || c != c)) {
      store<f64>(at(outPlus, t), NaN);
      store<f64>(at(outMinus, t), NaN);
      store<f64>(at(outTr, t), NaN);
      continue;
    }
    count++;
    if (count > 1) {
      const up = h - prevHigh;
      const down = prevLow - l;
      const range = pmax(pmax(h - l, abs<f64>(h - prevClose)), abs<f64>(l - prevClose));
      if (count > n) {
        minusDM *= keep;
        plusDM *= keep;
        tr = tr * keep + range;
      } else tr += range;
      minusDM += down * (<f64>(down > 0) * <f64>(up < down));
      plusDM += up * (<f64>(up > 0) * <f64>(up > down));
    }
    prevHigh = h;
    prevLow = l;
    prevClose = c;
    if (count > n) {
      store<f64>(at(outPlus, t), plusDM);
      store<f64>(at(outMinus, t), minusDM);
      store<f64>(at(outTr, t), tr);
    } else {
      store<f64>(at(outPlus, t), NaN);
      store<f64>(at(outMinus, t), NaN);
      store<f64>(at(outTr, t), NaN);
    }
  }
  store<f64>(state, <f64>count);
  store<f64>(state, prevHigh, 8);
  store<f64>(state, prevLow, 16);
  store<f64>(state, prevClose, 24);
  store<f64>(state, plusDM, 32);
  store<f64>(state, minusDM, 40);
  store<f64>(state, tr, 48);
}

/** DirectionalIndexKernel. State: [prevDx, dxCount, sumDx, adx]. p0 = period. */
export function dmIndex(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const plusSum = series(io, 0);
  const minusSum = series(io, 1);
  const trSum = series(io, 2);
  const outPlus = series(io, 3);
  const outMinus = series(io, 4);
  const outDx = series(io, 5);
  const outAdx = series(io, 6);
  const n = <i32>p0;
  const keep: f64 = 1 - 1 / p0;
  const inv: f64 = 1 / p0;
  let prevDx = load<f64>(state);
  let dxCount = <i32>load<f64>(state, 8);
  let sumDx = load<f64>(state, 16);
  let adx = load<f64>(state, 24);
  for (let t = from; t < to; t++) {
    const p = load<f64>(at(plusSum, t));
    const m = load<f64>(at(minusSum, t));
    const tr = load<f64>(at(trSum, t));
    if (isNaN(p + m + tr) && (p != p || m != m || tr != tr)) {
      store<f64>(at(outPlus, t), NaN);
      store<f64>(at(outMinus, t), NaN);
      store<f64>(at(outDx, t), NaN);
      store<f64>(at(outAdx, t), NaN);
      continue;
    }
    let defined = false;
    let dx: f64 = 0;
    if (tr > -TA_EPSILON && tr < TA_EPSILON) {
      store<f64>(at(outPlus, t), 0);
      store<f64>(at(outMinus, t), 0);
    } else {
      const minusDI = 100 * (m / tr);
      const plusDI = 100 * (p / tr);
      store<f64>(at(outPlus, t), plusDI);
      store<f64>(at(outMinus, t), minusDI);
      const total = minusDI + plusDI;
      if (!(total > -TA_EPSILON && total < TA_EPSILON)) {
        dx = 100 * (abs<f64>(minusDI - plusDI) / total);
        defined = true;
      }
    }
    if (defined) prevDx = dx;
    store<f64>(at(outDx, t), prevDx);
    dxCount++;
    if (dxCount > n) {
      if (defined) adx = adx * keep + dx * inv;
      store<f64>(at(outAdx, t), adx);
    } else {
      if (defined) sumDx += dx;
      if (dxCount == n) {
        adx = sumDx / <f64>n;
        store<f64>(at(outAdx, t), adx);
      } else store<f64>(at(outAdx, t), NaN);
    }
  }
  store<f64>(state, prevDx);
  store<f64>(state, <f64>dxCount, 8);
  store<f64>(state, sumDx, 16);
  store<f64>(state, adx, 24);
}

/** StddevKernel (population). State: [sum, sum2, count, head, ring[n]]. p0 = period. */
export function stddev(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const x = series(io, 0);
  const out = series(io, 1);
  const n = <i32>p0;
  const ring = slot(state, 4);
  let sum = load<f64>(state);
  let sum2 = load<f64>(state, 8);
  let count = <i32>load<f64>(state, 16);
  let head = <i32>load<f64>(state, 24);
  for (let t = from; t < to; t++) {
    const v = load<f64>(at(x, t));
    if (v != v) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    sum += v;
    sum2 += v * v;
    store<f64>(at(ring, head), v);
    head = head + 1 == n ? 0 : head + 1;
    if (count < n) count++;
    if (count == n) {
      const mean = sum / <f64>n;
      let variance = sum2 / <f64>n;
      variance -= mean * mean;
      store<f64>(at(out, t), variance < TA_EPSILON ? 0 : sqrt<f64>(variance));
      const old = load<f64>(at(ring, head));
      sum -= old;
      sum2 -= old * old;
    } else store<f64>(at(out, t), NaN);
  }
  store<f64>(state, sum);
  store<f64>(state, sum2, 8);
  store<f64>(state, <f64>count, 16);
  store<f64>(state, <f64>head, 24);
}

/** RollingExtremeKernel. State: [count, extreme, position, ring[n]]. p0 = period, p1 = 1 max / 0 min (+ 2: see below). */
export function rollingExtreme(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const x = series(io, 0);
  const outValue = series(io, 1);
  const outSince = series(io, 2);
  const n = <i32>p0;
  const ring = slot(state, 3);
  const end = at(ring, n);
  let count = <i32>load<f64>(state);
  let extreme = load<f64>(state, 8);
  let position = <i32>load<f64>(state, 16);
  let w = at(ring, count % n);
  let t = from;
  for (; t < to && count < n - 1; t++) {
    const v = load<f64>(at(x, t));
    store<f64>(at(outValue, t), NaN);
    store<f64>(at(outSince, t), NaN);
    if (v != v) continue;
    store<f64>(w, v);
    w = w + 8 == end ? ring : w + 8;
    count++;
  }
  // Long runs (the batch): blocks, O(1) a bar; a few bars (the daily update): the rescan.
  // p1: bit 0 max (else min); bit 1 set by the runner when nothing reads "bars since".
  const isMax = (<i32>p1 & 1) != 0;
  if (extremeBlocksFit(n, to - t)) {
    const track = (<i32>p1 & 2) == 0;
    if (isMax && track) extremeBlocks(state, x, outValue, outSince, n, count, t, to, true, true);
    else if (isMax) extremeBlocks(state, x, outValue, outSince, n, count, t, to, true, false);
    else if (track) extremeBlocks(state, x, outValue, outSince, n, count, t, to, false, true);
    else extremeBlocks(state, x, outValue, outSince, n, count, t, to, false, false);
    return;
  }
  if (isMax) {
    for (; t < to; t++) {
      const v = load<f64>(at(x, t));
      if (v != v) {
        store<f64>(at(outValue, t), NaN);
        store<f64>(at(outSince, t), NaN);
        continue;
      }
      store<f64>(w, v);
      w = w + 8 == end ? ring : w + 8;
      // `if (v >= extreme) { extreme = v; position = count }` without a branch (see
      // branchless.ts); taking v made the rescan test false, as the original else-if.
      position = select<i32>(count, position, v >= extreme);
      extreme = pmax(v, extreme);
      if (position <= count - n) {
        extreme = -Infinity;
        let p = count - n + 1;
        for (let k = w; k < end; k += 8, p++) {
          const y = load<f64>(k);
          position = select<i32>(p, position, y >= extreme);
          extreme = pmax(y, extreme);
        }
        for (let k = ring; k < w; k += 8, p++) {
          const y = load<f64>(k);
          position = select<i32>(p, position, y >= extreme);
          extreme = pmax(y, extreme);
        }
      }
      store<f64>(at(outValue, t), extreme);
      store<f64>(at(outSince, t), <f64>(count - position));
      count++;
    }
  } else {
    for (; t < to; t++) {
      const v = load<f64>(at(x, t));
      if (v != v) {
        store<f64>(at(outValue, t), NaN);
        store<f64>(at(outSince, t), NaN);
        continue;
      }
      store<f64>(w, v);
      w = w + 8 == end ? ring : w + 8;
      // `if (v <= extreme) { extreme = v; position = count }` without a branch (see
      // branchless.ts); taking v made the rescan test false, as the original else-if.
      position = select<i32>(count, position, v <= extreme);
      extreme = pmin(v, extreme);
      if (position <= count - n) {
        extreme = Infinity;
        let p = count - n + 1;
        for (let k = w; k < end; k += 8, p++) {
          const y = load<f64>(k);
          position = select<i32>(p, position, y <= extreme);
          extreme = pmin(y, extreme);
        }
        for (let k = ring; k < w; k += 8, p++) {
          const y = load<f64>(k);
          position = select<i32>(p, position, y <= extreme);
          extreme = pmin(y, extreme);
        }
      }
      store<f64>(at(outValue, t), extreme);
      store<f64>(at(outSince, t), <f64>(count - position));
      count++;
    }
  }
  store<f64>(state, <f64>count);
  store<f64>(state, extreme, 8);
  store<f64>(state, <f64>position, 16);
}

const CCI_CLOSE_CALL: f64 = 1e-4;

// The window sums in four independent chains, as the TS kernel's (chain i takes slots
// j % 4 == i): the same additions in the same order. (An f64x2 version, two chains per
// vector, measured ~25% slower on V8.)
@inline function cciWindowSum(ring: usize, end: usize): f64 {
  let s0: f64 = 0;
  let s1: f64 = 0;
  let s2: f64 = 0;
  let s3: f64 = 0;
  let j = ring;
  for (; j + 24 < end; j += 32) {
    s0 += load<f64>(j);
    s1 += load<f64>(j, 8);
    s2 += load<f64>(j, 16);
    s3 += load<f64>(j, 24);
  }
  for (; j < end; j += 8) s0 += load<f64>(j);
  return s0 + s1 + (s2 + s3);
}

@inline function cciDeviation(ring: usize, end: usize, average: f64): f64 {
  // Chains 0 and 1 in the lanes of one vector, 2 and 3 in another: the TS kernel's four.
  const mean = f64x2.splat(average);
  let d01 = f64x2.splat(0);
  let d23 = f64x2.splat(0);
  let j = ring;
  for (; j + 24 < end; j += 32) {
    d01 = f64x2.add(d01, f64x2.abs(f64x2.sub(v128.load(j), mean)));
    d23 = f64x2.add(d23, f64x2.abs(f64x2.sub(v128.load(j, 16), mean)));
  }
  let d0 = f64x2.extract_lane(d01, 0);
  for (; j < end; j += 8) d0 += abs<f64>(load<f64>(j) - average);
  return d0 + f64x2.extract_lane(d01, 1) + (f64x2.extract_lane(d23, 0) + f64x2.extract_lane(d23, 1));
}

/** CciKernel. State: [count, head, sum, ring[n]]. p0 = period. */
export function cci(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const high = series(io, 0);
  const low = series(io, 1);
  const close = series(io, 2);
  const out = series(io, 3);
  const n = <i32>p0;
  const ring = slot(state, 3);
  const end = at(ring, n);
  let count = <i32>load<f64>(state);
  let head = <i32>load<f64>(state, 8);
  let sum = load<f64>(state, 16);
  const inverse: f64 = 1 / p0;
  const scale: f64 = 0.015 / p0;
  for (let t = from; t < to; t++) {
    const h = load<f64>(at(high, t));
    const l = load<f64>(at(low, t));
    const c = load<f64>(at(close, t));
    if (isNaN(h + l + c) && (h != h || l != l || c != c)) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    const tp = (h + l + c) / 3;
    sum += tp - load<f64>(at(ring, head));
    // The ring takes the value as the 16 bytes the deviation's vector loads read back right
    // after: a narrower store under a wider load cannot be forwarded, and the load waits for
    // the store to reach the cache (16.4 -> 11.1 ns a bar). The other slot of the pair is
    // written back as it was; an odd ring's last slot, whose pair would reach past the ring
    // (into memory another thread may be writing), takes a plain store.
    if ((head | 1) < n) {
      const pair = ring + (<usize>(head >> 1) << 4);
      const both = v128.load(pair);
      v128.store(pair, (head & 1) == 0 ? f64x2.replace_lane(both, 0, tp) : f64x2.replace_lane(both, 1, tp));
    } else store<f64>(at(ring, head), tp);
    head = head + 1 == n ? 0 : head + 1;
    if (head == 0) sum = cciWindowSum(ring, end);
    if (count < n) count++;
    if (count < n) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    let average = sum * inverse;
    let deviation = cciDeviation(ring, end, average);
    const margin = CCI_CLOSE_CALL * abs<f64>(average);
    if (abs<f64>(tp - average) <= margin || deviation <= margin * <f64>n) {
      let exact: f64 = 0;
      for (let j = ring; j < end; j += 8) exact += load<f64>(j);
      average = exact / <f64>n;
      deviation = cciDeviation(ring, end, average);
    }
    const d = tp - average;
    store<f64>(at(out, t), d != 0.0 && deviation != 0.0 ? d / (deviation * scale) : 0.0);
  }
  store<f64>(state, <f64>count);
  store<f64>(state, <f64>head, 8);
  store<f64>(state, sum, 16);
}

/** One CCI bar past warm-up for one lane (the steady part of cci()); returns the output. */
@inline function cciStep(ring: usize, end: usize, n: i32, tp: f64, sum: f64, inverse: f64, scale: f64): f64 {
  let average = sum * inverse;
  let deviation = cciDeviation(ring, end, average);
  const margin = CCI_CLOSE_CALL * abs<f64>(average);
  if (abs<f64>(tp - average) <= margin || deviation <= margin * <f64>n) {
    let exact: f64 = 0;
    for (let j = ring; j < end; j += 8) exact += load<f64>(j);
    average = exact / <f64>n;
    deviation = cciDeviation(ring, end, average);
  }
  const d = tp - average;
  return d != 0.0 && deviation != 0.0 ? d / (deviation * scale) : 0.0;
}

/** cci()'s ring update for one lane: the new typical price in, the sum kept; returns the new head. */
@inline function cciPush(ring: usize, end: usize, n: i32, head: i32, tp: f64): i32 {
  if ((head | 1) < n) {
    const pair = ring + (<usize>(head >> 1) << 4);
    const both = v128.load(pair);
    v128.store(pair, (head & 1) == 0 ? f64x2.replace_lane(both, 0, tp) : f64x2.replace_lane(both, 1, tp));
  } else store<f64>(at(ring, head), tp);
  return head + 1 == n ? 0 : head + 1;
}

/**
 * CciKernel for two symbols in one loop (program.ts runPair): each lane's steps as cci()
 * takes them, interleaved so the two symbols' deviation sums overlap, and the typical
 * price's division one vector division for both. State: [count, head, sum, ring[n]];
 * steady once count == n. See pairs.ts for how pairs run.
 */
export function cciPair(sa: usize, sb: usize, ioA: usize, ioB: usize, toA: i32, toB: i32, p0: f64, p1: f64): void {
  const n = <i32>p0;
  let ta = 0;
  let tb = 0;
  while (ta < toA && <i32>load<f64>(sa) < n) {
    const end = min(toA, ta + n - <i32>load<f64>(sa));
    cci(sa, ioA, ta, end, p0, p1);
    ta = end;
  }
  while (tb < toB && <i32>load<f64>(sb) < n) {
    const end = min(toB, tb + n - <i32>load<f64>(sb));
    cci(sb, ioB, tb, end, p0, p1);
    tb = end;
  }
  const hA = series(ioA, 0);
  const lA = series(ioA, 1);
  const cA = series(ioA, 2);
  const oA = series(ioA, 3);
  const hB = series(ioB, 0);
  const lB = series(ioB, 1);
  const cB = series(ioB, 2);
  const oB = series(ioB, 3);
  const ringA = slot(sa, 3);
  const ringB = slot(sb, 3);
  const endA = at(ringA, n);
  const endB = at(ringB, n);
  let headA = <i32>load<f64>(sa, 8);
  let headB = <i32>load<f64>(sb, 8);
  let sumA = load<f64>(sa, 16);
  let sumB = load<f64>(sb, 16);
  const inverse: f64 = 1 / p0;
  const scale: f64 = 0.015 / p0;
  const three = f64x2.splat(3);
  while (ta < toA && tb < toB) {
    const ha = load<f64>(at(hA, ta));
    const la = load<f64>(at(lA, ta));
    const ca = load<f64>(at(cA, ta));
    const hb = load<f64>(at(hB, tb));
    const lb = load<f64>(at(lB, tb));
    const cb = load<f64>(at(cB, tb));
    if (isNaN(ha + la + ca + hb + lb + cb)) {
      const missA = ha != ha || la != la || ca != ca;
      const missB = hb != hb || lb != lb || cb != cb;
      if (!(missA || missB)) break; // infinities, no bar missing: the single kernels go on
      if (missA) store<f64>(at(oA, ta++), NaN);
      if (missB) store<f64>(at(oB, tb++), NaN);
      continue;
    }
    const tps = f64x2.div(
      f64x2.add(f64x2.add(f64x2.replace_lane(f64x2.splat(ha), 1, hb), f64x2.replace_lane(f64x2.splat(la), 1, lb)), f64x2.replace_lane(f64x2.splat(ca), 1, cb)),
      three,
    );
    const tpA = f64x2.extract_lane(tps, 0);
    const tpB = f64x2.extract_lane(tps, 1);
    sumA += tpA - load<f64>(at(ringA, headA));
    sumB += tpB - load<f64>(at(ringB, headB));
    headA = cciPush(ringA, endA, n, headA, tpA);
    headB = cciPush(ringB, endB, n, headB, tpB);
    if (headA == 0) sumA = cciWindowSum(ringA, endA);
    if (headB == 0) sumB = cciWindowSum(ringB, endB);
    store<f64>(at(oA, ta++), cciStep(ringA, endA, n, tpA, sumA, inverse, scale));
    store<f64>(at(oB, tb++), cciStep(ringB, endB, n, tpB, sumB, inverse, scale));
  }
  store<f64>(sa, <f64>headA, 8);
  store<f64>(sb, <f64>headB, 8);
  store<f64>(sa, sumA, 16);
  store<f64>(sb, sumB, 16);
  if (ta < toA) cci(sa, ioA, ta, toA, p0, p1);
  if (tb < toB) cci(sb, ioB, tb, toB, p0, p1);
}

/** MfiKernel. State: [prevTp, count, pos, neg, head, posRing[n], negRing[n]]. p0 = period. */
export function mfi(state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  const high = series(io, 0);
  const low = series(io, 1);
  const close = series(io, 2);
  const volume = series(io, 3);
  const out = series(io, 4);
  const n = <i32>p0;
  const posRing = slot(state, 5);
  const negRing = slot(state, 5 + n);
  let prevTp = load<f64>(state);
  let count = <i32>load<f64>(state, 8);
  let pos = load<f64>(state, 16);
  let neg = load<f64>(state, 24);
  let head = <i32>load<f64>(state, 32);
  for (let t = from; t < to; t++) {
    const h = load<f64>(at(high, t));
    const l = load<f64>(at(low, t));
    const c = load<f64>(at(close, t));
    const vol = load<f64>(at(volume, t));
    if (isNaN(h + l + c + vol) && (h != h || l != l || c != c || vol != vol)) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    const tp = (h + l + c) / 3.0;
    if (count < n + 2) count++;
    if (count == 1) {
      prevTp = tp;
      store<f64>(at(out, t), NaN);
      continue;
    }
    if (count > n + 1) {
      pos -= load<f64>(at(posRing, head));
      neg -= load<f64>(at(negRing, head));
    }
    const change = tp - prevTp;
    prevTp = tp;
    const flow = tp * vol;
    const up = flow * <f64>(change > 0);
    const down = flow * <f64>(change < 0);
    store<f64>(at(posRing, head), up);
    store<f64>(at(negRing, head), down);
    pos += up;
    neg += down;
    head = head + 1 == n ? 0 : head + 1;
    if (count < n + 1) {
      store<f64>(at(out, t), NaN);
      continue;
    }
    const total = pos + neg;
    const index = total < 1.0 ? 0.0 : 100.0 * (pos / total);
    store<f64>(at(out, t), index > 100.0 ? 100.0 : index < 0.0 ? 0.0 : index);
  }
  store<f64>(state, prevTp);
  store<f64>(state, <f64>count, 8);
  store<f64>(state, pos, 16);
  store<f64>(state, neg, 24);
  store<f64>(state, <f64>head, 32);
}
