// Runs inside headless Chromium (bundled by esbuild in wgsl-chromium.test.ts): builds the
// demo universe with the engine, computes the screens' indicators in JS, and evaluates each
// screen with the WGSL backend on the browser's own WebGPU (navigator.gpu), and with the
// CPU backend, returning both for the test to compare with Node's answers.

import { IngestReport } from "../../engine/bars/ingest-report.ts";
import { generateDemoUniverse } from "../../engine/demo/index.ts";
import { compileScreen } from "../../engine/screen/compile.ts";
import { evaluateScreen } from "../../engine/screen/cpu/evaluate.ts";
import { IndicatorSeries } from "../../engine/screen/cpu/indicator-series.ts";
import { UniverseBuilder } from "../../engine/snapshot/universe-builder.ts";
import { GpuScreenBackend } from "../../shaders/screen-gpu.ts";

export interface PageResult {
  readonly adapter: string;
  readonly fallback: boolean;
  readonly screens: { text: string; gpu: unknown; cpu: unknown }[];
}

async function run(texts: string[], demo: { symbols: number; days: number; seed: number }, day: number) {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) throw new Error("navigator.gpu is missing: WebGPU is not enabled in this browser");
  const adapter = await gpu.requestAdapter();
  const backend = await GpuScreenBackend.create(gpu);
  const builder = new UniverseBuilder(new IngestReport());
  generateDemoUniverse(builder, demo);
  const { table } = builder.build();
  const series = new IndicatorSeries([table]);
  const screens = [];
  for (const text of texts) {
    const screen = compileScreen(text);
    const gpuResult = await backend.evaluate(screen, series, { day });
    const cpuResult = evaluateScreen(screen, series, { day });
    screens.push({ text, gpu: gpuResult, cpu: cpuResult });
  }
  backend.destroy();
  const info = adapter as (GPUAdapter & { isFallbackAdapter?: boolean; info?: GPUAdapterInfo }) | null;
  return {
    adapter: backend.adapterInfo,
    fallback: Boolean(info?.isFallbackAdapter ?? info?.info?.isFallbackAdapter),
    screens,
  };
}

(globalThis as unknown as { technicRun: typeof run }).technicRun = run;
