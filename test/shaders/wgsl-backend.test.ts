// The WGSL backend runs for real (Dawn via npm webgpu, on SwiftShader when there is no GPU)
// and must select what the CPU backend selects: exactly what a float32 evaluation of the
// screen selects (the reference evaluator rounding every step, as the shader does), with
// values within float32 tolerance of the CPU's float64 ones — for every built-in screen
// and for generated ones, on a sharded demo universe.

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeGpu } from "../../cli/gpu/node-webgpu.ts";
import { benchmarkAxis } from "../../engine/indicators/universe-indicators.ts";
import { BUILTIN_SCREENS } from "../../engine/screen/builtins.ts";
import { compileScreen } from "../../engine/screen/compile.ts";
import { evaluateScreen } from "../../engine/screen/cpu/evaluate.ts";
import { IndicatorSeries } from "../../engine/screen/cpu/indicator-series.ts";
import type { Shard } from "../../engine/snapshot/shard-codec.ts";
import { GpuScreenBackend } from "../../shaders/screen-gpu.ts";
import { demoShards } from "../support/demo-shards.ts";
import { referenceEvaluate } from "../screen/reference-evaluator.ts";
import { screenText } from "../screen/screen-arbitraries.ts";

let gpu: GPU | null = null;
let why = "";
try {
  gpu = await nodeGpu();
} catch (error) {
  why = (error as Error).message;
  console.warn(`skipping the WGSL backend tests: ${why}`);
}

describe.skipIf(!gpu)("WGSL backend (WebGPU)", () => {
  let backend: GpuScreenBackend;
  let shards: Shard[] = [];
  let series: IndicatorSeries;
  let bench: Float64Array;

  beforeAll(async () => {
    backend = await GpuScreenBackend.create(gpu as GPU);
    shards = await demoShards({ symbols: 400, days: 300, seed: 21, shards: 5 });
    series = new IndicatorSeries(shards);
    bench = benchmarkAxis(shards, "SPY");
  });
  afterAll(() => backend?.destroy());

  const relax = (text: string) => text.replace("dollar_volume(20) > 5000000", "dollar_volume(20) > 100000");

  async function expectAgreement(text: string, day: number): Promise<number> {
    const screen = compileScreen(text);
    const ours = await backend.evaluate(screen, series, { day });
    const f32 = referenceEvaluate(screen, shards, day, bench, { f32: true });
    const cpu = evaluateScreen(screen, series, { day, limit: 100_000 });
    expect(ours.evaluated, `${text}: evaluated`).toBe(cpu.evaluated);
    expect(ours.matched, `${text}: matched (float32 reference)`).toBe(f32.matched);
    expect(new Set(ours.rows.map((r) => r.symbol)), `${text}: selection`).toEqual(
      new Set(f32.rows.map((r) => r.symbol)),
    );
    // Values within float32 tolerance of the CPU backend's float64 values.
    const cpuRows = new Map(cpu.rows.map((r) => [r.symbol, r]));
    for (const row of ours.rows) {
      const want = cpuRows.get(row.symbol);
      if (!want) continue; // selected only in float32: a comparison within float32 rounding
      const near = (a: unknown, b: unknown) =>
        typeof a === "number" && typeof b === "number" ? Math.abs(a - b) <= 2e-5 * Math.max(1, Math.abs(b)) : a === b;
      expect(
        near(row.sortKey, want.sortKey),
        `${text}: sort key of ${row.symbol}: ${row.sortKey} vs ${want.sortKey}`,
      ).toBe(true);
      row.values.forEach((v, c) => expect(near(v, want.values[c]), `${text}: column ${c} of ${row.symbol}`).toBe(true));
    }
    return ours.matched;
  }

  it("agrees with the CPU backend on every built-in screen", async () => {
    let matched = 0;
    for (const b of BUILTIN_SCREENS) {
      matched += await expectAgreement(relax(b.text), 299);
      await expectAgreement(relax(b.text), 250);
    }
    expect(matched).toBeGreaterThan(0);
  });

  it("agrees on generated screens", async () => {
    await fc.assert(
      fc.asyncProperty(screenText, fc.integer({ min: 40, max: 299 }), async (text, day) => {
        await expectAgreement(text, day);
      }),
      { numRuns: 40, seed: 17 },
    );
  });

  it("reports its adapter (a fallback adapter is accepted)", () => {
    expect(backend.adapterInfo.length).toBeGreaterThan(0);
  });
});
