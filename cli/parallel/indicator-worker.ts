// A worker thread of the IndicatorPool: receives the universe's tables (views over shared
// memory) once, then computes the shards it is asked for into shared state arrays.

import { parentPort } from "node:worker_threads";
import { planIndicators } from "../../engine/indicators/plan.ts";
import { UniverseIndicators } from "../../engine/indicators/universe-indicators.ts";
import type { BarTable } from "../../engine/snapshot/bar-table.ts";
import type { PoolJob } from "./indicator-pool.ts";

const port = parentPort;
if (!port) throw new Error("indicator-worker must run as a worker thread");

port.on("message", (job: PoolJob) => {
  try {
    const plan = planIndicators(job.columns);
    const tables = job.tables as BarTable[];
    const u = UniverseIndicators.prepare(plan, tables, {
      benchmark: job.benchmark,
      memory: { states: job.states, latest: job.latest },
    });
    for (const k of job.shards) u.computeShard(k);
    port.postMessage({ id: job.id, ok: true });
  } catch (error) {
    port.postMessage({ id: job.id, ok: false, message: (error as Error).stack ?? String(error) });
  }
});
