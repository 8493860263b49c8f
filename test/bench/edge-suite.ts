// `npm run bench -- edge`: the edge stack as `npm start` runs it — wrangler dev (workerd),
// the Worker and 16 UniverseShard Durable Objects over local R2 — on (a) the full real
// universe (when ../shared/data is here) and (b) the demo universe. Per universe: the first
// scan after a new snapshot version (cold: every shard loads its blob from R2), warm
// latency p50/p99 of five built-in screens (uncached: each request asks for a different
// limit, so the cache cannot answer), the cache-hit latency, 100 concurrent clients for 30 s
// with a mix of screens (autocannon), and workerd's memory per shard.

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import autocannon from "autocannon";
import { publishToLocalR2 } from "../../cli/edge/local-r2.ts";
import { SnapshotStore } from "../../cli/store/snapshot-store.ts";
import { REAL_PRICES, hasSharedData, PROJECT_ROOT } from "../support/shared-data.ts";
import { runCli, tempDir } from "../support/run-cli.ts";

const SCREENS = [
  "momentum-leaders",
  "golden-cross",
  "rsi-pullback-uptrend",
  "bollinger-squeeze",
  "top-decile-momentum-dip",
];
const WRANGLER = join(PROJECT_ROOT, "node_modules/wrangler/bin/wrangler.js");

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
}

function rssOfWorkerd(child: ChildProcess): number {
  // The workerd process is a descendant of wrangler; sum the RSS of every process in the group.
  let total = 0;
  const pgid = child.pid as number;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue; // field 5 of stat: process group
      const comm = readFileSync(`/proc/${entry}/comm`, "utf8").trim();
      if (!comm.includes("workerd")) continue;
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    } catch {}
  }
  return total;
}

async function post(url: string, body: unknown): Promise<{ ms: number; json: Record<string, unknown> }> {
  const t = performance.now();
  const res = await fetch(`${url}/v1/scan`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`scan failed: ${JSON.stringify(json)}`);
  return { ms: performance.now() - t, json };
}

async function measureUniverse(label: string, dataDir: string): Promise<Record<string, unknown>> {
  const store = new SnapshotStore(dataDir);
  const manifest = store.currentManifest();
  if (!manifest) throw new Error(`no snapshot in ${dataDir}`);
  const state = join(dataDir, "wrangler-state");
  await publishToLocalR2(store, manifest, state);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [WRANGLER, "dev", "--local", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", state],
    { cwd: PROJECT_ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: "false" }, stdio: "ignore", detached: true },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 240; i++) {
      try {
        if ((await fetch(`${url}/health`)).ok) break;
      } catch {}
      await new Promise((r) => setTimeout(r, 250));
    }
    const baseRss = rssOfWorkerd(child);
    // Cold: the first scan of a new snapshot version (every shard reads and verifies its blob).
    const cold = await post(url, { screen: "close > 5", limit: 10 });
    const loadedRss = rssOfWorkerd(child);
    const perScreen: Record<string, { p50: number; p99: number; cacheHit: number }> = {};
    const all: number[] = [];
    for (const id of SCREENS) {
      await post(url, { screen: id, limit: 1000 }); // indicators computed once per shard, as a live service would have
      const times: number[] = [];
      for (let i = 0; i < 30; i++) times.push((await post(url, { screen: id, limit: 1 + i })).ms);
      const hit = await post(url, { screen: id, limit: 1 });
      perScreen[id] = { p50: percentile(times, 50), p99: percentile(times, 99), cacheHit: hit.ms };
      all.push(...times);
    }
    const warmRss = rssOfWorkerd(child);
    // Load: 100 clients for 30 s, a mix of the five screens and 20 limits (hits and misses).
    const requests = SCREENS.flatMap((id) =>
      Array.from({ length: 20 }, (_, i) => ({
        method: "POST" as const,
        path: "/v1/scan",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ screen: id, limit: 5 + i }),
      })),
    );
    const load = await autocannon({ url, connections: 100, duration: 30, requests });
    return {
      label,
      symbols: manifest.symbolCount,
      days: manifest.days.count,
      shards: manifest.shardCount,
      coldMs: cold.ms,
      warm: perScreen,
      warmP50: percentile(all, 50),
      warmP99: percentile(all, 99),
      load: {
        requestsPerSecond: load.requests.average,
        p99: load.latency.p99,
        p50: load.latency.p50,
        errors: load.errors + load.non2xx + load.timeouts,
        total: load.requests.total,
      },
      memoryMB: {
        base: baseRss,
        loaded: loadedRss,
        warm: warmRss,
        perShardWarm: (warmRss - baseRss) / manifest.shardCount,
      },
    };
  } finally {
    try {
      process.kill(-(child.pid as number), "SIGKILL");
    } catch {}
  }
}

export async function edgeSuite(): Promise<Record<string, unknown>> {
  const tmp = tempDir("bench-edge");
  const results: Record<string, unknown>[] = [];
  try {
    if (hasSharedData) {
      const real = join(tmp.path, "real");
      const r = runCli(["import", REAL_PRICES], { TECHNIC_DATA_DIR: real });
      if (r.status !== 0) throw new Error(r.stderr);
      results.push(await measureUniverse("real (2014-2016)", real));
    } else console.log("real universe not measured: ../shared/data is absent");
    const demo = join(tmp.path, "demo");
    const d = runCli(["demo"], { TECHNIC_DATA_DIR: demo });
    if (d.status !== 0) throw new Error(d.stderr);
    results.push(await measureUniverse("demo", demo));
  } finally {
    tmp.remove();
  }
  for (const r of results) {
    const load = r.load as Record<string, number>;
    const mem = r.memoryMB as Record<string, number>;
    console.log(
      `\n${r.label}: ${r.symbols} symbols x ${r.days} days, ${r.shards} shards (wrangler dev, workerd, local R2)`,
    );
    console.log(`  cold (first scan of a new version): ${(r.coldMs as number).toFixed(0)} ms   target < 2 s`);
    for (const [id, w] of Object.entries(r.warm as Record<string, Record<string, number>>))
      console.log(
        `  warm ${id.padEnd(24)} p50 ${w.p50?.toFixed(1)} ms  p99 ${w.p99?.toFixed(1)} ms  cache hit ${w.cacheHit?.toFixed(1)} ms`,
      );
    console.log(
      `  warm, all five: p50 ${(r.warmP50 as number).toFixed(1)} ms (target < 50), p99 ${(r.warmP99 as number).toFixed(1)} ms (target < 150)`,
    );
    console.log(
      `  100 clients x 30 s: ${load.requestsPerSecond?.toFixed(0)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms (target < 1000), errors ${load.errors} (target 0), ${load.total} requests`,
    );
    console.log(
      `  workerd RSS: ${mem.base?.toFixed(0)} MB idle, ${mem.loaded?.toFixed(0)} MB with every shard loaded, ${mem.warm?.toFixed(0)} MB warm; ${mem.perShardWarm?.toFixed(1)} MB per shard (Workers limit 128 MB per isolate)`,
    );
  }
  return { universes: results };
}
