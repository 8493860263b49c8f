// A worker thread of the IndicatorPool: computes the shards it is asked for into shared
// state arrays, keeps that universe (views over the same shared memory) and advances its
// shards by a day when asked.

import { parentPort } from "node:worker_threads";
import { planIndicators } from "../../engine/indicators/plan.ts";
import { UniverseIndicators } from "../../engine/indicators/universe-indicators.ts";
import type { BarTable } from "../../engine/snapshot/bar-table.ts";
import type { DayBars } from "../../engine/indicators/universe-indicators.ts";
import type { PoolJob } from "./indicator-pool.ts";
import { instantiateSharedWasmKernels, registerWasmKernels } from "../wasm/wasm-kernels-host.ts";

const port = parentPort;
if (!port) throw new Error("indicator-worker must run as a worker thread");

// Each thread compiles and registers the wasm kernels itself (registrations are per thread);
// TECHNIC_WASM reaches it through the environment the pool's workers share.
registerWasmKernels();

const universes = new Map<number, UniverseIndicators>();

/** Runs `job`; a compute answers whether the universe's daily update runs in wasm. */
function run(job: PoolJob): { updatesInWasm?: boolean } {
  switch (job.kind) {
    case "compute": {
      // States in a shared wasm memory: this thread's update runs in wasm, over that memory.
      const wasm = job.wasm && { exports: instantiateSharedWasmKernels(job.wasm.memory), base: job.wasm.base };
      const u = UniverseIndicators.prepare(planIndicators(job.columns), job.tables as BarTable[], {
        benchmark: job.benchmark,
        memory: { states: job.states, latest: job.latest, wasm },
      });
      for (const k of job.shards) u.computeShard(k);
      universes.set(job.universe, u);
      return { updatesInWasm: u.updatesInWasm };
    }
    case "append": {
      const u = universes.get(job.universe);
      if (!u) throw new Error(`universe ${job.universe} is not held by this worker`);
      job.shards.forEach((k, i) => u.appendShardDay(k, job.bars[i] as DayBars, job.benchClose));
      return {};
    }
    case "release":
      universes.delete(job.universe);
      return {};
  }
}

port.on("message", (job: PoolJob) => {
  try {
    port.postMessage({ id: job.id, ok: true, ...run(job) });
  } catch (error) {
    port.postMessage({ id: job.id, ok: false, message: (error as Error).stack ?? String(error) });
  }
});
