// Batch indicators on every core of a Node host: the universe's shards are independent,
// so each worker thread computes a share of them into shared memory, and the result is an
// ordinary UniverseIndicators (the same state the single-threaded engine produces, so the
// daily update continues from it). In production each Durable Object computes its own
// shard; this is the same split on one machine (CLI, benchmarks, snapshot builds).

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { IndicatorPlan } from "../../engine/indicators/plan.ts";
import { UniverseIndicators, latestLength, stateLength } from "../../engine/indicators/universe-indicators.ts";
import type { BarTable } from "../../engine/snapshot/bar-table.ts";
import { shareTable, sharedFloat64 } from "./shared-table.ts";

export interface PoolJob {
  readonly id: number;
  readonly columns: readonly string[];
  readonly benchmark: string;
  readonly tables: readonly BarTable[];
  readonly shards: readonly number[];
  readonly states: Float64Array[];
  readonly latest: Float64Array[];
}

interface Reply {
  readonly id: number;
  readonly ok: boolean;
  readonly message?: string;
}

const WORKER_URL = new URL("./indicator-worker-entry.mjs", import.meta.url);

export class IndicatorPool {
  readonly size: number;
  readonly #workers: Worker[];
  #nextId = 0;
  readonly #pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();

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

  /** The batch pass of `UniverseIndicators.compute`, shards spread over the pool's threads. */
  async compute(plan: IndicatorPlan, tables: readonly BarTable[], benchmark = "SPY"): Promise<UniverseIndicators> {
    const states = tables.map((t) => sharedFloat64(stateLength(plan, t.symbols.length)));
    const latest = tables.map((t) => sharedFloat64(latestLength(plan, t.symbols.length)));
    const columns = plan.columns.map((c) => c.name);
    // Largest shards first, each to the least-loaded thread, so threads finish together.
    const order = tables.map((t, k) => [k, t.close.length] as const).sort((a, b) => b[1] - a[1]);
    const loads = new Array<number>(this.size).fill(0);
    const assigned: number[][] = Array.from({ length: this.size }, () => []);
    for (const [k, cells] of order) {
      const w = loads.indexOf(Math.min(...loads));
      assigned[w]?.push(k);
      loads[w] = (loads[w] as number) + cells;
    }
    await Promise.all(
      this.#workers.map((worker, w) => {
        const shards = assigned[w] as number[];
        if (shards.length === 0) return Promise.resolve();
        const id = this.#nextId++;
        const job: PoolJob = { id, columns, benchmark, tables, shards, states, latest };
        return new Promise<void>((resolve, reject) => {
          this.#pending.set(id, { resolve, reject });
          worker.postMessage(job);
        });
      }),
    );
    return UniverseIndicators.prepare(plan, tables, { benchmark, memory: { states, latest } });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }

  #settle(reply: Reply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (reply.ok) pending.resolve();
    else pending.reject(new Error(`indicator worker failed: ${reply.message}`));
  }

  #failAll(error: Error): void {
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }
}
