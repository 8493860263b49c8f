// Turns a built BarTable into the bytes of a snapshot: one encoded shard per shard index
// and the manifest that names them. The version is derived from the content (the shard
// checksums and source), so re-running the same ingest yields the same version.

import type { IngestReportJson } from "../bars/ingest-report.ts";
import { isoDay, type UnixDay } from "../calendar/unix-day.ts";
import type { BarTable } from "./bar-table.ts";
import { type Digest, webCryptoSha256 } from "./checksum.ts";
import type { Manifest, SourceKind } from "./manifest.ts";
import { encodeShard } from "./shard-codec.ts";
import { DEFAULT_SHARD_COUNT, MAX_SHARD_COUNT, shardOf } from "./shard-key.ts";

export interface SnapshotSource {
  readonly kind: SourceKind;
  readonly label: string;
  readonly detail: string;
}

export interface BuiltSnapshot {
  readonly manifest: Manifest;
  /** Encoded shards, index-aligned with manifest.shards. */
  readonly shards: readonly Uint8Array[];
}

export interface SnapshotBuildOptions {
  readonly source: SnapshotSource;
  readonly ingest: Pick<IngestReportJson, "rowsRead" | "rowsKept" | "rowsRejected">;
  readonly shardCount?: number;
  readonly createdAt?: Date;
  readonly digest?: Digest;
}

export function shardFileName(index: number): string {
  return `shard-${String(index).padStart(3, "0")}.bin`;
}

export async function buildSnapshot(table: BarTable, options: SnapshotBuildOptions): Promise<BuiltSnapshot> {
  const shardCount = options.shardCount ?? DEFAULT_SHARD_COUNT;
  if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > MAX_SHARD_COUNT)
    throw new RangeError(`shard count must be an integer from 1 to ${MAX_SHARD_COUNT}, got ${shardCount}`);
  const digest = options.digest ?? webCryptoSha256;

  const members: number[][] = Array.from({ length: shardCount }, () => []);
  table.symbols.forEach((info, s) => {
    members[shardOf(info.symbol, shardCount)]?.push(s);
  });

  const shards: Uint8Array[] = [];
  const entries: Manifest["shards"] = [];
  for (let i = 0; i < shardCount; i++) {
    const indices = members[i] ?? [];
    const bytes = encodeShard(table, indices, i, shardCount);
    let cells = 0;
    for (const s of indices) cells += table.length[s] ?? 0;
    shards.push(bytes);
    entries.push({
      index: i,
      file: shardFileName(i),
      bytes: bytes.length,
      sha256: await digest(bytes),
      symbols: indices.length,
      cells,
    });
  }

  const first = isoDay(table.days[0] as UnixDay);
  const last = isoDay(table.days[table.days.length - 1] as UnixDay);
  const contentId = await digest(
    new TextEncoder().encode(
      [options.source.kind, options.source.label, shardCount, ...entries.map((e) => e.sha256)].join("\n"),
    ),
  );
  const version = `${options.source.kind}-${last.replaceAll("-", "")}-${contentId.slice(0, 12)}`;
  const etfCount = table.symbols.filter((s) => s.type === "etf").length;

  const manifest: Manifest = {
    format: "technic-snapshot",
    formatVersion: 1,
    version,
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    source: { ...options.source },
    days: { first, last, count: table.days.length },
    symbolCount: table.symbols.length,
    stockCount: table.symbols.length - etfCount,
    etfCount,
    cellCount: table.close.length,
    shardCount,
    shards: entries,
    fundamentalFields: [...table.fundamentalFields],
    ingest: {
      rowsRead: options.ingest.rowsRead,
      rowsKept: options.ingest.rowsKept,
      rowsRejected: options.ingest.rowsRejected,
    },
  };
  return { manifest, shards };
}
