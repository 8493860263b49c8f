// Fused batch loops: several kernels of one indicator in a single pass over the bars, for
// chains where each kernel alone is a loop bound by one dependency chain. The runner
// (engine/indicators/fusion.ts) finds the pattern in a plan and calls the fused loop in
// place of its members; every member keeps its own state slice and output series and ends
// with exactly the values it would have alone (test/indicators/wasm-kernels.test.ts).
//
// Group table (built by the runner): for member m at `group + m * 24`: p0 f64, p1 f64,
// state address u32, io table address u32 — the member's own call, as the runner would make it.

import { ema, binary, macd } from "./kernels";

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
