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

import { ema, sma, wilder, rsi, dmSums } from "./kernels";
import { pmax } from "./branchless";

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

/** SmaKernel for two symbols. State: [sum, count, head, ring[n]]; steady once count == period. */
export function smaPair(sa: usize, sb: usize, ioA: usize, ioB: usize, toA: i32, toB: i32, p0: f64, p1: f64): void {
  const n = <i32>p0;
  let ta = warm(sma, sa, ioA, 0, toA, 8, n, p0, p1);
  let tb = warm(sma, sb, ioB, 0, toB, 8, n, p0, p1);
  const xA = series(ioA, 0);
  const oA = series(ioA, 1);
  const xB = series(ioB, 0);
  const oB = series(ioB, 1);
  const ringA = sa + 24;
  const ringB = sb + 24;
  let sumA = load<f64>(sa);
  let sumB = load<f64>(sb);
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
    sumA += va;
    sumB += vb;
    store<f64>(at(ringA, headA), va);
    store<f64>(at(ringB, headB), vb);
    headA = headA + 1 == n ? 0 : headA + 1;
    headB = headB + 1 == n ? 0 : headB + 1;
    store<f64>(at(oA, ta++), sumA / <f64>n);
    store<f64>(at(oB, tb++), sumB / <f64>n);
    sumA -= load<f64>(at(ringA, headA));
    sumB -= load<f64>(at(ringB, headB));
  }
  store<f64>(sa, sumA);
  store<f64>(sb, sumB);
  store<f64>(sa, <f64>headA, 16);
  store<f64>(sb, <f64>headB, 16);
  if (ta < toA) sma(sa, ioA, ta, toA, p0, p1);
  if (tb < toB) sma(sb, ioB, tb, toB, p0, p1);
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

/**
 * DirectionalSumsKernel for two symbols. State: [count, prevHigh, prevLow, prevClose, +DM,
 * -DM, TR]; steady once count >= period (every later bar decays the sums).
 */
export function dmSumsPair(sa: usize, sb: usize, ioA: usize, ioB: usize, toA: i32, toB: i32, p0: f64, p1: f64): void {
  const n = <i32>p0;
  let ta = warm(dmSums, sa, ioA, 0, toA, 0, n, p0, p1);
  let tb = warm(dmSums, sb, ioB, 0, toB, 0, n, p0, p1);
  const keep: f64 = 1 - 1 / p0;
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
  let prevHighA = load<f64>(sa, 8);
  let prevHighB = load<f64>(sb, 8);
  let prevLowA = load<f64>(sa, 16);
  let prevLowB = load<f64>(sb, 16);
  let prevCloseA = load<f64>(sa, 24);
  let prevCloseB = load<f64>(sb, 24);
  let plusDMA = load<f64>(sa, 32);
  let plusDMB = load<f64>(sb, 32);
  let minusDMA = load<f64>(sa, 40);
  let minusDMB = load<f64>(sb, 40);
  let rangeSumA = load<f64>(sa, 48);
  let rangeSumB = load<f64>(sb, 48);
  while (ta < toA && tb < toB) {
    const ha = load<f64>(at(hA, ta));
    const la = load<f64>(at(lA, ta));
    const ca = load<f64>(at(cA, ta));
    const hb = load<f64>(at(hB, tb));
    const lb = load<f64>(at(lB, tb));
    const cb = load<f64>(at(cB, tb));
    if (isNaN(ha + la + ca + hb + lb + cb)) {
      // A lane with a missing value takes the single kernel's step for that bar.
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
    const upA = ha - prevHighA;
    const upB = hb - prevHighB;
    const downA = prevLowA - la;
    const downB = prevLowB - lb;
    const rangeA = pmax(pmax(ha - la, abs<f64>(ha - prevCloseA)), abs<f64>(la - prevCloseA));
    const rangeB = pmax(pmax(hb - lb, abs<f64>(hb - prevCloseB)), abs<f64>(lb - prevCloseB));
    minusDMA *= keep;
    minusDMB *= keep;
    plusDMA *= keep;
    plusDMB *= keep;
    rangeSumA = rangeSumA * keep + rangeA;
    rangeSumB = rangeSumB * keep + rangeB;
    minusDMA += downA * (<f64>(downA > 0) * <f64>(upA < downA));
    minusDMB += downB * (<f64>(downB > 0) * <f64>(upB < downB));
    plusDMA += upA * (<f64>(upA > 0) * <f64>(upA > downA));
    plusDMB += upB * (<f64>(upB > 0) * <f64>(upB > downB));
    prevHighA = ha;
    prevHighB = hb;
    prevLowA = la;
    prevLowB = lb;
    prevCloseA = ca;
    prevCloseB = cb;
    store<f64>(at(plusA, ta), plusDMA);
    store<f64>(at(plusB, tb), plusDMB);
    store<f64>(at(minusA, ta), minusDMA);
    store<f64>(at(minusB, tb), minusDMB);
    store<f64>(at(trA, ta++), rangeSumA);
    store<f64>(at(trB, tb++), rangeSumB);
  }
  store<f64>(sa, <f64>countA);
  store<f64>(sb, <f64>countB);
  store<f64>(sa, prevHighA, 8);
  store<f64>(sb, prevHighB, 8);
  store<f64>(sa, prevLowA, 16);
  store<f64>(sb, prevLowB, 16);
  store<f64>(sa, prevCloseA, 24);
  store<f64>(sb, prevCloseB, 24);
  store<f64>(sa, plusDMA, 32);
  store<f64>(sb, plusDMB, 32);
  store<f64>(sa, minusDMA, 40);
  store<f64>(sb, minusDMB, 40);
  store<f64>(sa, rangeSumA, 48);
  store<f64>(sb, rangeSumB, 48);
  if (ta < toA) dmSums(sa, ioA, ta, toA, p0, p1);
  if (tb < toB) dmSums(sb, ioB, tb, toB, p0, p1);
}
