// Runs a plan over one symbol's series. The caller fills the input arrays (float64) and
// calls `batch` (fresh state, bars [0, n)) or `resume` (existing state, more bars). All
// scratch arrays are allocated once and reused for every symbol: computing the whole
// universe allocates nothing per symbol or per bar.

import type { InputField } from "./kernel.ts";
import { INPUT_FIELDS } from "./kernel.ts";
import type { IndicatorPlan } from "./plan.ts";

export class PlanRunner {
  readonly plan: IndicatorPlan;
  #capacity = 0;
  #series: Float64Array[] = [];
  #ins: Float64Array[][] = [];
  #outs: Float64Array[][] = [];

  constructor(plan: IndicatorPlan, capacity = 1024) {
    this.plan = plan;
    this.#allocate(capacity);
  }

  get capacity(): number {
    return this.#capacity;
  }

  /** Makes room for `n` bars (existing contents are not kept). */
  ensureCapacity(n: number): void {
    if (n > this.#capacity) this.#allocate(Math.max(n, this.#capacity * 2));
  }

  input(field: InputField): Float64Array {
    return this.#series[INPUT_FIELDS.indexOf(field)] as Float64Array;
  }

  /** The series behind output column `i` of the plan. */
  column(i: number): Float64Array {
    const col = this.plan.columns[i];
    if (!col) throw new RangeError(`plan has no column ${i}`);
    return this.#series[this.plan.slots.get(col.ref) as number] as Float64Array;
  }

  reset(state: Float64Array, at: number): void {
    const { kernels, stateOffsets } = this.plan;
    for (let k = 0; k < kernels.length; k++)
      (kernels[k] as (typeof kernels)[number]).reset(state, at + (stateOffsets[k] as number));
  }

  /** Fresh computation over bars [0, n): resets the state at `at`, then runs. */
  batch(state: Float64Array, at: number, n: number): void {
    this.reset(state, at);
    this.resume(state, at, 0, n);
  }

  /** Continues from the state at `at` over bars [from, to) of the input arrays. */
  resume(state: Float64Array, at: number, from: number, to: number): void {
    const { kernels, stateOffsets } = this.plan;
    for (let k = 0; k < kernels.length; k++) {
      (kernels[k] as (typeof kernels)[number]).run(
        state,
        at + (stateOffsets[k] as number),
        this.#ins[k] as Float64Array[],
        this.#outs[k] as Float64Array[],
        from,
        to,
      );
    }
  }

  /**
   * One bar for many symbols at once: the input arrays hold symbol i's new bar at index i.
   * The state is kernel-major (see `kernelMajorOffset`): kernel k's state for symbol i sits
   * at `stateOffsets[k] * symbols + i * kernels[k].stateSize`, so each kernel's pass over the
   * universe walks one contiguous block of memory instead of striding across every symbol's
   * whole state vector (which touched a new page per symbol: 33 ms -> see docs/benchmarks.md).
   * Kernel by kernel, each advances every symbol — the daily update of a whole shard.
   */
  stepAcross(state: Float64Array, symbols: number, count: number): void {
    const { kernels, stateOffsets } = this.plan;
    for (let k = 0; k < kernels.length; k++) {
      const kernel = kernels[k] as (typeof kernels)[number];
      const base = (stateOffsets[k] as number) * symbols;
      const ins = this.#ins[k] as Float64Array[];
      const outs = this.#outs[k] as Float64Array[];
      // A stateless kernel (arithmetic glue) is element-wise: one call covers every symbol.
      if (kernel.stateSize === 0) kernel.run(state, base, ins, outs, 0, count);
      else kernel.runAcross(state, base, kernel.stateSize, ins, outs, count);
    }
  }

  /** Copies one symbol's state vector (as `batch` leaves it) into a kernel-major universe state. */
  scatterState(from: Float64Array, into: Float64Array, symbols: number, symbol: number): void {
    const { kernels, stateOffsets } = this.plan;
    for (let k = 0; k < kernels.length; k++) {
      const size = (kernels[k] as (typeof kernels)[number]).stateSize;
      if (size === 0) continue;
      const off = stateOffsets[k] as number;
      into.set(from.subarray(off, off + size), off * symbols + symbol * size);
    }
  }

  #allocate(capacity: number): void {
    this.#capacity = capacity;
    this.#series = Array.from({ length: this.plan.slotCount }, () => new Float64Array(capacity));
    this.#ins = this.plan.kernelInputs.map((slots) => Array.from(slots, (s) => this.#series[s] as Float64Array));
    this.#outs = this.plan.kernelOutputs.map((slots) => Array.from(slots, (s) => this.#series[s] as Float64Array));
  }
}
