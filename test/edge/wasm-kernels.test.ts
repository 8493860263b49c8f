// In the real Workers runtime the batch indicator kernels run in WebAssembly (the module
// bundled by wrangler, instantiated per runner) and give the TypeScript kernels' results to
// the bit: what the Durable Objects compute for a scan.

import { describe, expect, it } from "vitest";
import { IngestReport } from "../../engine/bars/ingest-report.ts";
import { generateDemoUniverse } from "../../engine/demo/index.ts";
import { PlanRunner } from "../../engine/indicators/plan-runner.ts";
import { planIndicators } from "../../engine/indicators/plan.ts";
import { indicatorSpecs } from "../../engine/indicators/registry.ts";
import { UniverseIndicators } from "../../engine/indicators/universe-indicators.ts";
import { useWasmKernels, wasmKernelFactory } from "../../engine/indicators/wasm/wasm-kernels.ts";
import { UniverseBuilder } from "../../engine/snapshot/universe-builder.ts";
import "../../worker/wasm-kernels.ts";

describe("wasm kernels in workerd", () => {
  it("are registered by the Worker and equal the TypeScript kernels", () => {
    const factory = wasmKernelFactory();
    expect(factory, "worker/wasm-kernels.ts registers the bundled module").not.toBeNull();
    const plan = planIndicators(indicatorSpecs().map((s) => ({ name: s.name })));
    expect(new PlanRunner(plan, 300).accelerated).toBe(true);
    const builder = new UniverseBuilder(new IngestReport());
    generateDemoUniverse(builder, { symbols: 60, days: 300, seed: 4 });
    const table = builder.build().table;
    const inWasm = UniverseIndicators.compute(plan, [table]);
    useWasmKernels(null);
    try {
      const inJs = UniverseIndicators.compute(plan, [table]);
      expect(Array.from(inWasm.states[0] as Float64Array)).toEqual(Array.from(inJs.states[0] as Float64Array));
      expect(Array.from(inWasm.latest[0] as Float64Array)).toEqual(Array.from(inJs.latest[0] as Float64Array));
    } finally {
      useWasmKernels(factory);
    }
  });
});
