// The manifest names one published snapshot: its version, where its data came from, its
// date range, and each shard's file, size and checksum. It is the only thing a reader
// trusts before verifying shard bytes, so it is validated with a schema on every read.

import { z } from "zod";
import { parseIsoDay } from "../calendar/unix-day.ts";

const isoDate = z.string().refine((s) => parseIsoDay(s) !== null, "must be a YYYY-MM-DD date");
const count = z.number().int().nonnegative();

export const SOURCE_KINDS = ["demo", "files", "massive"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const ShardEntrySchema = z.object({
  index: count,
  file: z.string().regex(/^shard-\d{3,4}\.bin$/),
  bytes: count,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  symbols: count,
  cells: count,
});

export const ManifestSchema = z.object({
  format: z.literal("technic-snapshot"),
  formatVersion: z.literal(1),
  version: z.string().regex(/^[a-z0-9][a-z0-9.-]{3,80}$/),
  createdAt: z.string().datetime(),
  source: z.object({
    kind: z.enum(SOURCE_KINDS),
    /** What a user sees, e.g. "demo data (synthetic)" or "files: prices-2014-2016.csv.gz". */
    label: z.string(),
    detail: z.string(),
  }),
  days: z.object({ first: isoDate, last: isoDate, count }),
  symbolCount: count,
  stockCount: count,
  etfCount: count,
  cellCount: count,
  shardCount: z.number().int().min(1).max(1024),
  shards: z.array(ShardEntrySchema),
  fundamentalFields: z.array(z.string()),
  ingest: z.object({ rowsRead: count, rowsKept: count, rowsRejected: count }),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type ShardEntry = z.infer<typeof ShardEntrySchema>;

export class ManifestError extends Error {
  override name = "ManifestError";
}

export function parseManifest(json: unknown, where: string): Manifest {
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ManifestError(
      `${where} is not a valid snapshot manifest: ${issue?.path.join(".") || "(root)"} ${issue?.message ?? ""}`.trim(),
    );
  }
  const m = parsed.data;
  if (m.shards.length !== m.shardCount || m.shards.some((s, i) => s.index !== i))
    throw new ManifestError(`${where} lists ${m.shards.length} shards but says there are ${m.shardCount}`);
  return m;
}

export function isDemo(manifest: Manifest): boolean {
  return manifest.source.kind === "demo";
}

/** Bytes on disk per symbol-day of the universe's grid (symbols x trading days), shards only. */
export function bytesPerSymbolDay(manifest: Manifest): number {
  const bytes = manifest.shards.reduce((sum, s) => sum + s.bytes, 0);
  return bytes / (manifest.symbolCount * manifest.days.count);
}
