// A small demo universe, built and sharded through the real snapshot path (encode, SHA-256,
// decode), for tests that need several shards.

import { IngestReport } from "../../engine/bars/ingest-report.ts";
import { generateDemoUniverse } from "../../engine/demo/index.ts";
import type { Shard } from "../../engine/snapshot/shard-codec.ts";
import { buildSnapshot } from "../../engine/snapshot/snapshot-builder.ts";
import { loadUniverse } from "../../engine/snapshot/universe.ts";
import { UniverseBuilder } from "../../engine/snapshot/universe-builder.ts";

export async function demoShards(options: {
  symbols: number;
  days: number;
  seed: number;
  shards: number;
}): Promise<Shard[]> {
  const builder = new UniverseBuilder(new IngestReport());
  generateDemoUniverse(builder, { symbols: options.symbols, days: options.days, seed: options.seed });
  const { table } = builder.build();
  const built = await buildSnapshot(table, {
    source: { kind: "demo", label: "demo", detail: "test" },
    ingest: { rowsRead: 0, rowsKept: 0, rowsRejected: 0 },
    shardCount: options.shards,
  });
  const universe = await loadUniverse(built.manifest, async (entry) => built.shards[entry.index] as Uint8Array);
  return [...universe.shards];
}
