// Indicators over a whole universe (every shard of a snapshot): a batch pass that
// computes every requested column for every symbol and keeps each symbol's kernel state,
// then a streaming daily update that appends one bar per symbol in O(1) per indicator —
// "append one bar, update state", never a recompute.
//
// Memory: the state of the whole universe is one Float64Array per shard
// (symbols × plan.stateSize), plus the latest value of every column per symbol.

import type { BarTable } from "../snapshot/bar-table.ts";
import { PlanRunner } from "./plan-runner.ts";
import type { IndicatorPlan } from "./plan.ts";
import type { WasmKernelExports } from "./wasm/wasm-kernels.ts";

const PRICE_FIELDS = ["open", "high", "low", "close", "volume"] as const;

export interface UniverseIndicatorOptions {
  /** Symbol whose close is the `bench` input (beta, correlation, relative strength). Default SPY when present. */
  readonly benchmark?: string;
  /**
   * Called after each symbol's batch with the runner holding its full series; read what you
   * need (e.g. copy columns) before returning — the arrays are reused for the next symbol.
   */
  readonly onSymbol?: (table: BarTable, symbolIndex: number, runner: PlanRunner, bars: number) => void;
  /**
   * Where the state and latest values live (one array per shard, of `stateLength` and
   * `latestLength`); default fresh arrays. A host that computes shards on several threads
   * passes views over shared memory here.
   */
  /**
   * A universe you are done with (from an earlier `compute` in this thread, its memory its
   * own): this one is computed in that memory, so the kernels write to pages already mapped
   * instead of faulting in fresh ones (a third of a full-catalog compute on the development
   * machine: docs/benchmarks.md). The old universe is retired: its arrays now hold this
   * one's values, and its methods throw.
   */
  readonly reuse?: UniverseIndicators;
  readonly memory?: {
    readonly states: Float64Array[];
    readonly latest: Float64Array[];
    /**
     * When the states are views over a (shared) wasm memory: an instance of the kernels over
     * that memory and where the update runner may lay out its arrays (`PlanRunner.wasmBytes`
     * of the plan at the largest shard's symbol count). The daily update then runs in wasm.
     */
    readonly wasm?: { readonly exports: WasmKernelExports; readonly base: number };
  };
}

/** Length of shard state array for `symbols` symbols. */
export function stateLength(plan: IndicatorPlan, symbols: number): number {
  return symbols * plan.stateSize;
}

/** Length of a shard's latest-values array. */
export function latestLength(plan: IndicatorPlan, symbols: number): number {
  return symbols * plan.columns.length;
}

/** One new bar for every symbol of one shard (NaN where a symbol has no bar that day). */
export interface DayBars {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export class UniverseIndicators {
  readonly plan: IndicatorPlan;
  readonly tables: readonly BarTable[];
  /**
   * Per shard: symbols × plan.stateSize, kernel-major — kernel k's state for symbol s at
   * `plan.stateOffsets[k] * symbols + s * kernel.stateSize` (see PlanRunner.stepAcross).
   */
  readonly states: Float64Array[];
  /** Per shard: column-major latest values, [column × symbols]. */
  readonly latest: Float64Array[];
  /** Benchmark close on each axis day (NaN where it has no bar, or no benchmark). */
  benchAxis: Float64Array;
  /**
   * Runs the batch (one symbol's bars at a time) and the daily update (index i is symbol i),
   * both straight on `states`, which it holds in its wasm memory (or is placed beside).
   */
  readonly #runner: PlanRunner;
  /** Set when a later compute took this universe's memory (`reuse`). */
  #retired = false;

  private constructor(
    plan: IndicatorPlan,
    tables: readonly BarTable[],
    benchAxis: Float64Array,
    memory: UniverseIndicatorOptions["memory"],
    reuse: UniverseIndicators | undefined,
  ) {
    this.plan = plan;
    this.tables = tables;
    this.benchAxis = benchAxis;
    this.latest =
      memory?.latest ?? tables.map((t) => new Float64Array(latestLength(plan, t.symbols.length)).fill(Number.NaN));
    // The runner holds the states itself (in its wasm memory when the host registered the
    // kernels); states a host provides in a shared wasm memory are used where they are, with
    // the runner placed in its region of that memory; other provided states (plain shared
    // arrays) are computed into from the runner's scratch state and updated by the JS kernels.
    const capacity = UniverseIndicators.runnerCapacity(tables);
    if (memory) {
      const wasm = memory.wasm;
      this.#runner = wasm
        ? new PlanRunner(plan, capacity, () => wasm.exports, { placement: { base: wasm.base, states: memory.states } })
        : new PlanRunner(plan, capacity);
      this.states = memory.states;
    } else {
      const lengths = tables.map((t) => stateLength(plan, t.symbols.length));
      this.#runner = residentRunner(plan, capacity, lengths, reuse ? reuse.#retire() : null);
      this.states = [...this.#runner.residentStates()];
    }
  }

  /** The capacity (bars, and symbols for the daily update) of the runner for `tables`. */
  static runnerCapacity(tables: readonly BarTable[]): number {
    return Math.max(1, ...tables.map((t) => t.days.length + 1), ...tables.map((t) => t.symbols.length));
  }

  /** Batch pass over every symbol of every shard. */
  static compute(
    plan: IndicatorPlan,
    tables: readonly BarTable[],
    options: UniverseIndicatorOptions = {},
  ): UniverseIndicators {
    const u = UniverseIndicators.prepare(plan, tables, options);
    for (let k = 0; k < tables.length; k++) u.computeShard(k, options.onSymbol);
    return u;
  }

  /** Allocates (or adopts `options.memory`) without computing: call `computeShard` for each shard. */
  static prepare(
    plan: IndicatorPlan,
    tables: readonly BarTable[],
    options: UniverseIndicatorOptions = {},
  ): UniverseIndicators {
    if (options.reuse && options.memory) throw new Error("UniverseIndicators: pass `reuse` or `memory`, not both");
    const bench = benchmarkAxis(tables, options.benchmark ?? "SPY");
    return new UniverseIndicators(plan, tables, bench, options.memory, options.reuse);
  }

  /** Hands this universe's wasm instance (and memory) to a later compute; this one may not be used after. */
  #retire(): WasmKernelExports | null {
    this.#assertLive();
    this.#retired = true;
    return this.#runner.wasmInstance;
  }

  #assertLive(): void {
    if (this.#retired) throw new Error("this universe was retired: a later compute reused its memory (`reuse`)");
  }

  /** Batch pass over every symbol of shard `k`: fresh state, latest values of every column. */
  computeShard(k: number, onSymbol?: UniverseIndicatorOptions["onSymbol"]): void {
    this.#assertLive();
    const plan = this.plan;
    const runner = this.#runner;
    const needs = new Set(plan.fields);
    const columns = plan.columns.length;
    // Each symbol's bars are widened into the runner's series, then every kernel runs over
    // them on its own slice of the shard's kernel-major state.
    const table = this.tables[k] as BarTable;
    const state = this.states[k] as Float64Array;
    const latest = this.latest[k] as Float64Array;
    const symbols = table.symbols.length;
    const fields = PRICE_FIELDS.filter((f) => needs.has(f));
    const bench = needs.has("bench");
    const load = (s: number, lane: 0 | 1, windowFrom = table.offset[s] as number) => {
      const n = table.length[s] as number;
      const offset = table.offset[s] as number;
      for (const f of fields) runner.loadBars(f, table[f], offset, n, lane, windowFrom);
      if (bench) {
        const start = table.start[s] as number;
        runner.input("bench", lane).set(this.benchAxis.subarray(start, start + n));
      }
      return n;
    };
    // The latest value of every column: read through arrays fetched once (a call per column
    // and symbol was ~1% of a full-catalog batch).
    const keepLatest = (s: number, series: readonly Float64Array[], n: number) => {
      for (let c = 0, at = s; c < columns; c++, at += symbols)
        latest[at] = (series[c] as Float64Array)[n - 1] as number;
    };
    const laneA = runner.columns(0);
    const single = (s: number, windowFrom?: number) => {
      const n = load(s, 0, windowFrom);
      runner.batchInto(state, symbols, s, n);
      keepLatest(s, laneA, n);
      onSymbol?.(table, s, runner, n);
    };
    // `onSymbol` reads the runner's first lane, so it gets one symbol at a time.
    if (onSymbol || !runner.pairsInWasm(state)) {
      for (let s = 0; s < symbols; s++) single(s);
      return;
    }
    // Two symbols at a time (PlanRunner.batchIntoPair), paired by length so that neither
    // runs long alone: within blocks of rows the runner stages at once, by length.
    const { order, blocks } = pairingOrder(table, runner.stageRows);
    const laneB = runner.columns(1);
    for (let b = 0; b + 1 < blocks.length; b++) {
      const first = blocks[b] as number;
      const end = blocks[b + 1] as number;
      // Block b holds symbols [first, end) (in another order): its rows start at first's.
      const windowFrom = table.offset[first] as number;
      let i = first;
      for (; i + 1 < end; i += 2) {
        const a = order[i] as number;
        const z = order[i + 1] as number;
        const nA = load(a, 0, windowFrom);
        const nB = load(z, 1, windowFrom);
        runner.batchIntoPair(state, symbols, a, nA, z, nB);
        keepLatest(a, laneA, nA);
        keepLatest(z, laneB, nB);
      }
      if (i < end) single(order[i] as number, windowFrom);
    }
  }

  /**
   * Appends one trading day: `bars[k]` holds shard k's new bar per symbol (NaN for no bar),
   * `benchClose` the benchmark's close that day. Updates every symbol's state and latest values.
   */
  appendDay(bars: readonly DayBars[], benchClose: number): void {
    for (let k = 0; k < this.tables.length; k++) this.appendShardDay(k, bars[k] as DayBars, benchClose);
  }

  /** `appendDay` for shard `k` alone (shards are independent: a host may update them in parallel). */
  appendShardDay(k: number, day: DayBars, benchClose: number): void {
    this.#assertLive();
    const columns = this.plan.columns.length;
    const state = this.states[k] as Float64Array;
    const latest = this.latest[k] as Float64Array;
    const symbols = (this.tables[k] as BarTable).symbols.length;
    const across = this.#runner;
    across.input("open").set(day.open);
    across.input("high").set(day.high);
    across.input("low").set(day.low);
    across.input("close").set(day.close);
    across.input("volume").set(day.volume);
    across.input("bench").fill(benchClose, 0, symbols);
    across.stepAcross(state, symbols, symbols);
    // A symbol without a bar that day keeps its latest values. Those are few: copy each
    // column whole (a memcpy) and put theirs back, rather than test every cell (~4x faster).
    const absent: number[] = [];
    for (let s = 0; s < symbols; s++) if (day.close[s] !== day.close[s]) absent.push(s);
    const kept = new Float64Array(absent.length);
    for (let c = 0; c < columns; c++) {
      const row = c * symbols;
      for (let i = 0; i < absent.length; i++) kept[i] = latest[row + (absent[i] as number)] as number;
      latest.set(across.column(c).subarray(0, symbols), row);
      for (let i = 0; i < absent.length; i++) latest[row + (absent[i] as number)] = kept[i] as number;
    }
  }

  /** Whether the daily update runs in WebAssembly (the states are in the update runner's wasm memory). */
  get updatesInWasm(): boolean {
    const state = this.states[0];
    return state !== undefined && this.#runner.stepsInWasm(state);
  }

  /** Latest value of plan column `column` for symbol `s` of shard `k`. */
  latestValue(k: number, s: number, column: number): number {
    const symbols = (this.tables[k] as BarTable).symbols.length;
    return (this.latest[k] as Float64Array)[column * symbols + s] as number;
  }

  /** Bytes held by indicator state and latest values. */
  get stateBytes(): number {
    return [...this.states, ...this.latest].reduce((sum, a) => sum + a.byteLength, 0);
  }
}

/**
 * Symbols of `table` in blocks of consecutive rows, at most `windowRows` rows a block (what
 * the runner stages at once), each block's symbols by length: `order[blocks[b],
 * blocks[b + 1])` is block b. Neighbours in it are paired: of 7,720 real symbols 26% have
 * less than the whole history, and pairing rows in order left 12% of the bars to run alone
 * (0.6% by length in blocks).
 */
export function pairingOrder(table: BarTable, windowRows: number): { order: Int32Array; blocks: number[] } {
  const symbols = table.symbols.length;
  const order = new Int32Array(symbols);
  const blocks = [0];
  let s = 0;
  while (s < symbols) {
    const start = table.offset[s] as number;
    let e = s + 1;
    while (e < symbols && (table.offset[e] as number) + (table.length[e] as number) - start <= windowRows) e++;
    const block = Array.from({ length: e - s }, (_, i) => s + i).sort(
      (a, b) => (table.length[a] as number) - (table.length[b] as number) || a - b,
    );
    order.set(block, s);
    blocks.push(e);
    s = e;
  }
  return { order, blocks };
}

/**
 * The update runner holding the states, in wasm memory unless it cannot grow that far (4 GB):
 * a fresh instance's, or that of `instance` (a retired universe's) when given.
 */
function residentRunner(
  plan: IndicatorPlan,
  capacity: number,
  lengths: readonly number[],
  instance: WasmKernelExports | null = null,
): PlanRunner {
  try {
    return new PlanRunner(plan, capacity, instance ? () => instance : undefined, { residentStates: lengths });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return new PlanRunner(plan, capacity, null, { residentStates: lengths });
  }
}

/** The benchmark's close on each axis day (NaN where it has no bar or is absent). */
export function benchmarkAxis(tables: readonly BarTable[], symbol: string): Float64Array {
  const days = tables[0]?.days.length ?? 0;
  const axis = new Float64Array(days).fill(Number.NaN);
  for (const table of tables) {
    const s = table.symbols.findIndex((i) => i.symbol === symbol);
    if (s < 0) continue;
    const start = table.start[s] as number;
    const offset = table.offset[s] as number;
    for (let i = 0; i < (table.length[s] as number); i++) axis[start + i] = table.close[offset + i] as number;
  }
  return axis;
}
