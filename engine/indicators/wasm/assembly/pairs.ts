// Two symbols in one loop, for kernels whose loop is bound by one dependency chain (an
// EMA's multiply-add, RSI's divide, a running sum): one symbol's chain leaves the core idle
// most of each bar, and a second symbol's independent chain fills it. `runProgramPair`
// (program.ts) calls these with two symbols' states and io tables.
//
// Each lane first runs the kernel alone until its state is past warm-up; then both lanes
// advance together with the kernel's steady-state step, written out for each lane (the same
// operations in the same order, so every value is the single kernel's, bit for bit: the
// wasm tests compare pairs with single runs). A missing bar on one lane is that lane's own
// step (NaN out, state kept) while the other waits; when one lane ends, the other finishes
// alone (as they do from a bar whose values are not missing but sum to NaN: infinities).
// `from` is 0 for both lanes: pairs run only in batch passes.

import { sma, ema, wilder, rsi, dmSums, dmIndex, mfi } from "./kernels";
import { sampleStddev, correl } from "./kernels-trend";

const TA_EPSILON: f64 = 1e-14;

@inline function series(io: usize, i: i32): usize {
  return <usize>load<u32>(io + (<usize>i << 2));
}

@inline function at(base: usize, t: i32): usize {
  return base + (<usize>t << 3);
}

@inline function countAt(state: usize, byte: usize): i32 {
  return <i32>load<f64>(state + byte);
}

/**
 * Runs `kernel` alone from bar `t` until its count (state double at byte `byte`) reaches
 * `ready` or the bars end; returns the bar it stopped at. Each call is given exactly the bars
 * still needed (missing bars do not count, so it may take several).
 */
@inline function warm(
  kernel: (state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64) => void,
  state: usize,
  io: usize,
  t: i32,
  to: i32,
  byte: usize,
  ready: i32,
  p0: f64,
  p1: f64,
): i32 {
  while (t < to) {
    const need = ready - countAt(state, byte);
    if (need <= 0) break;
    const end = min(to, t + need);
    kernel(state, io, t, end, p0, p1);
    t = end;
  }
  return t;
}

/** EmaKernel for two symbols. State: [ema, count, sum]; steady once count >= skip + period. */
export function emaPair(sa: usize, sb: usize, ioA: usize, ioB: usize, toA: i32, toB: i32, p0: f64, p1: f64): void {
  const ready = <i32>p1 + <i32>p0;
  let ta = warm(ema, sa, ioA, 0, toA, 8, ready, p0, p1);
  let tb = warm(ema, sb, ioB, 0, toB, 8, ready, p0, p1);
  const k: f64 = 2 / (p0 + 1);
  const keep: f64 = 1 - k;
  const xA = series(ioA, 0);
  const oA = series(ioA, 1);
  const xB = series(ioB, 0);
  const oB = series(ioB, 1);
  let a = load<f64>(sa);
  let b = load<f64>(sb);
  while (ta < toA && tb < toB) {
    const va = load<f64>(at(xA, ta));
    const vb = load<f64>(at(xB, tb));
    if (isNaN(va + vb)) {
      const missA = va != va;
      const missB = vb != vb;
      if (!(missA || missB)) break; // infinities, no bar missing: the single kernels go on
      if (missA) store<f64>(at(oA, ta++), NaN);
      if (missB) store<f64>(at(oB, tb++), NaN);
      continue;
    }
    a = a * keep + va * k;
    b = b * keep + vb * k;
    store<f64>(at(oA, ta++), a);
    store<f64>(at(oB, tb++), b);
  }
  store<f64>(sa, a);
  store<f64>(sb, b);
  if (ta < toA) ema(sa, ioA, ta, toA, p0, p1);
  if (tb < toB) ema(sb, ioB, tb, toB, p0, p1);
}

/** WilderKernel for two symbols. State: [avg, count, sum]; steady once count >= period. */
export function wilderPair(sa: usize, sb: usize, ioA: usize, ioB: usize, toA: i32, toB: i32, p0: f64, p1: f64): void {
  const ready = <i32>p0;
  let ta = warm(wilder, sa, ioA, 0, toA, 8, ready, p0, p1);
  let tb = warm(wilder, sb, ioB, 0, toB, 8, ready, p0, p1);
  const keep: f64 = 1 - 1 / p0;
  const inv: f64 = 1 / p0;
  const xA = series(ioA, 0);
  const oA = series(ioA, 1);
  const xB = series(ioB, 0);
  const oB = series(ioB, 1);
  let a = load<f64>(sa);
  let b = load<f64>(sb);
  while (ta < toA && tb < toB) {
    const va = load<f64>(at(xA, ta));
    const vb = load<f64>(at(xB, tb));
    if (isNaN(va + vb)) {
      const missA = va != va;
      const missB = vb != vb;
      if (!(missA || missB)) break; // infinities, no bar missing: the single kernels go on
      if (missA) store<f64>(at(oA, ta++), NaN);
      if (missB) store<f64>(at(oB, tb++), NaN);
      continue;
    }
    a = a * keep + va * inv;
    b = b * keep + vb * inv;
    store<f64>(at(oA, ta++), a);
    store<f64>(at(oB, tb++), b);
  }
  store<f64>(sa, a);
  store<f64>(sb, b);
  if (ta < toA) wilder(sa, ioA, ta, toA, p0, p1);
  if (tb < toB) wilder(sb, ioB, tb, toB, p0, p1);
}

/** RsiKernel for two symbols. State: [prev, count, gain, loss]; steady once count >= period + 1. */
export function rsiPair(sa: usize, sb: usize, ioA: usize, ioB: usize, toA: i32, toB: i32, p0: f64, p1: f64): void {
  const n = <i32>p0;
  let ta = warm(rsi, sa, ioA, 0, toA, 8, n + 1, p0, p1);
  let tb = warm(rsi, sb, ioB, 0, toB, 8, n + 1, p0, p1);
  const xA = series(ioA, 0);
  const oA = series(ioA, 1);
  const xB = series(ioB, 0);
  const oB = series(ioB, 1);
  let prevA = load<f64>(sa);
  let prevB = load<f64>(sb);
  let countA = countAt(sa, 8);
  let countB = countAt(sb, 8);
  let gainA = load<f64>(sa, 16);
  let gainB = load<f64>(sb, 16);
  let lossA = load<f64>(sa, 24);
  let lossB = load<f64>(sb, 24);
  while (ta < toA && tb < toB) {
    const va = load<f64>(at(xA, ta));
    const vb = load<f64>(at(xB, tb));
    if (isNaN(va + vb)) {
      const missA = va != va;
      const missB = vb != vb;
      if (!(missA || missB)) break; // infinities, no bar missing: the single kernels go on
      if (missA) store<f64>(at(oA, ta++), NaN);
      if (missB) store<f64>(at(oB, tb++), NaN);
      continue;
    }
    countA++;
    countB++;
    const changeA = va - prevA;
    const changeB = vb - prevB;
    prevA = va;
    prevB = vb;
    lossA *= <f64>(n - 1);
    lossB *= <f64>(n - 1);
    gainA *= <f64>(n - 1);
    gainB *= <f64>(n - 1);
    lossA -= changeA * <f64>(changeA < 0);
    lossB -= changeB * <f64>(changeB < 0);
    gainA += changeA * <f64>(changeA > 0);
    gainB += changeB * <f64>(changeB > 0);
    lossA /= <f64>n;
    lossB /= <f64>n;
    gainA /= <f64>n;
    gainB /= <f64>n;
    const totalA = gainA + lossA;
    const totalB = gainB + lossB;
    store<f64>(at(oA, ta++), totalA > -TA_EPSILON && totalA < TA_EPSILON ? 0 : 100 * (gainA / totalA));
    store<f64>(at(oB, tb++), totalB > -TA_EPSILON && totalB < TA_EPSILON ? 0 : 100 * (gainB / totalB));
  }
  store<f64>(sa, prevA);
  store<f64>(sb, prevB);
  store<f64>(sa, <f64>countA, 8);
  store<f64>(sb, <f64>countB, 8);
  store<f64>(sa, gainA, 16);
  store<f64>(sb, gainB, 16);
  store<f64>(sa, lossA, 24);
  store<f64>(sb, lossB, 24);
  if (ta < toA) rsi(sa, ioA, ta, toA, p0, p1);
  if (tb < toB) rsi(sb, ioB, tb, toB, p0, p1);
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

/** Lanes where `x` is TA-Lib's zero (TA_IS_ZERO: -1e-14 < x < 1e-14). */
@inline function taZero(x: v128): v128 {
  return v128.and(f64x2.gt(x, f64x2.splat(-TA_EPSILON)), f64x2.lt(x, f64x2.splat(TA_EPSILON)));
}

/**
 * DirectionalIndexKernel for two symbols, one symbol a lane of each vector: its three
 * divisions a bar are one vector division each for both (the divider, not a dependency
 * chain, bounds this kernel). State: [prevDx, dxCount, sumDx, adx]; steady once dxCount >= period.
 */
export function dmIndexPair(sa: usize, sb: usize, ioA: usize, ioB: usize, toA: i32, toB: i32, p0: f64, p1: f64): void {
  const n = <i32>p0;
  let ta = warm(dmIndex, sa, ioA, 0, toA, 8, n, p0, p1);
  let tb = warm(dmIndex, sb, ioB, 0, toB, 8, n, p0, p1);
  const keep = f64x2.splat(1 - 1 / p0);
  const inv = f64x2.splat(1 / p0);
  const hundred = f64x2.splat(100);
  const zero = f64x2.splat(0);
  const plusA = series(ioA, 0);
  const minusA = series(ioA, 1);
  const trA = series(ioA, 2);
  const plusB = series(ioB, 0);
  const minusB = series(ioB, 1);
  const trB = series(ioB, 2);
  const oPlusA = series(ioA, 3);
  const oMinusA = series(ioA, 4);
  const oDxA = series(ioA, 5);
  const oAdxA = series(ioA, 6);
  const oPlusB = series(ioB, 3);
  const oMinusB = series(ioB, 4);
  const oDxB = series(ioB, 5);
  const oAdxB = series(ioB, 6);
  let prevDx = lanes(load<f64>(sa), load<f64>(sb));
  let adx = lanes(load<f64>(sa, 24), load<f64>(sb, 24));
  let countA = countAt(sa, 8);
  let countB = countAt(sb, 8);
  while (ta < toA && tb < toB) {
    const pa = load<f64>(at(plusA, ta));
    const ma = load<f64>(at(minusA, ta));
    const ra = load<f64>(at(trA, ta));
    const pb = load<f64>(at(plusB, tb));
    const mb = load<f64>(at(minusB, tb));
    const rb = load<f64>(at(trB, tb));
    if (isNaN(pa + ma + ra + pb + mb + rb)) {
      const missA = pa != pa || ma != ma || ra != ra;
      const missB = pb != pb || mb != mb || rb != rb;
      if (!(missA || missB)) break; // infinities, no bar missing: the single kernels go on
      if (missA) {
        store<f64>(at(oPlusA, ta), NaN);
        store<f64>(at(oMinusA, ta), NaN);
        store<f64>(at(oDxA, ta), NaN);
        store<f64>(at(oAdxA, ta++), NaN);
      }
      if (missB) {
        store<f64>(at(oPlusB, tb), NaN);
        store<f64>(at(oMinusB, tb), NaN);
        store<f64>(at(oDxB, tb), NaN);
        store<f64>(at(oAdxB, tb++), NaN);
      }
      continue;
    }
    const tr = lanes(ra, rb);
    const noRange = taZero(tr);
    const minusDI = f64x2.mul(hundred, f64x2.div(lanes(ma, mb), tr));
    const plusDI = f64x2.mul(hundred, f64x2.div(lanes(pa, pb), tr));
    storeEach(at(oPlusA, ta), at(oPlusB, tb), v128.bitselect(zero, plusDI, noRange));
    storeEach(at(oMinusA, ta), at(oMinusB, tb), v128.bitselect(zero, minusDI, noRange));
    const total = f64x2.add(minusDI, plusDI);
    const dx = f64x2.mul(hundred, f64x2.div(f64x2.abs(f64x2.sub(minusDI, plusDI)), total));
    const defined = v128.not(v128.or(noRange, taZero(total)));
    prevDx = v128.bitselect(dx, prevDx, defined);
    storeEach(at(oDxA, ta), at(oDxB, tb), prevDx);
    adx = v128.bitselect(f64x2.add(f64x2.mul(adx, keep), f64x2.mul(dx, inv)), adx, defined);
    storeEach(at(oAdxA, ta++), at(oAdxB, tb++), adx);
    countA++;
    countB++;
  }
  store<f64>(sa, f64x2.extract_lane(prevDx, 0));
  store<f64>(sb, f64x2.extract_lane(prevDx, 1));
  store<f64>(sa, <f64>countA, 8);
  store<f64>(sb, <f64>countB, 8);
  store<f64>(sa, f64x2.extract_lane(adx, 0), 24);
  store<f64>(sb, f64x2.extract_lane(adx, 1), 24);
  if (ta < toA) dmIndex(sa, ioA, ta, toA, p0, p1);
  if (tb < toB) dmIndex(sb, ioB, tb, toB, p0, p1);
}

/** 1.0 in lanes where `mask` is set, +0.0 elsewhere: `<f64>(condition)` for each lane. */
@inline function ones(mask: v128): v128 {
  return v128.and(mask, f64x2.splat(1));
}

/**
 * DirectionalSumsKernel for two symbols, a lane each (the scalar pair ran out of registers:
 * slower than one at a time). State: [count, prevHigh, prevLow, prevClose, +DM, -DM, TR];
 * steady once count >= period (every later bar decays the sums).
 */
export function dmSumsPair(sa: usize, sb: usize, ioA: usize, ioB: usize, toA: i32, toB: i32, p0: f64, p1: f64): void {
  const n = <i32>p0;
  let ta = warm(dmSums, sa, ioA, 0, toA, 0, n, p0, p1);
  let tb = warm(dmSums, sb, ioB, 0, toB, 0, n, p0, p1);
  const keep = f64x2.splat(1 - 1 / p0);
  const zero = f64x2.splat(0);
  const hA = series(ioA, 0);
  const lA = series(ioA, 1);
  const cA = series(ioA, 2);
  const plusA = series(ioA, 3);
  const minusA = series(ioA, 4);
  const trA = series(ioA, 5);
  const hB = series(ioB, 0);
  const lB = series(ioB, 1);
  const cB = series(ioB, 2);
  const plusB = series(ioB, 3);
  const minusB = series(ioB, 4);
  const trB = series(ioB, 5);
  let countA = countAt(sa, 0);
  let countB = countAt(sb, 0);
  let prevHigh = lanes(load<f64>(sa, 8), load<f64>(sb, 8));
  let prevLow = lanes(load<f64>(sa, 16), load<f64>(sb, 16));
  let prevClose = lanes(load<f64>(sa, 24), load<f64>(sb, 24));
  let plusDM = lanes(load<f64>(sa, 32), load<f64>(sb, 32));
  let minusDM = lanes(load<f64>(sa, 40), load<f64>(sb, 40));
  let rangeSum = lanes(load<f64>(sa, 48), load<f64>(sb, 48));
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
      if (missA) {
        store<f64>(at(plusA, ta), NaN);
        store<f64>(at(minusA, ta), NaN);
        store<f64>(at(trA, ta++), NaN);
      }
      if (missB) {
        store<f64>(at(plusB, tb), NaN);
        store<f64>(at(minusB, tb), NaN);
        store<f64>(at(trB, tb++), NaN);
      }
      continue;
    }
    countA++;
    countB++;
    const h = lanes(ha, hb);
    const l = lanes(la, lb);
    const up = f64x2.sub(h, prevHigh);
    const down = f64x2.sub(prevLow, l);
    const range = f64x2.pmax(
      f64x2.pmax(f64x2.sub(h, l), f64x2.abs(f64x2.sub(h, prevClose))),
      f64x2.abs(f64x2.sub(l, prevClose)),
    );
    minusDM = f64x2.mul(minusDM, keep);
    plusDM = f64x2.mul(plusDM, keep);
    rangeSum = f64x2.add(f64x2.mul(rangeSum, keep), range);
    minusDM = f64x2.add(minusDM, f64x2.mul(down, f64x2.mul(ones(f64x2.gt(down, zero)), ones(f64x2.lt(up, down)))));
    plusDM = f64x2.add(plusDM, f64x2.mul(up, f64x2.mul(ones(f64x2.gt(up, zero)), ones(f64x2.gt(up, down)))));
    prevHigh = h;
    prevLow = l;
    prevClose = lanes(ca, cb);
    storeEach(at(plusA, ta), at(plusB, tb), plusDM);
    storeEach(at(minusA, ta), at(minusB, tb), minusDM);
    storeEach(at(trA, ta++), at(trB, tb++), rangeSum);
  }
  store<f64>(sa, <f64>countA);
  store<f64>(sb, <f64>countB);
  store<f64>(sa, f64x2.extract_lane(prevHigh, 0), 8);
  store<f64>(sb, f64x2.extract_lane(prevHigh, 1), 8);
  store<f64>(sa, f64x2.extract_lane(prevLow, 0), 16);
  store<f64>(sb, f64x2.extract_lane(prevLow, 1), 16);
  store<f64>(sa, f64x2.extract_lane(prevClose, 0), 24);
  store<f64>(sb, f64x2.extract_lane(prevClose, 1), 24);
  store<f64>(sa, f64x2.extract_lane(plusDM, 0), 32);
  store<f64>(sb, f64x2.extract_lane(plusDM, 1), 32);
  store<f64>(sa, f64x2.extract_lane(minusDM, 0), 40);
  store<f64>(sb, f64x2.extract_lane(minusDM, 1), 40);
  store<f64>(sa, f64x2.extract_lane(rangeSum, 0), 48);
  store<f64>(sb, f64x2.extract_lane(rangeSum, 1), 48);
  if (ta < toA) dmSums(sa, ioA, ta, toA, p0, p1);
  if (tb < toB) dmSums(sb, ioB, tb, toB, p0, p1);
}

/**
 * MfiKernel for two symbols, a lane each: the typical price's and the index's divisions
 * are one vector division each for both. State: [prevTp, count, pos, neg, head, posRing[n],
 * negRing[n]]; steady once count >= period + 2 (the rings are full).
 */
export function mfiPair(sa: usize, sb: usize, ioA: usize, ioB: usize, toA: i32, toB: i32, p0: f64, p1: f64): void {
  const n = <i32>p0;
  let ta = warm(mfi, sa, ioA, 0, toA, 8, n + 2, p0, p1);
  let tb = warm(mfi, sb, ioB, 0, toB, 8, n + 2, p0, p1);
  const three = f64x2.splat(3.0);
  const one = f64x2.splat(1.0);
  const hundred = f64x2.splat(100.0);
  const zero = f64x2.splat(0.0);
  const hA = series(ioA, 0);
  const lA = series(ioA, 1);
  const cA = series(ioA, 2);
  const vA = series(ioA, 3);
  const oA = series(ioA, 4);
  const hB = series(ioB, 0);
  const lB = series(ioB, 1);
  const cB = series(ioB, 2);
  const vB = series(ioB, 3);
  const oB = series(ioB, 4);
  const posRingA = sa + 40;
  const negRingA = posRingA + (<usize>n << 3);
  const posRingB = sb + 40;
  const negRingB = posRingB + (<usize>n << 3);
  let prevTp = lanes(load<f64>(sa), load<f64>(sb));
  let pos = lanes(load<f64>(sa, 16), load<f64>(sb, 16));
  let neg = lanes(load<f64>(sa, 24), load<f64>(sb, 24));
  let headA = countAt(sa, 32);
  let headB = countAt(sb, 32);
  while (ta < toA && tb < toB) {
    const ha = load<f64>(at(hA, ta));
    const la = load<f64>(at(lA, ta));
    const ca = load<f64>(at(cA, ta));
    const va = load<f64>(at(vA, ta));
    const hb = load<f64>(at(hB, tb));
    const lb = load<f64>(at(lB, tb));
    const cb = load<f64>(at(cB, tb));
    const vb = load<f64>(at(vB, tb));
    if (isNaN(ha + la + ca + va + hb + lb + cb + vb)) {
      const missA = ha != ha || la != la || ca != ca || va != va;
      const missB = hb != hb || lb != lb || cb != cb || vb != vb;
      if (!(missA || missB)) break; // infinities, no bar missing: the single kernels go on
      if (missA) store<f64>(at(oA, ta++), NaN);
      if (missB) store<f64>(at(oB, tb++), NaN);
      continue;
    }
    const tp = f64x2.div(f64x2.add(f64x2.add(lanes(ha, hb), lanes(la, lb)), lanes(ca, cb)), three);
    pos = f64x2.sub(pos, lanes(load<f64>(at(posRingA, headA)), load<f64>(at(posRingB, headB))));
    neg = f64x2.sub(neg, lanes(load<f64>(at(negRingA, headA)), load<f64>(at(negRingB, headB))));
    const change = f64x2.sub(tp, prevTp);
    prevTp = tp;
    const flow = f64x2.mul(tp, lanes(va, vb));
    const up = f64x2.mul(flow, ones(f64x2.gt(change, zero)));
    const down = f64x2.mul(flow, ones(f64x2.lt(change, zero)));
    storeEach(at(posRingA, headA), at(posRingB, headB), up);
    storeEach(at(negRingA, headA), at(negRingB, headB), down);
    pos = f64x2.add(pos, up);
    neg = f64x2.add(neg, down);
    headA = headA + 1 == n ? 0 : headA + 1;
    headB = headB + 1 == n ? 0 : headB + 1;
    const total = f64x2.add(pos, neg);
    const index = v128.bitselect(zero, f64x2.mul(hundred, f64x2.div(pos, total)), f64x2.lt(total, one));
    // index > 100 ? 100 : index < 0 ? 0 : index
    const clamped = v128.bitselect(hundred, v128.bitselect(zero, index, f64x2.lt(index, zero)), f64x2.gt(index, hundred));
    storeEach(at(oA, ta++), at(oB, tb++), clamped);
  }
  store<f64>(sa, f64x2.extract_lane(prevTp, 0));
  store<f64>(sb, f64x2.extract_lane(prevTp, 1));
  store<f64>(sa, f64x2.extract_lane(pos, 0), 16);
  store<f64>(sb, f64x2.extract_lane(pos, 1), 16);
  store<f64>(sa, f64x2.extract_lane(neg, 0), 24);
  store<f64>(sb, f64x2.extract_lane(neg, 1), 24);
  store<f64>(sa, <f64>headA, 32);
  store<f64>(sb, <f64>headB, 32);
  if (ta < toA) mfi(sa, ioA, ta, toA, p0, p1);
  if (tb < toB) mfi(sb, ioB, tb, toB, p0, p1);
}

/** All ones in lane 0 if `a`, in lane 1 if `b`. */
@inline function maskOf(a: bool, b: bool): v128 {
  return i64x2.replace_lane(i64x2.splat(-(<i64>a)), 1, -(<i64>b));
}

/**
 * SampleStddevKernel (rolling Welford) for two symbols, a lane each: its dependency chain
 * runs through a division every bar (mean + d / n), so one symbol leaves the divider idle
 * most of the time. State: [count, head, mean, m2, run, last, ring[n]]; steady once count == n.
 */
export function sampleStddevPair(sa: usize, sb: usize, ioA: usize, ioB: usize, toA: i32, toB: i32, p0: f64, p1: f64): void {
  const n = <i32>p0;
  let ta = warm(sampleStddev, sa, ioA, 0, toA, 0, n, p0, p1);
  let tb = warm(sampleStddev, sb, ioB, 0, toB, 0, n, p0, p1);
  const period = f64x2.splat(p0);
  const dof = f64x2.splat(<f64>(n - 1));
  const zero = f64x2.splat(0);
  const xA = series(ioA, 0);
  const oA = series(ioA, 1);
  const xB = series(ioB, 0);
  const oB = series(ioB, 1);
  const ringA = sa + 48;
  const ringB = sb + 48;
  let headA = countAt(sa, 8);
  let headB = countAt(sb, 8);
  let mean = lanes(load<f64>(sa, 16), load<f64>(sb, 16));
  let m2 = lanes(load<f64>(sa, 24), load<f64>(sb, 24));
  let runA = countAt(sa, 32);
  let runB = countAt(sb, 32);
  let lastA = load<f64>(sa, 40);
  let lastB = load<f64>(sb, 40);
  while (ta < toA && tb < toB) {
    const va = load<f64>(at(xA, ta));
    const vb = load<f64>(at(xB, tb));
    if (isNaN(va + vb)) {
      const missA = va != va;
      const missB = vb != vb;
      if (!(missA || missB)) break; // infinities, no bar missing: the single kernels go on
      if (missA) store<f64>(at(oA, ta++), NaN);
      if (missB) store<f64>(at(oB, tb++), NaN);
      continue;
    }
    runA = va == lastA ? min(runA + 1, n) : 1;
    runB = vb == lastB ? min(runB + 1, n) : 1;
    lastA = va;
    lastB = vb;
    const v = lanes(va, vb);
    const old = lanes(load<f64>(at(ringA, headA)), load<f64>(at(ringB, headB)));
    const d = f64x2.sub(v, old);
    const next = f64x2.add(mean, f64x2.div(d, period));
    m2 = f64x2.add(m2, f64x2.mul(d, f64x2.sub(f64x2.add(f64x2.sub(v, next), old), mean)));
    mean = next;
    store<f64>(at(ringA, headA), va);
    store<f64>(at(ringB, headB), vb);
    headA = headA + 1 == n ? 0 : headA + 1;
    headB = headB + 1 == n ? 0 : headB + 1;
    const flat = v128.or(maskOf(runA >= n, runB >= n), v128.not(f64x2.gt(m2, zero)));
    storeEach(at(oA, ta++), at(oB, tb++), v128.bitselect(zero, f64x2.sqrt(f64x2.div(m2, dof)), flat));
  }
  store<f64>(sa, <f64>headA, 8);
  store<f64>(sb, <f64>headB, 8);
  store<f64>(sa, f64x2.extract_lane(mean, 0), 16);
  store<f64>(sb, f64x2.extract_lane(mean, 1), 16);
  store<f64>(sa, f64x2.extract_lane(m2, 0), 24);
  store<f64>(sb, f64x2.extract_lane(m2, 1), 24);
  store<f64>(sa, <f64>runA, 32);
  store<f64>(sb, <f64>runB, 32);
  store<f64>(sa, lastA, 40);
  store<f64>(sb, lastB, 40);
  if (ta < toA) sampleStddev(sa, ioA, ta, toA, p0, p1);
  if (tb < toB) sampleStddev(sb, ioB, tb, toB, p0, p1);
}

/**
 * CorrelKernel for two symbols, a lane each: its four divisions and square root a bar are
 * one vector instruction each for both. State: [count, head, sumX, sumY, sumXY, sumX2,
 * sumY2, x[n], y[n]]; steady once count == n.
 */
export function correlPair(sa: usize, sb: usize, ioA: usize, ioB: usize, toA: i32, toB: i32, p0: f64, p1: f64): void {
  const n = <i32>p0;
  let ta = warm(correl, sa, ioA, 0, toA, 0, n, p0, p1);
  let tb = warm(correl, sb, ioB, 0, toB, 0, n, p0, p1);
  const period = f64x2.splat(p0);
  const epsilon = f64x2.splat(TA_EPSILON);
  const one = f64x2.splat(1);
  const minusOne = f64x2.splat(-1);
  const zero = f64x2.splat(0);
  const xsA = series(ioA, 0);
  const ysA = series(ioA, 1);
  const oA = series(ioA, 2);
  const xsB = series(ioB, 0);
  const ysB = series(ioB, 1);
  const oB = series(ioB, 2);
  const xRingA = sa + 56;
  const yRingA = xRingA + (<usize>n << 3);
  const xRingB = sb + 56;
  const yRingB = xRingB + (<usize>n << 3);
  let headA = countAt(sa, 8);
  let headB = countAt(sb, 8);
  let sumX = lanes(load<f64>(sa, 16), load<f64>(sb, 16));
  let sumY = lanes(load<f64>(sa, 24), load<f64>(sb, 24));
  let sumXY = lanes(load<f64>(sa, 32), load<f64>(sb, 32));
  let sumX2 = lanes(load<f64>(sa, 40), load<f64>(sb, 40));
  let sumY2 = lanes(load<f64>(sa, 48), load<f64>(sb, 48));
  while (ta < toA && tb < toB) {
    const xa = load<f64>(at(xsA, ta));
    const ya = load<f64>(at(ysA, ta));
    const xb = load<f64>(at(xsB, tb));
    const yb = load<f64>(at(ysB, tb));
    if (isNaN(xa + ya + xb + yb)) {
      const missA = xa != xa || ya != ya;
      const missB = xb != xb || yb != yb;
      if (!(missA || missB)) break; // infinities, no bar missing: the single kernels go on
      if (missA) store<f64>(at(oA, ta++), NaN);
      if (missB) store<f64>(at(oB, tb++), NaN);
      continue;
    }
    const tx = lanes(load<f64>(at(xRingA, headA)), load<f64>(at(xRingB, headB)));
    const ty = lanes(load<f64>(at(yRingA, headA)), load<f64>(at(yRingB, headB)));
    sumX = f64x2.sub(sumX, tx);
    sumX2 = f64x2.sub(sumX2, f64x2.mul(tx, tx));
    sumXY = f64x2.sub(sumXY, f64x2.mul(tx, ty));
    sumY = f64x2.sub(sumY, ty);
    sumY2 = f64x2.sub(sumY2, f64x2.mul(ty, ty));
    const x = lanes(xa, xb);
    const y = lanes(ya, yb);
    sumX = f64x2.add(sumX, x);
    sumX2 = f64x2.add(sumX2, f64x2.mul(x, x));
    sumXY = f64x2.add(sumXY, f64x2.mul(x, y));
    sumY = f64x2.add(sumY, y);
    sumY2 = f64x2.add(sumY2, f64x2.mul(y, y));
    store<f64>(at(xRingA, headA), xa);
    store<f64>(at(xRingB, headB), xb);
    store<f64>(at(yRingA, headA), ya);
    store<f64>(at(yRingB, headB), yb);
    headA = headA + 1 == n ? 0 : headA + 1;
    headB = headB + 1 == n ? 0 : headB + 1;
    const variance = f64x2.mul(
      f64x2.sub(sumX2, f64x2.div(f64x2.mul(sumX, sumX), period)),
      f64x2.sub(sumY2, f64x2.div(f64x2.mul(sumY, sumY), period)),
    );
    const r = f64x2.div(f64x2.sub(sumXY, f64x2.div(f64x2.mul(sumX, sumY), period)), f64x2.sqrt(variance));
    // r > 1 ? 1 : r < -1 ? -1 : r, and 0 where the variance is (nearly) zero.
    const clamped = v128.bitselect(one, v128.bitselect(minusOne, r, f64x2.lt(r, minusOne)), f64x2.gt(r, one));
    storeEach(at(oA, ta++), at(oB, tb++), v128.bitselect(zero, clamped, f64x2.lt(variance, epsilon)));
  }
  store<f64>(sa, <f64>headA, 8);
  store<f64>(sb, <f64>headB, 8);
  store<f64>(sa, f64x2.extract_lane(sumX, 0), 16);
  store<f64>(sb, f64x2.extract_lane(sumX, 1), 16);
  store<f64>(sa, f64x2.extract_lane(sumY, 0), 24);
  store<f64>(sb, f64x2.extract_lane(sumY, 1), 24);
  store<f64>(sa, f64x2.extract_lane(sumXY, 0), 32);
  store<f64>(sb, f64x2.extract_lane(sumXY, 1), 32);
  store<f64>(sa, f64x2.extract_lane(sumX2, 0), 40);
  store<f64>(sb, f64x2.extract_lane(sumX2, 1), 40);
  store<f64>(sa, f64x2.extract_lane(sumY2, 0), 48);
  store<f64>(sb, f64x2.extract_lane(sumY2, 1), 48);
  if (ta < toA) correl(sa, ioA, ta, toA, p0, p1);
  if (tb < toB) correl(sb, ioB, tb, toB, p0, p1);
}

/**
 * SmaKernel for two symbols, a lane each (scalar statements side by side measured no faster:
 * the vector lanes halve the adds and the division). State: [sum, count, head, ring[n]];
 * steady once count == n.
 */
export function smaPair(sa: usize, sb: usize, ioA: usize, ioB: usize, toA: i32, toB: i32, p0: f64, p1: f64): void {
  const n = <i32>p0;
  let ta = warm(sma, sa, ioA, 0, toA, 8, n, p0, p1);
  let tb = warm(sma, sb, ioB, 0, toB, 8, n, p0, p1);
  const period = f64x2.splat(p0);
  const xA = series(ioA, 0);
  const oA = series(ioA, 1);
  const xB = series(ioB, 0);
  const oB = series(ioB, 1);
  const ringA = sa + 24;
  const ringB = sb + 24;
  let sum = lanes(load<f64>(sa), load<f64>(sb));
  let headA = countAt(sa, 16);
  let headB = countAt(sb, 16);
  while (ta < toA && tb < toB) {
    const va = load<f64>(at(xA, ta));
    const vb = load<f64>(at(xB, tb));
    if (isNaN(va + vb)) {
      const missA = va != va;
      const missB = vb != vb;
      if (!(missA || missB)) break; // infinities, no bar missing: the single kernels go on
      if (missA) store<f64>(at(oA, ta++), NaN);
      if (missB) store<f64>(at(oB, tb++), NaN);
      continue;
    }
    sum = f64x2.add(sum, lanes(va, vb));
    store<f64>(at(ringA, headA), va);
    store<f64>(at(ringB, headB), vb);
    headA = headA + 1 == n ? 0 : headA + 1;
    headB = headB + 1 == n ? 0 : headB + 1;
    storeEach(at(oA, ta++), at(oB, tb++), f64x2.div(sum, period));
    sum = f64x2.sub(sum, lanes(load<f64>(at(ringA, headA)), load<f64>(at(ringB, headB))));
  }
  store<f64>(sa, f64x2.extract_lane(sum, 0));
  store<f64>(sb, f64x2.extract_lane(sum, 1));
  store<f64>(sa, <f64>headA, 16);
  store<f64>(sb, <f64>headB, 16);
  if (ta < toA) sma(sa, ioA, ta, toA, p0, p1);
  if (tb < toB) sma(sb, ioB, tb, toB, p0, p1);
}
