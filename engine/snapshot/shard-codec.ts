// The binary layout of one shard (format version 1), and the code that writes and reads it.
// Little-endian; every section starts on an 8-byte boundary so the reader can hand out
// Int32Array / Float32Array views straight over the buffer (zero copy) in any host.
//
//   offset  size  field
//   0       4     magic "TCSH"
//   4       2     format version (1)
//   6       2     header size (64)
//   8       2     shard index
//   10      2     shard count
//   12      4     symbol count            S
//   16      4     day count               D
//   20      4     cell count              C   (sum of per-symbol run lengths)
//   24      4     fundamental field count F
//   28      4     meta JSON offset        UTF-8 JSON: symbol table + fundamental field names
//   32      4     meta JSON byte length
//   36      4     days offset             Int32Array[D]   UnixDay of each axis day
//   40      4     ranges offset           Int32Array[3S]  start[S], length[S], offset[S]
//   44      4     columns offset          Float32Array[5C] open[C] high[C] low[C] close[C] volume[C]
//   48      4     fundamentals offset     Float32Array[F*S] field-major
//   52      4     total byte length
//   56      8     reserved (zero)
//
// A shard carries the whole universe's day axis so it can be read on its own; its
// checksum (SHA-256 of every byte) lives in the manifest.

import type { BarTable } from "./bar-table.ts";
import { type FundamentalField, isFundamentalField } from "./fundamentals.ts";
import type { SecurityType, SymbolInfo } from "./symbol-info.ts";

export const SHARD_MAGIC = 0x48534354; // "TCSH" read as little-endian u32
export const SHARD_FORMAT_VERSION = 1;
const HEADER_BYTES = 64;

export class ShardFormatError extends Error {
  override name = "ShardFormatError";
}

export interface Shard extends BarTable {
  readonly shardIndex: number;
  readonly shardCount: number;
}

type SymbolRow = [symbol: string, name: string, type: SecurityType, exchange: string, sector: string, industry: string];

interface ShardMeta {
  symbols: SymbolRow[];
  fundamentalFields: string[];
}

const align8 = (n: number) => (n + 7) & ~7;

/** Section offsets and total byte length of a shard with these counts (`metaBytes`: UTF-8 length of its meta JSON). */
export function shardLayout(S: number, D: number, C: number, F: number, metaBytes: number) {
  const metaOffset = HEADER_BYTES;
  const daysOffset = align8(metaOffset + metaBytes);
  const rangesOffset = align8(daysOffset + 4 * D);
  const columnsOffset = align8(rangesOffset + 12 * S);
  const fundamentalsOffset = align8(columnsOffset + 20 * C);
  const total = align8(fundamentalsOffset + 4 * F * S);
  return { metaOffset, daysOffset, rangesOffset, columnsOffset, fundamentalsOffset, total };
}

/** Encodes the listed symbols of `table` (indices ascending) as one shard. */
export function encodeShard(
  table: BarTable,
  symbolIndices: readonly number[],
  shardIndex: number,
  shardCount: number,
): Uint8Array {
  const S = symbolIndices.length;
  const D = table.days.length;
  const F = table.fundamentalFields.length;
  let C = 0;
  for (const s of symbolIndices) C += table.length[s] ?? 0;

  const meta: ShardMeta = {
    symbols: symbolIndices.map((s) => {
      const i = table.symbols[s] as SymbolInfo;
      return [i.symbol, i.name, i.type, i.exchange, i.sector, i.industry];
    }),
    fundamentalFields: [...table.fundamentalFields],
  };
  const metaBytes = new TextEncoder().encode(JSON.stringify(meta));

  const { metaOffset, daysOffset, rangesOffset, columnsOffset, fundamentalsOffset, total } = shardLayout(
    S,
    D,
    C,
    F,
    metaBytes.length,
  );

  const buffer = new ArrayBuffer(total);
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  view.setUint32(0, SHARD_MAGIC, true);
  view.setUint16(4, SHARD_FORMAT_VERSION, true);
  view.setUint16(6, HEADER_BYTES, true);
  view.setUint16(8, shardIndex, true);
  view.setUint16(10, shardCount, true);
  view.setUint32(12, S, true);
  view.setUint32(16, D, true);
  view.setUint32(20, C, true);
  view.setUint32(24, F, true);
  view.setUint32(28, metaOffset, true);
  view.setUint32(32, metaBytes.length, true);
  view.setUint32(36, daysOffset, true);
  view.setUint32(40, rangesOffset, true);
  view.setUint32(44, columnsOffset, true);
  view.setUint32(48, fundamentalsOffset, true);
  view.setUint32(52, total, true);

  bytes.set(metaBytes, metaOffset);
  new Int32Array(buffer, daysOffset, D).set(table.days);
  const start = new Int32Array(buffer, rangesOffset, S);
  const length = new Int32Array(buffer, rangesOffset + 4 * S, S);
  const offset = new Int32Array(buffer, rangesOffset + 8 * S, S);
  const fields = [table.open, table.high, table.low, table.close, table.volume];
  const columns = fields.map((_, f) => new Float32Array(buffer, columnsOffset + 4 * C * f, C));
  const fundamentals = new Float32Array(buffer, fundamentalsOffset, F * S);
  const sourceSymbols = table.symbols.length;

  let cell = 0;
  symbolIndices.forEach((s, local) => {
    const n = table.length[s] ?? 0;
    const from = table.offset[s] ?? 0;
    start[local] = table.start[s] ?? 0;
    length[local] = n;
    offset[local] = cell;
    fields.forEach((col, f) => {
      (columns[f] as Float32Array).set(col.subarray(from, from + n), cell);
    });
    for (let f = 0; f < F; f++) fundamentals[f * S + local] = table.fundamentals[f * sourceSymbols + s] ?? Number.NaN;
    cell += n;
  });
  return bytes;
}

/**
 * Reads a shard: validates the header and every section's bounds, then returns views over
 * `buffer` (nothing is copied but the symbol table). Does not verify the checksum; see
 * `verifyShardChecksum`.
 */
export function decodeShard(buffer: ArrayBuffer, byteOffset = 0, byteLength = buffer.byteLength - byteOffset): Shard {
  if (byteLength < HEADER_BYTES) throw new ShardFormatError(`shard is ${byteLength} bytes, shorter than its header`);
  if (byteOffset % 8 !== 0) throw new ShardFormatError("shard must start on an 8-byte boundary");
  const view = new DataView(buffer, byteOffset, byteLength);
  if (view.getUint32(0, true) !== SHARD_MAGIC) throw new ShardFormatError("not a Technic shard (bad magic number)");
  const version = view.getUint16(4, true);
  if (version !== SHARD_FORMAT_VERSION)
    throw new ShardFormatError(
      `shard format version ${version} is not supported (this build reads ${SHARD_FORMAT_VERSION})`,
    );
  const u32 = (at: number) => view.getUint32(at, true);
  const S = u32(12);
  const D = u32(16);
  const C = u32(20);
  const F = u32(24);
  const total = u32(52);
  if (total !== byteLength) throw new ShardFormatError(`shard says it is ${total} bytes but ${byteLength} were given`);
  const section = (name: string, at: number, bytes: number) => {
    if (at % 4 !== 0 || at < HEADER_BYTES || at + bytes > byteLength)
      throw new ShardFormatError(`shard section ${name} lies outside the shard`);
    return byteOffset + at;
  };
  const metaAt = section("meta", u32(28), u32(32));
  const daysAt = section("days", u32(36), 4 * D);
  const rangesAt = section("ranges", u32(40), 12 * S);
  const columnsAt = section("columns", u32(44), 20 * C);
  const fundamentalsAt = section("fundamentals", u32(48), 4 * F * S);

  let meta: ShardMeta;
  try {
    meta = JSON.parse(
      new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(new Uint8Array(buffer, metaAt, u32(32))),
    );
  } catch {
    throw new ShardFormatError("shard symbol table is not valid JSON");
  }
  if (
    !Array.isArray(meta?.symbols) ||
    meta.symbols.length !== S ||
    !Array.isArray(meta.fundamentalFields) ||
    meta.fundamentalFields.length !== F
  )
    throw new ShardFormatError("shard symbol table does not match its header");
  const fundamentalFields = meta.fundamentalFields.map((f) => {
    if (typeof f !== "string" || !isFundamentalField(f))
      throw new ShardFormatError(`unknown fundamental field ${String(f)}`);
    return f as FundamentalField;
  });
  const symbols = meta.symbols.map((row): SymbolInfo => {
    if (
      !Array.isArray(row) ||
      row.length !== 6 ||
      !row.every((x) => typeof x === "string") ||
      (row[2] !== "stock" && row[2] !== "etf")
    )
      throw new ShardFormatError("shard symbol table has a malformed row");
    return { symbol: row[0], name: row[1], type: row[2], exchange: row[3], sector: row[4], industry: row[5] };
  });

  const start = new Int32Array(buffer, rangesAt, S);
  const length = new Int32Array(buffer, rangesAt + 4 * S, S);
  const offset = new Int32Array(buffer, rangesAt + 8 * S, S);
  for (let s = 0; s < S; s++) {
    const st = start[s] ?? 0;
    const n = length[s] ?? 0;
    const o = offset[s] ?? 0;
    if (st < 0 || n < 1 || st + n > D || o < 0 || o + n > C)
      throw new ShardFormatError(`shard range of symbol ${symbols[s]?.symbol} is out of bounds`);
  }
  const col = (f: number) => new Float32Array(buffer, columnsAt + 4 * C * f, C);
  return {
    shardIndex: view.getUint16(8, true),
    shardCount: view.getUint16(10, true),
    days: new Int32Array(buffer, daysAt, D),
    symbols,
    start,
    length,
    offset,
    open: col(0),
    high: col(1),
    low: col(2),
    close: col(3),
    volume: col(4),
    fundamentalFields,
    fundamentals: new Float32Array(buffer, fundamentalsAt, F * S),
  };
}
