// Runs a plan over one symbol's series. The caller fills the input arrays (float64) and
// calls `batch` (fresh state, bars [0, n)) or `resume` (existing state, more bars). All
// scratch arrays are allocated once and reused for every symbol: computing the whole
// universe allocates nothing per symbol or per bar.
//
// With WebAssembly kernels registered by the host (wasm/wasm-kernels.ts), the series and
// the scratch state live in the runner's own wasm memory, and `resume` on that scratch
// state runs each kernel that has a twin in wasm (the rest in JS, over the same arrays).
// A runner made for the daily update can also hold whole universe states in its memory
// (`residentStates`), or be placed in a shared memory that already holds them (`placement`,
// for worker threads): `stepAcross` over such a state runs every kernel's across driver in
// wasm (assembly/across.ts), one call per kernel for all symbols.

import type { InputField } from "./kernel.ts";
import { INPUT_FIELDS } from "./kernel.ts";
import { type FusedGroup, fusedGroups } from "./fusion.ts";
import type { IndicatorPlan } from "./plan.ts";
import { resetImage } from "./reset-image.ts";
import { PROGRAM_GROUPS, PROGRAM_GROUP_KIND, PROGRAM_KERNELS, PROGRAM_STEP_BYTES } from "./wasm/program.ts";
import {
  WASM_PAGE,
  type WasmCall,
  type WasmKernelExports,
  type WasmKernelFactory,
  type WasmKernelFn,
  wasmKernelFactory,
} from "./wasm/wasm-kernels.ts";

export interface RunnerOptions {
  /** Lengths of state arrays the runner keeps for its owner (`residentStates()`), in its wasm memory if any. */
  readonly residentStates?: readonly number[];
  /**
   * For a runner whose wasm instance shares its memory with others (threads): where in that
   * memory it may lay out its own arrays — `[base, base + PlanRunner.wasmBytes(plan, capacity))`
   * — and the state arrays, views over that memory, that `stepAcross` may run in wasm.
   */
  readonly placement?: { readonly base: number; readonly states: readonly Float64Array[] };
}

export class PlanRunner {
  readonly plan: IndicatorPlan;
  #capacity = 0;
  #series: Float64Array[] = [];
  /**
   * The second lane of a paired batch (`batchIntoPair`): another set of series, io tables and
   * group tables, `#laneDelta` bytes past the first in wasm memory. Empty without wasm.
   */
  #seriesB: Float64Array[] = [];
  #columnsB: Float64Array[] = [];
  #laneDelta = 0;
  /** The series behind each output column (read for every symbol: no map lookup). */
  #columns: Float64Array[] = [];
  #ins: Float64Array[][] = [];
  #outs: Float64Array[][] = [];
  /** The state `batch` and `resume` run in wasm (a view over wasm memory), else a plain array. */
  #scratch: Float64Array;
  readonly #wasm: WasmKernelExports | null;
  /** Per kernel: its wasm twin (null: runs in JS), its parameters and its io table's address. */
  readonly #twins: (WasmKernelFn | null)[];
  readonly #calls: (WasmCall | undefined)[];
  /** Per kernel: its wasm across driver (null: runs in JS). */
  readonly #acrossTwins: (WasmKernelFn | null)[];
  readonly #residentLengths: readonly number[];
  #resident: Float64Array[] = [];
  readonly #placement: RunnerOptions["placement"];
  #ioTables = new Int32Array(0);
  #stateBase = 0;
  /** Fused groups the batch runs in wasm (fusion.ts), their loops, and their tables' addresses. */
  readonly #groups: readonly FusedGroup[];
  readonly #groupFns: WasmGroupFn[];
  /** Per kernel: the group it starts (>= 0), IN_GROUP for the other members, else -1. */
  readonly #groupAt: Int32Array;
  #groupTables = new Int32Array(0);
  #groupWords: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  /** Per price field: staged float32 rows of `#stagedColumn` [from, to), in wasm memory (see loadBars). */
  #staged: Float32Array[] = [];
  readonly #stagedFrom = new Float64Array(PRICE_FIELDS);
  readonly #stagedTo = new Float64Array(PRICE_FIELDS);
  readonly #stagedColumn: (Float32Array | null)[] = new Array<Float32Array | null>(PRICE_FIELDS).fill(null);
  /** The plan as a wasm program (assembly/program.ts): its address and steps; 0 steps when it cannot run as one. */
  #programBase = 0;
  #programSteps = 0;

  /** A runner with resident states or a placement keeps its capacity: growing would move them. */
  constructor(
    plan: IndicatorPlan,
    capacity = 1024,
    wasm: WasmKernelFactory | null = wasmKernelFactory(),
    options: RunnerOptions = {},
  ) {
    this.plan = plan;
    this.#wasm = wasm ? wasm() : null;
    this.#calls = plan.kernels.map((_, k) => wasmCall(plan, k));
    this.#twins = this.#calls.map((c) => (c && this.#wasm ? twin(this.#wasm, c.name) : null));
    this.#acrossTwins = plan.kernels.map((k, i) => {
      const call = this.#calls[i];
      return call && this.#wasm && k.stateSize > 0 ? twin(this.#wasm, `${call.name}Across`) : null;
    });
    const wasmNow = this.#wasm;
    this.#groups = wasmNow
      ? fusedGroups(plan).filter((g) => typeof wasmNow[g.name] === "function" && g.members.every((m) => this.#twins[m]))
      : [];
    this.#groupFns = this.#groups.map((g) => wasmNow?.[g.name] as unknown as WasmGroupFn);
    this.#groupAt = new Int32Array(plan.kernels.length).fill(-1);
    this.#groups.forEach((g, i) => {
      const first = Math.min(...g.members);
      for (const m of g.members) this.#groupAt[m] = m === first ? i : IN_GROUP;
    });
    this.#residentLengths = options.residentStates ?? [];
    this.#placement = options.placement;
    this.#scratch = new Float64Array(plan.stateSize);
    this.#allocate(capacity);
  }

  /** The state arrays asked for at construction (zero-filled at first). */
  residentStates(): readonly Float64Array[] {
    return this.#resident;
  }

  /** Whether `stepAcross` over `state` runs in WebAssembly (it is in this runner's wasm memory). */
  stepsInWasm(state: Float64Array): boolean {
    if (this.#wasm === null) return false;
    return this.#resident.includes(state) || (this.#placement?.states.includes(state) ?? false);
  }

  /** Bytes a runner lays out in wasm memory for `plan` at `capacity` bars (io tables, series, scratch state). */
  static wasmBytes(plan: IndicatorPlan, capacity: number): number {
    return layout(plan, capacity, 0).end;
  }

  /** The wasm instance this runner lays out its arrays in (null: JS kernels only). */
  get wasmInstance(): WasmKernelExports | null {
    return this.#wasm;
  }

  /** Whether batch passes run kernels in WebAssembly. */
  get accelerated(): boolean {
    return this.#wasm !== null;
  }

  /**
   * One symbol's state vector for `batch`/`resume` (plan.stateSize slots). Fetch it after
   * `ensureCapacity`: growing wasm memory replaces the arrays.
   */
  scratchState(): Float64Array {
    return this.#scratch;
  }

  get capacity(): number {
    return this.#capacity;
  }

  /** Makes room for `n` bars (existing contents are not kept). */
  ensureCapacity(n: number): void {
    if (n <= this.#capacity) return;
    if (this.#residentLengths.length > 0 || this.#placement)
      throw new RangeError(`this runner holds universe states and cannot grow past ${this.#capacity} (asked ${n})`);
    this.#allocate(Math.max(n, this.#capacity * 2));
  }

  /** Input series `field`: of the first lane, or of the second (`lane` 1, wasm only: see `batchIntoPair`). */
  input(field: InputField, lane: 0 | 1 = 0): Float64Array {
    return this.#lane(lane)[INPUT_FIELDS.indexOf(field)] as Float64Array;
  }

  #lane(lane: 0 | 1): Float64Array[] {
    if (lane === 0) return this.#series;
    if (this.#seriesB.length === 0) throw new Error("this runner has no second lane (it runs without wasm)");
    return this.#seriesB;
  }

  /**
   * Fills `input(field)[0, n)` with rows [row, row + n) of a float32 snapshot column, widened
   * to float64 (exactly). With wasm, rows are first staged into the runner's memory many
   * symbols at a time (one copy per column, no per-symbol allocation) and widened there:
   * called symbol after symbol in row order, each column is copied once.
   */
  loadBars(field: InputField, column: Float32Array, row: number, n: number, lane: 0 | 1 = 0, windowFrom = row): void {
    const f = priceField(field);
    const into = this.#lane(lane)[f] as Float64Array;
    if (n > this.#capacity) throw new RangeError(`loadBars: ${n} bars, capacity ${this.#capacity}`);
    if (!this.#wasm) {
      for (let i = 0; i < n; i++) into[i] = column[row + i] as number;
      return;
    }
    const staged = this.#staged[f] as Float32Array;
    let from = this.#stagedFrom[f] as number;
    if (this.#stagedColumn[f] !== column || row < from || row + n > (this.#stagedTo[f] as number)) {
      // From `windowFrom` when the rows fit: a caller going through a block of rows out of
      // order (batchIntoPair's pairs by length) stages the block once.
      from = windowFrom <= row && row + n - windowFrom <= staged.length ? windowFrom : row;
      const to = Math.min(column.length, from + staged.length);
      staged.set(column.subarray(from, to));
      this.#stagedColumn[f] = column;
      this.#stagedFrom[f] = from;
      this.#stagedTo[f] = to;
    }
    (this.#wasm.widen as WasmWidenFn)(staged.byteOffset + (row - from) * 4, into.byteOffset, n);
  }

  /** Rows of a float32 column `loadBars` stages at once (see its `windowFrom`). */
  get stageRows(): number {
    return stageCapacity(this.#capacity);
  }

  /** The series behind every output column, in plan order (of the second lane with `lane` 1). Fetch again after `ensureCapacity`. */
  columns(lane: 0 | 1 = 0): readonly Float64Array[] {
    return lane === 0 ? this.#columns : this.#columnsB;
  }

  /** The series behind output column `i` of the plan (of the second lane with `lane` 1). */
  column(i: number, lane: 0 | 1 = 0): Float64Array {
    const series = lane === 0 ? this.#columns[i] : this.#columnsB[i];
    if (!series) throw new RangeError(`plan has no column ${i}`);
    return series;
  }

  reset(state: Float64Array, at: number): void {
    const { kernels, stateOffsets } = this.plan;
    for (let k = 0; k < kernels.length; k++)
      (kernels[k] as (typeof kernels)[number]).reset(state, at + (stateOffsets[k] as number));
  }

  /** Fresh computation over bars [0, n): resets the state at `at`, then runs. */
  batch(state: Float64Array, at: number, n: number): void {
    if (this.#programSteps > 0 && state === this.#scratch) {
      // One symbol-major state vector: the program's kernel-major layout with one symbol.
      this.#runProgram(this.#stateBase + at * 8, 1, 0, n);
      return;
    }
    this.reset(state, at);
    this.resume(state, at, 0, n);
  }

  #runProgram(stateAddress: number, symbols: number, symbol: number, n: number): void {
    (this.#wasm?.runProgram as WasmProgramFn)(
      this.#programBase,
      this.#programSteps,
      stateAddress,
      symbols,
      symbol,
      0,
      n,
    );
  }

  /** Continues from the state at `at` over bars [from, to) of the input arrays. */
  resume(state: Float64Array, at: number, from: number, to: number): void {
    const { kernels, stateOffsets } = this.plan;
    // Kernels run in wasm only on the runner's own scratch state: it is in wasm memory.
    const inWasm = this.#wasm !== null && state === this.#scratch;
    for (let k = 0; k < kernels.length; k++) {
      const group = this.#groupAt[k] as number;
      if (inWasm && group !== -1) {
        if (group >= 0) this.#runGroup(group, state, at, 1, 0, from, to, false);
        continue;
      }
      const twin = this.#twins[k];
      if (inWasm && twin) {
        const call = this.#calls[k] as WasmCall;
        twin(
          this.#stateBase + (at + (stateOffsets[k] as number)) * 8,
          this.#ioTables[k] as number,
          from,
          to,
          call.p0,
          call.p1,
        );
        continue;
      }
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
    if (this.stepsInWasm(state)) {
      this.#stepAcrossInWasm(state.byteOffset, symbols, count);
      return;
    }
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

  #stepAcrossInWasm(stateAddress: number, symbols: number, count: number): void {
    const { kernels, stateOffsets } = this.plan;
    for (let k = 0; k < kernels.length; k++) {
      const kernel = kernels[k] as (typeof kernels)[number];
      const call = this.#calls[k];
      const base = (stateOffsets[k] as number) * symbols;
      const io = this.#ioTables[k] as number;
      const across = this.#acrossTwins[k];
      const twin = this.#twins[k];
      if (call && across) across(stateAddress + base * 8, kernel.stateSize * 8, io, count, call.p0, call.p1);
      else if (call && twin && kernel.stateSize === 0) twin(0, io, 0, count, call.p0, call.p1);
      else if (kernel.stateSize === 0)
        kernel.run(this.#scratch, 0, this.#ins[k] as Float64Array[], this.#outs[k] as Float64Array[], 0, count);
      else {
        // No twin: the JS kernel over a view of the same memory.
        const view = new Float64Array(this.#wasm?.memory.buffer as ArrayBuffer);
        kernel.runAcross(
          view,
          stateAddress / 8 + base,
          kernel.stateSize,
          this.#ins[k] as Float64Array[],
          this.#outs[k] as Float64Array[],
          count,
        );
      }
    }
  }

  /**
   * `batch` of one symbol straight into a kernel-major universe state (the layout
   * `stepAcross` reads): each kernel resets and runs on its own slice there, so there is no
   * per-symbol state vector to copy afterwards. That copy wrote every symbol's whole state
   * (2,221 doubles for the full catalog) to ~50 places 7,720 apart: 22% of the batch.
   * In wasm when the state is in this runner's memory; in JS when the runner has no wasm;
   * otherwise (wasm, but the state elsewhere) on the scratch state, then copied.
   */
  batchInto(state: Float64Array, symbols: number, symbol: number, n: number): void {
    const inWasm = this.stepsInWasm(state);
    if (this.#wasm !== null && !inWasm) {
      this.batch(this.#scratch, 0, n);
      this.scatterState(this.#scratch, state, symbols, symbol);
      return;
    }
    if (inWasm && this.#programSteps > 0) {
      this.#runProgram(state.byteOffset, symbols, symbol, n);
      return;
    }
    const { kernels, stateOffsets } = this.plan;
    for (let k = 0; k < kernels.length; k++) {
      const group = this.#groupAt[k] as number;
      if (inWasm && group !== -1) {
        if (group >= 0) this.#runGroup(group, state, 0, symbols, symbol, 0, n, true);
        continue;
      }
      const kernel = kernels[k] as (typeof kernels)[number];
      const at = (stateOffsets[k] as number) * symbols + symbol * kernel.stateSize;
      kernel.reset(state, at);
      const twin = this.#twins[k];
      if (inWasm && twin) {
        const call = this.#calls[k] as WasmCall;
        twin(state.byteOffset + at * 8, this.#ioTables[k] as number, 0, n, call.p0, call.p1);
      } else kernel.run(state, at, this.#ins[k] as Float64Array[], this.#outs[k] as Float64Array[], 0, n);
    }
  }

  /**
   * `batchInto` for two symbols at once: symbol A over bars [0, nA) of the first lane's
   * series, B over [0, nB) of the second's (`loadBars(..., 1)`, `input(field, 1)`), their
   * outputs in `column(c)` and `column(c, 1)`. Kernels bound by one dependency chain run
   * both symbols in one loop (assembly/pairs.ts), so the two chains overlap. Returns false,
   * having run nothing, where that cannot be done (no wasm program, or the state elsewhere):
   * then load and run the symbols one at a time.
   */
  batchIntoPair(
    state: Float64Array,
    symbols: number,
    symbolA: number,
    nA: number,
    symbolB: number,
    nB: number,
  ): boolean {
    if (this.#programSteps === 0 || this.#laneDelta === 0 || !this.stepsInWasm(state)) return false;
    (this.#wasm?.runProgramPair as WasmProgramPairFn)(
      this.#programBase,
      this.#programSteps,
      state.byteOffset,
      symbols,
      symbolA,
      symbolB,
      nA,
      nB,
      this.#laneDelta,
    );
    return true;
  }

  /** Whether `batchIntoPair` can run over `state`. */
  pairsInWasm(state: Float64Array): boolean {
    return this.#programSteps > 0 && this.#laneDelta > 0 && this.stepsInWasm(state);
  }

  /**
   * Runs fused group `g` over bars [from, to): member m's state at `base + stateOffsets[m] *
   * symbols + symbol * size` of `state` (a view over this runner's wasm memory), reset first
   * when `reset` (a fresh batch).
   */
  #runGroup(
    g: number,
    state: Float64Array,
    base: number,
    symbols: number,
    symbol: number,
    from: number,
    to: number,
    reset: boolean,
  ): void {
    const { kernels, stateOffsets } = this.plan;
    const members = (this.#groups[g] as FusedGroup).members;
    const table = this.#groupTables[g] as number;
    for (let i = 0; i < members.length; i++) {
      const m = members[i] as number;
      const kernel = kernels[m] as (typeof kernels)[number];
      const at = base + (stateOffsets[m] as number) * symbols + symbol * kernel.stateSize;
      if (reset) kernel.reset(state, at);
      this.#groupWords[(table - this.#groupWords.byteOffset + i * GROUP_MEMBER_BYTES + 16) / 4] =
        state.byteOffset + at * 8;
    }
    (this.#groupFns[g] as WasmGroupFn)(table, from, to);
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
    if (this.#wasm) this.#allocateInWasm(this.#wasm, capacity);
    else {
      this.#series = Array.from({ length: this.plan.slotCount }, () => new Float64Array(capacity));
      this.#seriesB = [];
      this.#resident = this.#residentLengths.map((n) => new Float64Array(n));
    }
    this.#columns = this.plan.columns.map((c) => this.#series[this.plan.slots.get(c.ref) as number] as Float64Array);
    this.#columnsB = this.#seriesB.length
      ? this.plan.columns.map((c) => this.#seriesB[this.plan.slots.get(c.ref) as number] as Float64Array)
      : [];
    this.#ins = this.plan.kernelInputs.map((slots) => Array.from(slots, (s) => this.#series[s] as Float64Array));
    this.#outs = this.plan.kernelOutputs.map((slots) => Array.from(slots, (s) => this.#series[s] as Float64Array));
  }

  /**
   * Memory layout: page 0 is left to the module's own data; then each kernel's io table
   * (u32 byte addresses of its input and output series), the series (slotCount x capacity
   * f64), the scratch state (stateSize f64), the kernels' scratch (registered with the
   * instance), the staged float32 rows of each price field and the resident states.
   */
  #allocateInWasm(wasm: WasmKernelExports, capacity: number): void {
    const { kernelInputs, kernelOutputs, slotCount, stateSize } = this.plan;
    const {
      ioBase,
      ioWords,
      seriesBase,
      stateBase,
      scratchBase,
      scratchEntries,
      stageBase,
      stageBars,
      groupBase,
      programBase,
      laneDelta,
      end: residentBase,
    } = layout(this.plan, capacity, this.#placement?.base ?? WASM_PAGE);
    const end = this.#residentLengths.reduce((sum, n) => sum + n * 8, residentBase);
    const have = wasm.memory.buffer.byteLength;
    if (end > have && this.#placement)
      throw new RangeError(`the shared wasm memory ends at ${have} bytes; this runner needs up to ${end}`);
    if (end > have) wasm.memory.grow(Math.ceil((end - have) / WASM_PAGE));
    const buffer = wasm.memory.buffer;
    (wasm.useScratch as WasmScratchFn | undefined)?.(scratchBase, scratchEntries);
    this.#series = Array.from(
      { length: slotCount },
      (_, i) => new Float64Array(buffer, seriesBase + i * capacity * 8, capacity),
    );
    this.#laneDelta = laneDelta;
    this.#seriesB = this.#series.map(
      (_, i) => new Float64Array(buffer, seriesBase + laneDelta + i * capacity * 8, capacity),
    );
    this.#stateBase = stateBase;
    this.#staged = Array.from(
      { length: PRICE_FIELDS },
      (_, f) => new Float32Array(buffer, stageBase + f * stageStride(stageBars), stageBars),
    );
    this.#stagedColumn.fill(null);
    this.#scratch = new Float64Array(buffer, stateBase, stateSize);
    let at = residentBase;
    this.#resident = this.#residentLengths.map((n) => {
      const view = new Float64Array(buffer, at, n);
      at += n * 8;
      return view;
    });
    // A runner that makes daily updates writes every series up to `capacity` symbols, where
    // a batch writes only a symbol's bars: fault those pages in now, not in the first update
    // (on the development VM ~2,300 fresh pages, ~25 ms, were most of the first update).
    if (this.#residentLengths.length > 0 || this.#placement) for (const series of this.#series) series.fill(0);
    const words = new Uint32Array(buffer, ioBase, ioWords);
    this.#ioTables = new Int32Array(kernelInputs.length);
    let w = 0;
    kernelInputs.forEach((ins, k) => {
      this.#ioTables[k] = ioBase + w * 4;
      for (const slot of [...ins, ...(kernelOutputs[k] as Int32Array)]) words[w++] = seriesBase + slot * capacity * 8;
    });
    // The second lane's io tables: the same, naming its own series.
    new Uint32Array(buffer, ioBase + laneDelta, ioWords).set(words.map((a) => a + laneDelta));
    this.#layOutGroups(buffer, groupBase);
    this.#layOutProgram(buffer, programBase, residentBase);
  }

  /**
   * The plan as a program for `runProgram` at `base` (assembly/program.ts has the step
   * layout): a step per kernel, a group's step followed by its members', then the reset
   * images. None (0 steps) when some kernel or group is not in the program's switch.
   */
  #layOutProgram(buffer: ArrayBufferLike, base: number, limit: number): void {
    const { kernels, stateOffsets } = this.plan;
    this.#programBase = base;
    this.#programSteps = 0;
    const runnable =
      typeof this.#wasm?.runProgram === "function" &&
      this.#calls.every((c) => c !== undefined && PROGRAM_KERNELS.includes(c.name)) &&
      this.#groups.every((g) => PROGRAM_GROUPS.includes(g.name));
    if (!runnable) return;
    const words = new Int32Array(buffer, base, ((kernels.length + this.#groups.length) * PROGRAM_STEP_BYTES) / 4);
    const numbers = new Float64Array(buffer, base, words.length / 2);
    let image = base + words.byteLength;
    let step = 0;
    // A group's own step has no state (its members' steps do): k < 0.
    const write = (k: number, kind: number, members: number, io: number, p0: number, p1: number) => {
      const at = (step * PROGRAM_STEP_BYTES) / 4;
      const kernel = kernels[k];
      const reset = kernel ? resetImage(kernel) : NO_IMAGE;
      new Float64Array(buffer, image, reset.length).set(reset);
      words.set([kind, members, io, stateOffsets[k] ?? 0, kernel?.stateSize ?? 0, image, reset.length], at);
      numbers[at / 2 + 4] = p0;
      numbers[at / 2 + 5] = p1;
      image += reset.length * 8;
      step++;
    };
    for (let k = 0; k < kernels.length; k++) {
      const group = this.#groupAt[k] as number;
      if (group === IN_GROUP) continue;
      if (group >= 0) {
        const { name, members } = this.#groups[group] as FusedGroup;
        const kind = PROGRAM_GROUP_KIND + PROGRAM_GROUPS.indexOf(name);
        write(-1, kind, members.length, this.#groupTables[group] as number, 0, 0);
        for (const m of members) write(m, -1, 0, 0, 0, 0);
        continue;
      }
      const call = this.#calls[k] as WasmCall;
      write(k, PROGRAM_KERNELS.indexOf(call.name), 0, this.#ioTables[k] as number, call.p0, call.p1);
    }
    // Past `limit` are the resident states: layout() must have made room for all of it.
    if (image > limit) throw new Error(`the wasm program overran its region by ${image - limit} bytes`);
    this.#programSteps = step;
  }

  /**
   * Each fused group's table from `base`: its members' parameters and io tables (states go
   * in per call); and the second lane's copy, `#laneDelta` further, naming its io tables.
   */
  #layOutGroups(buffer: ArrayBufferLike, base: number): void {
    const members = this.#groups.reduce((sum, g) => sum + g.members.length, 0);
    this.#groupWords = new Uint32Array(buffer, base, (members * GROUP_MEMBER_BYTES) / 4);
    const numbers = new Float64Array(buffer, base, (members * GROUP_MEMBER_BYTES) / 8);
    this.#groupTables = new Int32Array(this.#groups.length);
    let at = base;
    this.#groups.forEach((g, i) => {
      this.#groupTables[i] = at;
      for (const m of g.members) {
        const call = this.#calls[m] as WasmCall;
        numbers[(at - base) / 8] = call.p0;
        numbers[(at - base) / 8 + 1] = call.p1;
        this.#groupWords[(at - base + 20) / 4] = this.#ioTables[m] as number;
        at += GROUP_MEMBER_BYTES;
      }
    });
    if (this.#laneDelta === 0) return;
    const lane = new Uint32Array(buffer, base + this.#laneDelta, this.#groupWords.length);
    lane.set(this.#groupWords);
    for (let w = 20 / 4; w < lane.length; w += GROUP_MEMBER_BYTES / 4) lane[w] = (lane[w] as number) + this.#laneDelta;
  }
}

/**
 * Kernel `k`'s wasm call, told what it may leave out: a rolling extreme whose "bars since"
 * output nothing reads (only Aroon does) skips tracking positions (assembly/kernels.ts).
 */
function wasmCall(plan: IndicatorPlan, k: number): WasmCall | undefined {
  const call = plan.kernels[k]?.wasm;
  if (call?.name !== "rollingExtreme") return call;
  const since = plan.kernelOutputs[k]?.[1];
  const read =
    plan.kernelInputs.some((inputs) => inputs.includes(since as number)) ||
    plan.columns.some((c) => plan.slots.get(c.ref) === since);
  return read ? call : { ...call, p1: call.p1 + 2 };
}

/** assembly/program.ts `runProgram(program, steps, stateAddress, symbols, symbol, from, to)`. */
type WasmProgramFn = (
  program: number,
  steps: number,
  state: number,
  symbols: number,
  symbol: number,
  from: number,
  to: number,
) => void;

/** assembly/program.ts `runProgramPair(program, steps, state, symbols, symbolA, symbolB, toA, toB, delta)`. */
type WasmProgramPairFn = (
  program: number,
  steps: number,
  state: number,
  symbols: number,
  symbolA: number,
  symbolB: number,
  toA: number,
  toB: number,
  delta: number,
) => void;

/** kernels.wasm fused loops (assembly/fused.ts): `(groupTable, from, to)`. */
type WasmGroupFn = (group: number, from: number, to: number) => void;

/** Where a runner's arrays go in wasm memory from `base`: io tables, series, scratch state, kernel scratch. */
function layout(plan: IndicatorPlan, capacity: number, base: number) {
  const { kernelInputs, kernelOutputs, slotCount, stateSize } = plan;
  const ioBase = base;
  const ioWords = kernelInputs.reduce((sum, ins, k) => sum + ins.length + (kernelOutputs[k] as Int32Array).length, 0);
  const seriesBase = ioBase + Math.ceil((ioWords * 4) / 8) * 8;
  const stateBase = seriesBase + slotCount * capacity * 8;
  // Kernel temporaries (assembly/scratch.ts): 16 bytes per entry, one entry per bar and one more.
  const scratchBase = stateBase + stateSize * 8;
  const scratchEntries = capacity + 1;
  // Float32 rows of each price field, staged for `widen`.
  const stageBase = scratchBase + scratchEntries * 16;
  const stageBars = stageCapacity(capacity);
  // Fused groups' tables (assembly/fused.ts): per member p0, p1 (f64), state and io addresses (u32).
  const groupBase = stageBase + PRICE_FIELDS * stageStride(stageBars);
  const groups = fusedGroups(plan);
  const groupMembers = groups.reduce((sum, g) => sum + g.members.length, 0);
  // The program (assembly/program.ts): a step per kernel and per group, then reset images.
  const programBase = groupBase + groupMembers * GROUP_MEMBER_BYTES;
  const images = plan.kernels.reduce((sum, k) => sum + resetImage(k).length * 8, 0);
  const laneEnd = programBase + (plan.kernels.length + groups.length) * PROGRAM_STEP_BYTES + images;
  // The second lane (batchIntoPair): the io tables, series and group tables again, at the
  // same offsets from `base + laneDelta` (the rest of that copy is unused).
  const laneDelta = Math.ceil((laneEnd - base) / 16) * 16;
  const end = base + 2 * laneDelta;
  return {
    ioBase,
    ioWords,
    seriesBase,
    stateBase,
    scratchBase,
    scratchEntries,
    stageBase,
    stageBars,
    groupBase,
    programBase,
    laneDelta,
    end,
  };
}

const NO_IMAGE = new Float64Array(0);

/** Bytes of one member's entry in a fused group's table. */
const GROUP_MEMBER_BYTES = 24;

/** `#groupAt` of a group member other than the first (it runs inside the group). */
const IN_GROUP = -2;

/** Price fields (the first INPUT_FIELDS) that can be staged as float32 rows. */
const PRICE_FIELDS = 5;

/** Rows `stage` takes at once: many symbols' worth, and at least one whole series. */
function stageCapacity(capacity: number): number {
  return Math.max(65_536, capacity);
}

/** Bytes between two fields' staged rows (8-aligned). */
function stageStride(stageBars: number): number {
  return Math.ceil((stageBars * 4) / 8) * 8;
}

/** kernels.ts `widen(from, to, count)`: float32 at byte address `from` to float64 at `to`. */
type WasmWidenFn = (from: number, to: number, count: number) => void;

function priceField(field: InputField): number {
  const f = INPUT_FIELDS.indexOf(field);
  if (f < 0 || f >= PRICE_FIELDS) throw new RangeError(`${field} is not a price field that can be staged`);
  return f;
}

/** kernels.ts `useScratch(at, entries)`: where this instance's kernels keep temporaries. */
type WasmScratchFn = (at: number, entries: number) => void;

function twin(wasm: WasmKernelExports, name: string): WasmKernelFn {
  const fn = wasm[name];
  if (typeof fn !== "function") throw new Error(`the wasm kernels have no export "${name}" (run npm run build:wasm)`);
  return fn;
}
