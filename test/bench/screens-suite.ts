// `npm run bench -- screens`: the screen language over the full real universe — compile
// time per built-in screen; CPU evaluation cold (indicators computed) and warm (indicator
// columns kept, as a long-lived shard keeps them); a two-year daily backtest; and the WGSL
// backend on SwiftShader, reported as a correctness run (CPU-emulated, not GPU speed).

import { nodeGpu } from "../../cli/gpu/node-webgpu.ts";
import { importFiles } from "../../cli/providers/file-import.ts";
import { backtestScreen } from "../../engine/screen/backtest.ts";
import { BUILTIN_SCREENS } from "../../engine/screen/builtins.ts";
import { compileScreen } from "../../engine/screen/compile.ts";
import { evaluateScreen } from "../../engine/screen/cpu/evaluate.ts";
import { IndicatorSeries } from "../../engine/screen/cpu/indicator-series.ts";
import { GpuScreenBackend } from "../../shaders/screen-gpu.ts";
import { REAL_PRICES, hasSharedData, sharedDataSkipMessage } from "../support/shared-data.ts";
import { splitIntoShards } from "./shards.ts";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

export async function screensSuite(): Promise<Record<string, unknown>> {
  if (!hasSharedData) {
    console.log(sharedDataSkipMessage());
    return {};
  }
  const { builder } = await importFiles(REAL_PRICES);
  const { table } = builder.build();
  const shards = splitIntoShards(table, 16);
  const days = table.days.length;
  console.log(`universe: ${table.symbols.length} symbols x ${days} days in 16 shards, evaluated on the last day`);

  // Compile: warm the JIT, then the median of 200 compiles per screen.
  for (let i = 0; i < 50; i++) for (const b of BUILTIN_SCREENS) compileScreen(b.text);
  const rows: Record<string, unknown>[] = [];
  let gpu: GpuScreenBackend | null = null;
  try {
    gpu = await GpuScreenBackend.create(await nodeGpu());
  } catch (error) {
    console.log(`WGSL backend not measured: ${(error as Error).message}`);
  }
  for (const b of BUILTIN_SCREENS) {
    const compiles: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      compileScreen(b.text);
      compiles.push(performance.now() - t);
    }
    const screen = compileScreen(b.text);
    globalThis.gc?.();
    // Cold: a fresh set of indicator columns (only this screen's), then the evaluation.
    const cold = new IndicatorSeries(shards);
    let t = performance.now();
    const first = evaluateScreen(screen, cold);
    const coldMs = performance.now() - t;
    // Warm: columns kept; median of 7 evaluations.
    const warm: number[] = [];
    for (let i = 0; i < 7; i++) {
      t = performance.now();
      evaluateScreen(screen, cold);
      warm.push(performance.now() - t);
    }
    let gpuMs = Number.NaN;
    let gpuAgrees: boolean | null = null;
    if (gpu) {
      await gpu.evaluate(screen, cold); // pipeline compiled once, as a session would
      t = performance.now();
      const g = await gpu.evaluate(screen, cold);
      gpuMs = performance.now() - t;
      const cpuTop = new Set(first.rows.map((r) => r.symbol));
      const overlap = g.rows.filter((r) => cpuTop.has(r.symbol)).length;
      gpuAgrees = g.matched === first.matched && overlap === first.rows.length;
    }
    rows.push({
      id: b.id,
      compileMs: median(compiles),
      coldMs,
      warmMs: median(warm),
      matched: first.matched,
      gpuMs,
      gpuAgrees,
    });
  }
  gpu?.destroy();

  // Backtest: two years (504 signal days) of daily signals, 20-day holds, full universe.
  const backtests: Record<string, unknown>[] = [];
  for (const id of ["momentum-leaders", "rsi-pullback-uptrend", "bollinger-squeeze"]) {
    const screen = compileScreen(BUILTIN_SCREENS.find((b) => b.id === id)?.text as string);
    const series = new IndicatorSeries(shards);
    series.ensure(screen.indicators);
    const toDay = days - 21;
    const fromDay = toDay - 503;
    const t = performance.now();
    const r = backtestScreen(screen, series, { fromDay, toDay, hold: 20 });
    backtests.push({ id, ms: performance.now() - t, signalDays: r.signalDays, picks: r.picks });
  }

  const width = [26, 12, 12, 12, 9, 22];
  console.log(
    ["screen", "compile", "CPU cold", "CPU warm", "matched", "WGSL (SwiftShader)"]
      .map((h, i) => h.padEnd(width[i] ?? 10))
      .join(" | "),
  );
  for (const r of rows)
    console.log(
      [
        r.id,
        `${(r.compileMs as number).toFixed(3)} ms`,
        `${(r.coldMs as number).toFixed(0)} ms`,
        `${(r.warmMs as number).toFixed(1)} ms`,
        String(r.matched),
        Number.isNaN(r.gpuMs) ? "—" : `${(r.gpuMs as number).toFixed(0)} ms ${r.gpuAgrees ? "same" : "DIFFERS"}`,
      ]
        .map((c, i) => String(c).padEnd(width[i] ?? 10))
        .join(" | "),
    );
  const worstCompile = Math.max(...rows.map((r) => r.compileMs as number));
  const worstWarm = Math.max(...rows.map((r) => r.warmMs as number));
  console.log(
    `slowest compile ${worstCompile.toFixed(3)} ms (target < 1 ms); slowest warm evaluation ${worstWarm.toFixed(1)} ms (target < 20 ms)`,
  );
  for (const b of backtests)
    console.log(
      `backtest ${b.id}: ${b.signalDays} signal days x full universe, hold 20: ${((b.ms as number) / 1000).toFixed(2)} s (target < 5 s), ${b.picks} picks`,
    );
  return { rows, backtests, worstCompile, worstWarm };
}
