// A symbol's whole batch in one call: the runner (plan-runner.ts) writes the plan as a
// program of steps once, and `runProgram` resets and runs every kernel and fused group of
// it over one symbol's bars, straight on that symbol's slices of a kernel-major universe
// state. One call from JavaScript a symbol instead of one (and a reset) per kernel: those
// calls and resets were ~8% of a full-catalog batch.
//
// Step (STEP bytes): kind i32 (a kernel: its index in KERNELS order below, which
// engine/indicators/wasm/program.ts PROGRAM_KERNELS lists; a fused group: GROUP + its index
// in PROGRAM_GROUPS), members i32 (a group's member count: that many member steps follow
// it), io u32 (a kernel's io table; a group's table, fused.ts), state i32 (the kernel's
// stateOffsets entry, doubles), size i32 (its stateSize), image u32 and length i32 (its
// reset: the first `length` doubles of its state are copied from `image`), p0 f64, p1 f64.

import {
  sma,
  ema,
  wilder,
  rsi,
  binary,
  macd,
  mask,
  bands,
  rangePosition,
  trueRange,
  dmSums,
  dmIndex,
  stddev,
  rollingExtreme,
  cci,
  mfi,
  cciPair,
} from "./kernels";
import { obv, ad, cmf, vwap, rvol, gap, roc, pairReturns, percentDistance, midpoint, scale } from "./kernels-volume";
import {
  wma,
  demaCombine,
  temaCombine,
  sampleStddev,
  beta,
  correl,
  supertrend,
  maxDrawdown,
  sar,
  aroon,
  bollingerShape,
} from "./kernels-trend";
import { logReturn, logTrend } from "./kernels-log";
import { smaPair, emaPair, wilderPair, rsiPair, dmSumsPair, dmIndexPair, mfiPair, sampleStddevPair, correlPair } from "./pairs";
import { macdFusedPair, bollingerFusedPair, stochFusedPair, atrFusedPair } from "./fused";
import { macdFused, stochFused, bollingerFused, atrFused, extremePairFused, emaChainFused } from "./fused";

const STEP: usize = 48;
const GROUP: i32 = 1000;
/** Bytes of a member's entry in a group's table (fused.ts): its state address is at +16. */
const MEMBER: usize = 24;

export function runProgram(program: usize, steps: i32, stateBase: usize, symbols: i32, symbol: i32, from: i32, to: i32): void {
  let i = 0;
  while (i < steps) {
    const step = program + <usize>i * STEP;
    const kind = load<i32>(step);
    if (kind >= GROUP) {
      const members = load<i32>(step, 4);
      const table = <usize>load<u32>(step, 8);
      for (let m = 0; m < members; m++) {
        const member = step + <usize>(m + 1) * STEP;
        store<u32>(table + <usize>m * MEMBER, <u32>resetState(member, stateBase, symbols, symbol), 16);
      }
      runGroup(kind - GROUP, table, from, to);
      i += 1 + members;
      continue;
    }
    const state = resetState(step, stateBase, symbols, symbol);
    runKernel(kind, state, <usize>load<u32>(step, 8), from, to, load<f64>(step, 32), load<f64>(step, 40));
    i++;
  }
}

/**
 * `runProgram` for two symbols of the same state (a batch pass over symbol pairs): symbol A
 * over bars [0, toA) of the series the program's io tables name, symbol B over [0, toB) of
 * a second set laid out `delta` bytes further (the runner's second lane: its io tables,
 * series and group tables at the same offsets from there). Kernels with a pair loop
 * (pairs.ts) run both symbols in one loop; the rest run for A, then B.
 */
export function runProgramPair(
  program: usize,
  steps: i32,
  stateBase: usize,
  symbols: i32,
  symbolA: i32,
  symbolB: i32,
  toA: i32,
  toB: i32,
  delta: usize,
): void {
  let i = 0;
  while (i < steps) {
    const step = program + <usize>i * STEP;
    const kind = load<i32>(step);
    if (kind >= GROUP) {
      const members = load<i32>(step, 4);
      const table = <usize>load<u32>(step, 8);
      for (let m = 0; m < members; m++) {
        const member = step + <usize>(m + 1) * STEP;
        store<u32>(table + <usize>m * MEMBER, <u32>resetState(member, stateBase, symbols, symbolA), 16);
        store<u32>(table + delta + <usize>m * MEMBER, <u32>resetState(member, stateBase, symbols, symbolB), 16);
      }
      if (!runGroupPair(kind - GROUP, table, table + delta, toA, toB)) {
        runGroup(kind - GROUP, table, 0, toA);
        runGroup(kind - GROUP, table + delta, 0, toB);
      }
      i += 1 + members;
      continue;
    }
    const stateA = resetState(step, stateBase, symbols, symbolA);
    const stateB = resetState(step, stateBase, symbols, symbolB);
    const io = <usize>load<u32>(step, 8);
    const p0 = load<f64>(step, 32);
    const p1 = load<f64>(step, 40);
    if (!runPair(kind, stateA, stateB, io, io + delta, toA, toB, p0, p1)) {
      runKernel(kind, stateA, io, 0, toA, p0, p1);
      runKernel(kind, stateB, io + delta, 0, toB, p0, p1);
    }
    i++;
  }
}

/** Runs kernel `kind` for two symbols in one loop if it has one (pairs.ts); false if not. */
function runPair(kind: i32, sa: usize, sb: usize, ioA: usize, ioB: usize, toA: i32, toB: i32, p0: f64, p1: f64): bool {
  switch (kind) {
    case 0: smaPair(sa, sb, ioA, ioB, toA, toB, p0, p1); return true;
    case 1: emaPair(sa, sb, ioA, ioB, toA, toB, p0, p1); return true;
    case 2: wilderPair(sa, sb, ioA, ioB, toA, toB, p0, p1); return true;
    case 3: rsiPair(sa, sb, ioA, ioB, toA, toB, p0, p1); return true;
    case 10: dmSumsPair(sa, sb, ioA, ioB, toA, toB, p0, p1); return true;
    case 11: dmIndexPair(sa, sb, ioA, ioB, toA, toB, p0, p1); return true;
    case 14: cciPair(sa, sb, ioA, ioB, toA, toB, p0, p1); return true;
    case 15: mfiPair(sa, sb, ioA, ioB, toA, toB, p0, p1); return true;
    case 30: sampleStddevPair(sa, sb, ioA, ioB, toA, toB, p0, p1); return true;
    case 32: correlPair(sa, sb, ioA, ioB, toA, toB, p0, p1); return true;
    default: return false;
  }
}

/** Runs group `group` for two symbols in one loop if it has one (fused.ts); false if not. */
function runGroupPair(group: i32, a: usize, b: usize, toA: i32, toB: i32): bool {
  switch (group) {
    case 0: macdFusedPair(a, b, toA, toB); return true;
    case 1: stochFusedPair(a, b, toA, toB); return true;
    case 2: bollingerFusedPair(a, b, toA, toB); return true;
    case 3: atrFusedPair(a, b, toA, toB); return true;
    default: return false;
  }
}

/** The step's kernel state for `symbol` (kernel-major: plan-runner.ts kernelMajorOffset), reset. */
@inline function resetState(step: usize, stateBase: usize, symbols: i32, symbol: i32): usize {
  const state = stateBase + ((<usize>load<i32>(step, 12) * <usize>symbols + <usize>symbol * <usize>load<i32>(step, 16)) << 3);
  const image = <usize>load<u32>(step, 20);
  const length = load<i32>(step, 24);
  for (let j = 0; j < length; j++) store<f64>(state + (<usize>j << 3), load<f64>(image + (<usize>j << 3)));
  return state;
}

function runKernel(kind: i32, state: usize, io: usize, from: i32, to: i32, p0: f64, p1: f64): void {
  switch (kind) {
    case 0: sma(state, io, from, to, p0, p1); break;
    case 1: ema(state, io, from, to, p0, p1); break;
    case 2: wilder(state, io, from, to, p0, p1); break;
    case 3: rsi(state, io, from, to, p0, p1); break;
    case 4: binary(state, io, from, to, p0, p1); break;
    case 5: macd(state, io, from, to, p0, p1); break;
    case 6: mask(state, io, from, to, p0, p1); break;
    case 7: bands(state, io, from, to, p0, p1); break;
    case 8: rangePosition(state, io, from, to, p0, p1); break;
    case 9: trueRange(state, io, from, to, p0, p1); break;
    case 10: dmSums(state, io, from, to, p0, p1); break;
    case 11: dmIndex(state, io, from, to, p0, p1); break;
    case 12: stddev(state, io, from, to, p0, p1); break;
    case 13: rollingExtreme(state, io, from, to, p0, p1); break;
    case 14: cci(state, io, from, to, p0, p1); break;
    case 15: mfi(state, io, from, to, p0, p1); break;
    case 16: obv(state, io, from, to, p0, p1); break;
    case 17: ad(state, io, from, to, p0, p1); break;
    case 18: cmf(state, io, from, to, p0, p1); break;
    case 19: vwap(state, io, from, to, p0, p1); break;
    case 20: rvol(state, io, from, to, p0, p1); break;
    case 21: gap(state, io, from, to, p0, p1); break;
    case 22: roc(state, io, from, to, p0, p1); break;
    case 23: pairReturns(state, io, from, to, p0, p1); break;
    case 24: percentDistance(state, io, from, to, p0, p1); break;
    case 25: midpoint(state, io, from, to, p0, p1); break;
    case 26: scale(state, io, from, to, p0, p1); break;
    case 27: wma(state, io, from, to, p0, p1); break;
    case 28: demaCombine(state, io, from, to, p0, p1); break;
    case 29: temaCombine(state, io, from, to, p0, p1); break;
    case 30: sampleStddev(state, io, from, to, p0, p1); break;
    case 31: beta(state, io, from, to, p0, p1); break;
    case 32: correl(state, io, from, to, p0, p1); break;
    case 33: supertrend(state, io, from, to, p0, p1); break;
    case 34: maxDrawdown(state, io, from, to, p0, p1); break;
    case 35: sar(state, io, from, to, p0, p1); break;
    case 36: aroon(state, io, from, to, p0, p1); break;
    case 37: bollingerShape(state, io, from, to, p0, p1); break;
    case 38: logReturn(state, io, from, to, p0, p1); break;
    case 39: logTrend(state, io, from, to, p0, p1); break;
    default: unreachable();
  }
}

function runGroup(group: i32, table: usize, from: i32, to: i32): void {
  switch (group) {
    case 0: macdFused(table, from, to); break;
    case 1: stochFused(table, from, to); break;
    case 2: bollingerFused(table, from, to); break;
    case 3: atrFused(table, from, to); break;
    case 4: extremePairFused(table, from, to); break;
    case 5: emaChainFused(table, from, to); break;
    default: unreachable();
  }
}
