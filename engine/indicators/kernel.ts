// The unit of indicator math. A kernel turns one or more input series into one or more
// output series bar by bar, keeping everything it must remember in a slice of a
// Float64Array ("state") rather than in object fields. That one choice gives all three
// modes from one implementation:
//   - batch: reset the state, run bars [0, n) in one tight loop;
//   - streaming: keep the state, run the one new bar [n, n+1) — O(1) per bar;
//   - the whole universe's state is a single typed array (cheap to hold, copy, persist).
//
// Missing bars: a NaN in any input means "no bar". The kernel writes NaN for that bar
// and leaves its state untouched, so the series continues as if the bar did not exist.
// Warm-up falls out of the same rule: a kernel reading another kernel's warm-up NaNs
// simply has not started yet (this is exactly how TA-Lib seeds MACD's signal line).

import type { WasmCall } from "./wasm/wasm-kernels.ts";

/** A series in the graph: a price field, the benchmark's close, or output j of a node (`key#j`). */
export type SeriesRef = string;

export const INPUT_FIELDS = ["open", "high", "low", "close", "volume", "bench"] as const;
export type InputField = (typeof INPUT_FIELDS)[number];

export interface Kernel {
  /** Its WebAssembly twin, if it has one (see wasm/wasm-kernels.ts): the batch runs that instead. */
  readonly wasm?: WasmCall;
  /** Structural key, e.g. `ema(close,20)`: two kernels with equal keys compute the same series. */
  readonly key: string;
  readonly inputs: readonly SeriesRef[];
  readonly outputCount: number;
  /** Float64 slots of state this kernel needs per symbol. */
  readonly stateSize: number;
  /**
   * Put the state at `at` into its initial (no bars seen) condition. A kernel whose window
   * slots are only read once the window has been filled (every read waits for `period`
   * writes) resets only its header: the slots may keep another symbol's values. Zeroing the
   * windows too wrote ~20 MB of cache-cold memory per full-catalog batch of the universe,
   * ~50 ms on the development VM (docs/benchmarks.md). contract.test.ts checks every kernel
   * over a state full of leftovers.
   */
  reset(state: Float64Array, at: number): void;
  /**
   * The daily update of many symbols: advance symbol i by one bar for every i < count, its
   * state at `at + i * stride` and its bar at index i of the input and output arrays. Each
   * class implements this as the same three-line loop over its own `run` — on purpose: a
   * call site that sees one class is inlined by the JIT, one shared by all classes is not
   * (measured: ~14 ns versus ~90 ns per symbol and kernel).
   */
  runAcross(
    state: Float64Array,
    at: number,
    stride: number,
    inputs: readonly Float64Array[],
    outputs: readonly Float64Array[],
    count: number,
  ): void;
  /** Advance over bars [from, to): read inputs[i][t], write outputs[j][t]. */
  run(
    state: Float64Array,
    at: number,
    inputs: readonly Float64Array[],
    outputs: readonly Float64Array[],
    from: number,
    to: number,
  ): void;
}

export function outputRef(key: string, j = 0): SeriesRef {
  return `${key}#${j}`;
}

/** Formats a number for a structural key so 2 and 2.0 are one key. */
export function keyNumber(x: number): string {
  return String(x);
}
