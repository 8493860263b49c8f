// Indicators on every core of a Node host. The universe's shards are independent, so each
// worker thread takes a share of them, working in shared memory:
//   - `compute`: the batch pass; the result is an ordinary UniverseIndicators (the same
//     state the single-threaded engine produces);
//   - `appendDay`: the streaming daily update of that universe, each thread advancing the
//     shards it computed (its kernels' state stays where its batch left it).
// In production each Durable Object computes its own shard; this is the same split on one
// machine (CLI, benchmarks, snapshot builds).
//
// With the wasm kernels on, the states live in one shared WebAssembly memory: the states of
// every shard, then a region per thread where its update runner lays out its series. Each
// thread instantiates kernels-shared.wasm over that memory, so the daily update runs in wasm.

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { PlanRunner } from "../../engine/indicators/plan-runner.ts";
import type { IndicatorPlan } from "../../engine/indicators/plan.ts";
import { WASM_PAGE, type WasmMemory } from "../../engine/indicators/wasm/wasm-kernels.ts";
import { sharedWasmMemory, wasmKernelsEnabled } from "../wasm/wasm-kernels-host.ts";
import {
  type DayBars,
  UniverseIndicators,
  latestLength,
  stateLength,
} from "../../engine/indicators/universe-indicators.ts";
import type { BarTable } from "../../engine/snapshot/bar-table.ts";
import { shareTable, sharedFloat64 } from "./shared-table.ts";

/** Batch pass over some shards of a universe the worker then keeps (as `universe`) for daily updates. */
export interface ComputeJob {
  readonly kind: "compute";
  readonly id: number;
  readonly universe: number;
  readonly columns: readonly string[];
  readonly benchmark: string;
  readonly tables: readonly BarTable[];
  readonly shards: readonly number[];
  readonly states: Float64Array[];
  readonly latest: Float64Array[];
  /** The shared memory `states` are views of, and where this worker's update runner goes in it. */
  readonly wasm?: { readonly memory: WasmMemory; readonly base: number };
}

/** One new day for the shards of `universe` this worker computed (`bars[i]` is shard `shards[i]`'s). */
export interface AppendJob {
  readonly kind: "append";
  readonly id: number;
  readonly universe: number;
  readonly shards: readonly number[];
  readonly bars: readonly DayBars[];
  readonly benchClose: number;
}

/** The worker may drop `universe`. */
export interface ReleaseJob {
  readonly kind: "release";
  readonly id: number;
  readonly universe: number;
}

export type PoolJob = ComputeJob | AppendJob | ReleaseJob;

interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly message?: string;
  /** After a compute: whether the worker's daily update of that universe runs in wasm. */
  readonly updatesInWasm?: boolean;
}

/** What the pool keeps about a universe it computed. */
interface HeldUniverse {
  readonly id: number;
  readonly assigned: number[][];
  readonly updatesInWasm: boolean;
  /** The shared wasm memory holding its states (null: plain shared arrays). */
  readonly memory: WasmMemory | null;
}

export interface PoolComputeOptions {
  /**
   * A universe from this pool's `compute` you are done with: the new one is computed in its
   * shared memory (grown if needed), so the threads write to pages already mapped. The old
   * one is released first and may not be used after (its arrays hold the new values).
   */
  readonly reuse?: UniverseIndicators;
}

const WORKER_URL = new URL("./indicator-worker-entry.mjs", import.meta.url);

export class IndicatorPool {
  readonly size: number;
  readonly #workers: Worker[];
  #nextId = 0;
  #nextUniverse = 0;
  readonly #pending = new Map<number, { resolve: (reply: Reply) => void; reject: (e: Error) => void }>();
  /** Which shards of which universe each worker holds, and whether their updates run in wasm. */
  readonly #universes = new WeakMap<UniverseIndicators, HeldUniverse>();

  constructor(size = availableParallelism()) {
    this.size = Math.max(1, size);
    this.#workers = Array.from({ length: this.size }, () => {
      const worker = new Worker(WORKER_URL);
      worker.on("message", (reply: Reply) => this.#settle(reply));
      worker.on("error", (error) => this.#failAll(error));
      return worker;
    });
  }

  /** Shares `tables` once (copies them to shared memory unless they already are); reuse the result across calls. */
  static share(tables: readonly BarTable[]): BarTable[] {
    return tables.map(shareTable);
  }

  /**
   * The batch pass of `UniverseIndicators.compute`, shards spread over the pool's threads.
   * The threads keep their shards for `appendDay` until `release` (or `close`).
   */
  async compute(
    plan: IndicatorPlan,
    tables: readonly BarTable[],
    benchmark = "SPY",
    options: PoolComputeOptions = {},
  ): Promise<UniverseIndicators> {
    let reused: WasmMemory | null = null;
    if (options.reuse) {
      const held = this.#universes.get(options.reuse);
      if (!held) throw new Error("compute: `reuse` was not computed by this pool (or was released)");
      reused = held.memory;
      await this.release(options.reuse);
    }
    const shared = wasmKernelsEnabled() ? this.#sharedWasmStates(plan, tables, reused) : null;
    const states = shared?.states ?? tables.map((t) => sharedFloat64(stateLength(plan, t.symbols.length)));
    const latest = tables.map((t) => sharedFloat64(latestLength(plan, t.symbols.length)));
    const columns = plan.columns.map((c) => c.name);
    const universe = this.#nextUniverse++;
    const assigned = this.#assign(tables);
    const replies = await Promise.all(
      assigned.map((shards, w) => {
        if (shards.length === 0) return Promise.resolve(null);
        const wasm = shared ? { memory: shared.memory, base: shared.regions[w] as number } : undefined;
        const job = { kind: "compute", id: 0, universe, columns, benchmark, tables, shards, states, latest, wasm };
        return this.#send(w, job as ComputeJob);
      }),
    );
    const result = UniverseIndicators.prepare(plan, tables, { benchmark, memory: { states, latest } });
    const updatesInWasm = replies.every((r) => r === null || r.updatesInWasm === true);
    this.#universes.set(result, { id: universe, assigned, updatesInWasm, memory: shared?.memory ?? null });
    return result;
  }

  /**
   * `u.appendDay(bars, benchClose)` on the pool's threads, each advancing the shards it
   * computed. `u` must come from this pool's `compute`; the state it reads is updated in place.
   */
  async appendDay(u: UniverseIndicators, bars: readonly DayBars[], benchClose: number): Promise<void> {
    const held = this.#universes.get(u);
    if (!held) throw new Error("appendDay: this universe was not computed by this pool (or was released)");
    if (bars.length !== u.tables.length)
      throw new Error(`appendDay: ${bars.length} shards of bars for a universe of ${u.tables.length} shards`);
    await Promise.all(
      held.assigned.map((shards, w) =>
        shards.length === 0
          ? Promise.resolve()
          : this.#send(w, {
              kind: "append",
              id: 0,
              universe: held.id,
              shards,
              bars: shards.map((k) => bars[k] as DayBars),
              benchClose,
            }),
      ),
    );
  }

  /** Whether the threads' daily updates of `u` run in WebAssembly (over shared wasm memory). */
  updatesInWasm(u: UniverseIndicators): boolean {
    return this.#universes.get(u)?.updatesInWasm ?? false;
  }

  /** Lets the threads drop `u` (its state arrays stay valid in this thread). */
  async release(u: UniverseIndicators): Promise<void> {
    const held = this.#universes.get(u);
    if (!held) return;
    this.#universes.delete(u);
    await Promise.all(this.#workers.map((_, w) => this.#send(w, { kind: "release", id: 0, universe: held.id })));
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }

  /**
   * One shared wasm memory for a universe: page 0 for the module's own data, then every
   * shard's state, then one region per thread for its update runner. In `reuse` (a retired
   * universe's memory), grown to fit, when given.
   */
  #sharedWasmStates(plan: IndicatorPlan, tables: readonly BarTable[], reuse: WasmMemory | null) {
    const lengths = tables.map((t) => stateLength(plan, t.symbols.length));
    const statesEnd = lengths.reduce((at, n) => at + n * 8, WASM_PAGE);
    const region = PlanRunner.wasmBytes(plan, UniverseIndicators.runnerCapacity(tables));
    const regions = Array.from({ length: this.size }, (_, w) => statesEnd + w * region);
    const bytes = statesEnd + this.size * region;
    const memory = reuse ?? sharedWasmMemory(bytes);
    const have = memory.buffer.byteLength;
    if (bytes > have) memory.grow(Math.ceil((bytes - have) / WASM_PAGE));
    let at = WASM_PAGE;
    const states = lengths.map((n) => {
      const view = new Float64Array(memory.buffer, at, n);
      at += n * 8;
      return view;
    });
    return { memory, states, regions };
  }

  /** Largest shards first, each to the least-loaded thread, so threads finish together. */
  #assign(tables: readonly BarTable[]): number[][] {
    const order = tables.map((t, k) => [k, t.close.length] as const).sort((a, b) => b[1] - a[1]);
    const loads = new Array<number>(this.size).fill(0);
    const assigned: number[][] = Array.from({ length: this.size }, () => []);
    for (const [k, cells] of order) {
      const w = loads.indexOf(Math.min(...loads));
      assigned[w]?.push(k);
      loads[w] = (loads[w] as number) + cells;
    }
    return assigned;
  }

  #send(w: number, job: PoolJob): Promise<Reply> {
    const id = this.#nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      (this.#workers[w] as Worker).postMessage({ ...job, id });
    });
  }

  #settle(reply: Reply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (reply.ok) pending.resolve(reply);
    else pending.reject(new Error(`indicator worker failed: ${reply.message}`));
  }

  #failAll(error: Error): void {
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }
}
