// Screens on real data (../shared/data): a slice of the real universe — three of its
// sixteen snapshot shards, about 1,450 real symbols with their gaps, penny stocks and
// zero-volume days — through every built-in screen with both backends. The CPU backend must
// equal the independent reference evaluator; the WGSL backend (when WebGPU is available)
// must select exactly what the float32 reference selects.

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeGpu } from "../../cli/gpu/node-webgpu.ts";
import { importFiles } from "../../cli/providers/file-import.ts";
import { benchmarkAxis } from "../../engine/indicators/universe-indicators.ts";
import { BUILTIN_SCREENS } from "../../engine/screen/builtins.ts";
import { compileScreen } from "../../engine/screen/compile.ts";
import { evaluateScreen } from "../../engine/screen/cpu/evaluate.ts";
import { IndicatorSeries } from "../../engine/screen/cpu/indicator-series.ts";
import type { BarTable } from "../../engine/snapshot/bar-table.ts";
import { GpuScreenBackend } from "../../shaders/screen-gpu.ts";
import { splitIntoShards } from "../bench/shards.ts";
import { referenceEvaluate } from "../screen/reference-evaluator.ts";
import { screenText } from "../screen/screen-arbitraries.ts";
import { hasSharedData, REAL_PRICES, sharedDataSkipMessage } from "../support/shared-data.ts";

describe.skipIf(!hasSharedData)(
  `built-in screens on real data (${hasSharedData ? "present" : sharedDataSkipMessage()})`,
  () => {
    let shards: BarTable[] = [];
    let series: IndicatorSeries;
    let bench: Float64Array;
    let gpu: GpuScreenBackend | null = null;

    beforeAll(async () => {
      const { builder } = await importFiles(REAL_PRICES);
      const all = splitIntoShards(builder.build().table, 16);
      // Shards 0-2, plus SPY's shard so beta and relative strength have their benchmark.
      shards = all.filter((t, k) => k < 3 || t.symbols.some((i) => i.symbol === "SPY"));
      series = new IndicatorSeries(shards);
      bench = benchmarkAxis(shards, "SPY");
      try {
        gpu = await GpuScreenBackend.create(await nodeGpu());
      } catch (error) {
        console.warn(`WGSL half of the real-data screen test skipped: ${(error as Error).message}`);
      }
    }, 180_000);
    afterAll(() => gpu?.destroy());

    it("generated screens, both backends, on real data", async () => {
      await fc.assert(
        fc.asyncProperty(screenText, fc.integer({ min: 300, max: 755 }), async (text, day) => {
          const screen = compileScreen(text);
          const cpu = evaluateScreen(screen, series, { day });
          const ref = referenceEvaluate(screen, shards, day, bench);
          expect(
            cpu.rows.map((r) => r.symbol),
            `${text}: CPU rows`,
          ).toEqual(ref.rows.map((r) => r.symbol));
          if (!gpu) return;
          const g = await gpu.evaluate(screen, series, { day });
          const f32 = referenceEvaluate(screen, shards, day, bench, { f32: true });
          expect(new Set(g.rows.map((r) => r.symbol)), `${text}: WGSL rows`).toEqual(
            new Set(f32.rows.map((r) => r.symbol)),
          );
        }),
        { numRuns: 15, seed: 23 },
      );
    }, 300_000);

    for (const day of [755, 500]) {
      it(`every built-in screen, both backends, on day ${day} of 756`, async () => {
        let matched = 0;
        for (const b of BUILTIN_SCREENS) {
          const screen = compileScreen(b.text);
          const cpu = evaluateScreen(screen, series, { day });
          const ref = referenceEvaluate(screen, shards, day, bench);
          expect(cpu.matched, `${b.id}: CPU matched`).toBe(ref.matched);
          expect(
            cpu.rows.map((r) => r.symbol),
            `${b.id}: CPU rows`,
          ).toEqual(ref.rows.map((r) => r.symbol));
          matched += cpu.matched;
          if (!gpu) continue;
          const g = await gpu.evaluate(screen, series, { day });
          const f32 = referenceEvaluate(screen, shards, day, bench, { f32: true });
          expect(g.matched, `${b.id}: WGSL matched`).toBe(f32.matched);
          expect(new Set(g.rows.map((r) => r.symbol)), `${b.id}: WGSL rows`).toEqual(
            new Set(f32.rows.map((r) => r.symbol)),
          );
        }
        expect(matched, "real data gives the built-ins something to select").toBeGreaterThan(0);
      }, 300_000);
    }
  },
);
