// Benchmark job (run in its own process so peak RSS is its own): import a price CSV the way
// `technic import` does — stream, validate, build, encode, publish — and print timings.

import { importFiles } from "../../../cli/providers/file-import.ts";
import { nodeSha256, SnapshotStore } from "../../../cli/store/snapshot-store.ts";
import { buildSnapshot } from "../../../engine/snapshot/snapshot-builder.ts";

const [file, dir] = process.argv.slice(2) as [string, string];
const t0 = performance.now();
const { builder, report } = await importFiles(file);
const t1 = performance.now();
const { table } = builder.build();
const t2 = performance.now();
const built = await buildSnapshot(table, {
  source: { kind: "files", label: "bench", detail: file },
  ingest: report.toJSON(),
  digest: nodeSha256,
});
const t3 = performance.now();
await new SnapshotStore(dir).publish(built, report.toJSON());
const t4 = performance.now();
const bytes = built.shards.reduce((s, b) => s + b.length, 0);
process.stdout.write(
  `${JSON.stringify({
    wallMs: t4 - t0,
    parseMs: t1 - t0,
    layoutMs: t2 - t1,
    encodeMs: t3 - t2,
    publishMs: t4 - t3,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    rows: report.rowsRead,
    kept: report.rowsKept,
    symbols: built.manifest.symbolCount,
    days: built.manifest.days.count,
    bytes,
    bytesPerSymbolDay: bytes / (built.manifest.symbolCount * built.manifest.days.count),
  })}\n`,
);
