// The tail every ingest shares: lay out the built universe as a snapshot, publish it
// atomically, and say what happened.

import type { IngestReport } from "../engine/bars/ingest-report.ts";
import { bytesPerSymbolDay } from "../engine/snapshot/manifest.ts";
import { buildSnapshot, type SnapshotSource } from "../engine/snapshot/snapshot-builder.ts";
import type { UniverseBuilder } from "../engine/snapshot/universe-builder.ts";
import { count, megabytes } from "./format.ts";
import { progressBar } from "./progress.ts";
import { nodeSha256, type PublishResult, type SnapshotStore } from "./store/snapshot-store.ts";
import { UserError } from "./user-error.ts";

export interface PublishOptions {
  readonly shards?: number;
}

export async function publishBuilt(
  store: SnapshotStore,
  builder: UniverseBuilder,
  report: IngestReport,
  source: SnapshotSource,
  options: PublishOptions = {},
): Promise<PublishResult> {
  if (builder.symbolCount === 0)
    throw new UserError("no valid bars were read: nothing to publish (the current snapshot is unchanged)");
  const { table, symbolsWithoutBars } = builder.build();
  if (symbolsWithoutBars.length > 0)
    report.note(
      `${count(symbolsWithoutBars.length)} symbols have metadata but no valid bars and are left out (e.g. ${symbolsWithoutBars.slice(0, 5).join(", ")})`,
    );
  const built = await buildSnapshot(table, {
    source,
    ingest: report.toJSON(),
    shardCount: options.shards,
    digest: nodeSha256,
  });
  const bar = progressBar("publish", "shards");
  const result = await store.publish(built, report.toJSON(), (p) =>
    bar.update(p.phase === "write" ? p.done : built.shards.length, built.shards.length),
  );
  bar.stop();
  const m = built.manifest;
  const bytes = m.shards.reduce((sum, s) => sum + s.bytes, 0);
  process.stdout.write(
    `${result.written ? "published" : "already had"} snapshot ${m.version}: ${count(m.symbolCount)} symbols (${count(m.stockCount)} stocks, ${count(m.etfCount)} ETFs) x ${count(m.days.count)} days, ${m.days.first} to ${m.days.last}, ${m.shardCount} shards, ${megabytes(bytes)} (${bytesPerSymbolDay(m).toFixed(1)} bytes/symbol-day)\n` +
      `current snapshot is now ${m.version} (${m.source.label})\n`,
  );
  return result;
}
