import { describe, expect, it } from "vitest";
import { IngestReport } from "../bars/ingest-report.ts";
import { parseIsoDay, type UnixDay } from "../calendar/unix-day.ts";
import { tradingDaysEnding } from "../calendar/us-market-calendar.ts";
import { type BarTable, seriesOf, valueAt } from "./bar-table.ts";
import { ChecksumMismatchError } from "./checksum.ts";
import { ManifestError, parseManifest } from "./manifest.ts";
import { decodeShard, ShardFormatError } from "./shard-codec.ts";
import { shardOf } from "./shard-key.ts";
import { buildSnapshot } from "./snapshot-builder.ts";
import { loadUniverse, openShard } from "./universe.ts";
import { UniverseBuilder } from "./universe-builder.ts";

const DAYS = tradingDaysEnding(parseIsoDay("2024-12-31") as UnixDay, 60);

/** A small universe: symbol i trades from day i % 7 to the end, missing every 13th bar. */
function smallTable(symbols: string[]): BarTable {
  const builder = new UniverseBuilder(new IngestReport());
  symbols.forEach((symbol, i) => {
    builder.setSymbolInfo({
      symbol,
      name: `${symbol} Corp`,
      type: i % 5 === 0 ? "etf" : "stock",
      exchange: "NYSE",
      sector: "Tech",
      industry: "Software",
    });
    if (i % 3 === 0) builder.setFundamentals(symbol, { pe: 10 + i, market_cap: 1e9 * (i + 1) });
    for (let d = i % 7; d < DAYS.length; d++) {
      if ((d + i) % 13 === 12 && d > i % 7 && d < DAYS.length - 1) continue;
      const c = 10 + i + Math.sin(d + i);
      builder.addOrReport(symbol, DAYS[d] as UnixDay, c, c + 0.5, c - 0.5, c + 0.25, 1000 * (d + 1), "test");
    }
  });
  return builder.build().table;
}

const SYMBOLS = Array.from({ length: 40 }, (_, i) => `S${String.fromCharCode(65 + (i % 26))}${i}`);
const source = { kind: "files" as const, label: "test", detail: "unit test" };
const ingest = { rowsRead: 0, rowsKept: 0, rowsRejected: 0 };

describe("snapshot shards", () => {
  it("round-trips every symbol's bars, metadata and fundamentals through the shards", async () => {
    const table = smallTable(SYMBOLS);
    const built = await buildSnapshot(table, { source, ingest, shardCount: 4 });
    const universe = await loadUniverse(built.manifest, async (e) => built.shards[e.index] as Uint8Array);
    expect(universe.symbolCount).toBe(SYMBOLS.length);
    table.symbols.forEach((info, s) => {
      const loc = universe.find(info.symbol);
      expect(loc, `${info.symbol} must be found`).not.toBeNull();
      if (!loc) return;
      expect(loc.shard.symbols[loc.index]).toEqual(info);
      for (const field of ["open", "high", "low", "close", "volume"] as const) {
        expect(Array.from(seriesOf(loc.shard, field, loc.index))).toEqual(Array.from(seriesOf(table, field, s)));
      }
      for (let d = 0; d < DAYS.length; d++) {
        const a = valueAt(table, "close", s, d);
        const b = valueAt(loc.shard, "close", loc.index, d);
        expect(Number.isNaN(a) ? Number.isNaN(b) : a === b).toBe(true);
      }
    });
    expect(universe.find("NOPE")).toBeNull();
    const pe = universe.find(SYMBOLS[3] as string);
    expect(pe?.shard.fundamentals[pe.shard.fundamentalFields.indexOf("pe") * pe.shard.symbols.length + pe.index]).toBe(
      13,
    );
  });

  it("hands out views over the shard's own buffer (zero copy)", async () => {
    const built = await buildSnapshot(smallTable(SYMBOLS), { source, ingest, shardCount: 2 });
    const bytes = built.shards[0] as Uint8Array;
    const shard = decodeShard(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
    expect(shard.close.buffer, "close must view the shard bytes").toBe(bytes.buffer);
    expect(shard.days.buffer).toBe(bytes.buffer);
    bytes.fill(0, bytes.length - 8);
    expect(shard.close.byteOffset).toBeGreaterThan(0);
  });

  it("keeps each symbol in the same shard when a symbol is added, so other shards' bytes do not change", async () => {
    const before = await buildSnapshot(smallTable(SYMBOLS), { source, ingest, shardCount: 8 });
    const added = "ZNEW";
    const after = await buildSnapshot(smallTable([...SYMBOLS, added]), { source, ingest, shardCount: 8 });
    const home = shardOf(added, 8);
    before.manifest.shards.forEach((entry, i) => {
      if (i === home) expect(after.manifest.shards[i]?.sha256).not.toBe(entry.sha256);
      else expect(after.manifest.shards[i]?.sha256, `shard ${i} must be untouched`).toBe(entry.sha256);
    });
    expect(after.manifest.version).not.toBe(before.manifest.version);
  });

  it("derives the version from the content: the same data gives the same version", async () => {
    const a = await buildSnapshot(smallTable(SYMBOLS), { source, ingest, shardCount: 4, createdAt: new Date(0) });
    const b = await buildSnapshot(smallTable(SYMBOLS), { source, ingest, shardCount: 4, createdAt: new Date() });
    expect(a.manifest.version).toBe(b.manifest.version);
    expect(a.manifest.version).toMatch(/^files-20241231-[0-9a-f]{12}$/);
  });

  it("refuses a shard whose bytes do not match the manifest checksum", async () => {
    const built = await buildSnapshot(smallTable(SYMBOLS), { source, ingest, shardCount: 2 });
    const entry = built.manifest.shards[1];
    if (!entry) throw new Error("no shard");
    const corrupt = (built.shards[1] as Uint8Array).slice();
    corrupt[corrupt.length - 100] = (corrupt[corrupt.length - 100] ?? 0) ^ 0xff;
    await expect(openShard(built.manifest, entry, corrupt)).rejects.toThrow(ChecksumMismatchError);
    await expect(openShard(built.manifest, entry, corrupt)).rejects.toThrow(/shard 1 of snapshot .* is corrupt/);
    await expect(openShard(built.manifest, entry, corrupt.subarray(0, 100))).rejects.toThrow(/refusing/);
  });

  it("rejects bytes that are not a shard, or a truncated one, with a format error", () => {
    expect(() => decodeShard(new ArrayBuffer(16))).toThrow(ShardFormatError);
    expect(() => decodeShard(new Uint8Array(64).fill(1).buffer)).toThrow(/bad magic/);
  });

  it("validates manifests and names the bad field", async () => {
    const built = await buildSnapshot(smallTable(SYMBOLS), { source, ingest, shardCount: 2 });
    expect(parseManifest(JSON.parse(JSON.stringify(built.manifest)), "m.json").version).toBe(built.manifest.version);
    const broken = { ...built.manifest, shards: built.manifest.shards.map((s) => ({ ...s, sha256: "xyz" })) };
    expect(() => parseManifest(broken, "m.json")).toThrow(ManifestError);
    expect(() => parseManifest(broken, "m.json")).toThrow(/shards\.0\.sha256/);
    expect(() => parseManifest({ ...built.manifest, shardCount: 3 }, "m.json")).toThrow(/lists 2 shards/);
  });
});
