// The indicator batch and daily update with the TypeScript kernels only (what a host without
// wasm runs), in a process of its own: run in the same process as the wasm kernels, the JS
// glue (runner, kernels' resets) is optimized for one and then the other, and the wasm
// figures measured after it came out ~1.5x slower (measured, 2026-12-07).
// argv: the columns of the 10-indicator batch, comma-separated. Prints one JSON line.

import { importFiles } from "../../../cli/providers/file-import.ts";
import { planIndicators } from "../../../engine/indicators/plan.ts";
import { indicatorSpecs } from "../../../engine/indicators/registry.ts";
import { UniverseIndicators } from "../../../engine/indicators/universe-indicators.ts";
import { REAL_PRICES } from "../../support/shared-data.ts";
import { flatDay } from "../flat-day.ts";
import { collectGarbage, median } from "../timing.ts";

const { builder } = await importFiles(REAL_PRICES);
const { table } = builder.build();
const tenPlan = planIndicators((process.argv[2] ?? "").split(","));
UniverseIndicators.compute(tenPlan, [table]); // warm the JIT as any long-lived server would be
const tenMs = median(5, () => UniverseIndicators.compute(tenPlan, [table]));
const u = UniverseIndicators.compute(planIndicators(indicatorSpecs().map((s) => ({ name: s.name }))), [table]);
const day = flatDay(table);
collectGarbage();
u.appendDay([day], 200);
const updateMs = median(21, () => u.appendDay([day], 200));
process.stdout.write(`${JSON.stringify({ tenMs, updateMs })}\n`);
