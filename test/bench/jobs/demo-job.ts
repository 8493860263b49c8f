// Build the default demo universe (6,000 symbols x 504 days) and lay it out as a snapshot.

import { nodeSha256 } from "../../../cli/store/snapshot-store.ts";
import { IngestReport } from "../../../engine/bars/ingest-report.ts";
import { generateDemoUniverse } from "../../../engine/demo/index.ts";
import { buildSnapshot } from "../../../engine/snapshot/snapshot-builder.ts";
import { UniverseBuilder } from "../../../engine/snapshot/universe-builder.ts";

const t0 = performance.now();
const report = new IngestReport();
const builder = new UniverseBuilder(report);
generateDemoUniverse(builder);
const t1 = performance.now();
const { table } = builder.build();
const built = await buildSnapshot(table, {
  source: { kind: "demo", label: "bench", detail: "" },
  ingest: report.toJSON(),
  digest: nodeSha256,
});
const t2 = performance.now();
const bytes = built.shards.reduce((s, b) => s + b.length, 0);
process.stdout.write(
  `${JSON.stringify({
    wallMs: t2 - t0,
    generateMs: t1 - t0,
    layoutMs: t2 - t1,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    symbols: built.manifest.symbolCount,
    days: built.manifest.days.count,
    bytesPerSymbolDay: bytes / (built.manifest.symbolCount * built.manifest.days.count),
  })}\n`,
);
