// The compact download form of a shard ("TCSZ", format version 1): lossless, about a third
// of the raw shard's size, for clients that fetch the whole universe and scan it locally.
// Decoding gives back the raw shard byte for byte (so a full compact shard can be checked
// against the manifest's SHA-256), as bytes or decoded. Layout and measured sizes:
// docs/snapshot-format.md, "Compact download form".
//
// Why it is lossless: every float32 value is either coded as an integer q at a decimal
// scale 10^p (0 <= p <= 6) only after checking that Math.fround(q / 10^p) gives back the
// very same float32 (which is all the decoder computes), or stored as its raw 32 bits.
// Prices in the data are decimals (cents, tenths of a cent…), so nearly all take the first
// path; a canonical NaN (a missing bar) has a code of its own.
//
// Coding, per symbol run, cell by cell: a scale byte (p for the four prices, the smallest
// that makes them all exact, and p for volume), then in order:
//   open   predicted by the previous close        (the overnight gap)
//   close  predicted by this open                 (the day's move)
//   high   predicted by max(open, close)          (the upper wick, usually >= 0)
//   low    predicted by min(open, close)          (the lower wick, usually <= 0)
//   volume predicted by the previous volume
// Predictions are integers from already-decoded values, so both sides compute them alike.
// Each residual becomes a u32 code: 0 = canonical NaN, 1 = escaped (raw bits follow in the
// escape section), else zigzag(residual) + 2. Codes are written as varints split into
// groups: group k of a field holds the k-th 7-bit byte of every code that has one, so all
// first bytes sit together, then all second bytes… Measured on the real universe, this
// deflates smaller than plain varints or fixed-width byte planes and inflates to less than
// half the planes' bytes. The whole payload is gzip'd with the host's CompressionStream
// (gzip's CRC-32 and length catch corruption and truncation).

import type { BarTable } from "./bar-table.ts";
import { type FundamentalField, isFundamentalField } from "./fundamentals.ts";
import { decodeShard, encodeShard, type Shard, ShardFormatError, shardLayout } from "./shard-codec.ts";
import type { SecurityType, SymbolInfo } from "./symbol-info.ts";

export const COMPACT_MAGIC = 0x5a534354; // "TCSZ" read as little-endian u32
export const COMPACT_FORMAT_VERSION = 1;

// Outer header (little-endian), then the gzip member:
//   0 u32 magic, 4 u16 format version, 6 u16 header size (24), 8 u32 payload bytes
//   (uncompressed), 12 u32 gzip body bytes, 16 u32 bytes of the raw shard it decodes to,
//   20 u32 reserved (zero).
const HEADER_BYTES = 24;
// Payload (uncompressed), u32 fields: shard index, shard count, S, D, C, F, meta JSON bytes,
// escape count E, then the byte length of each code group (5 fields x 5 groups); then meta
// JSON, days Int32[D], start Int32[S], length Int32[S], fundamentals Float32[F*S], scales
// u8[C] (price p | volume p << 4), the code groups (open, high, low, close, volume; groups 0
// to 4 each), escapes u32[E].
const FIELDS = 5;
/** A u32 takes at most five 7-bit groups. */
const GROUPS = 5;
const PAYLOAD_HEADER_BYTES = 4 * (8 + FIELDS * GROUPS);

const MAX_SCALE = 6;
const SCALES = [1, 10, 100, 1e3, 1e4, 1e5, 1e6];
/** |q| stays within 2^40, so residuals that fit a u32 are exact in float64 (see `predict`). */
const Q_LIMIT = 2 ** 40;
const NAN_BITS = 0x7fc00000;
const CODE_NAN = 0;
const CODE_RAW = 1;
const CODE_BIAS = 2;
const MAX_CODE = 0xffffffff;
/** deflate cannot expand data by more than ~1032:1; a header claiming more is lying. */
const MAX_INFLATE_RATIO = 1100;

export interface CompactShardOptions {
  /** Keep only the universe axis's last N days (see `restrictToLastDays`). */
  readonly lastDays?: number;
}

export interface CompactShardHeader {
  readonly formatVersion: number;
  readonly payloadBytes: number;
  readonly bodyBytes: number;
  /** Byte length of the raw shard this decodes to. */
  readonly rawBytes: number;
}

/** Encodes a shard (or its last `lastDays` days) in the compact form. */
export async function encodeCompactShard(shard: Shard, options: CompactShardOptions = {}): Promise<Uint8Array> {
  const source = options.lastDays === undefined ? shard : restrictToLastDays(shard, options.lastDays);
  const { payload, rawBytes } = encodePayload(source);
  const body = await pipeThrough(new CompressionStream("gzip"), payload);
  const out = new Uint8Array(HEADER_BYTES + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, COMPACT_MAGIC, true);
  view.setUint16(4, COMPACT_FORMAT_VERSION, true);
  view.setUint16(6, HEADER_BYTES, true);
  view.setUint32(8, payload.length, true);
  view.setUint32(12, body.length, true);
  view.setUint32(16, rawBytes, true);
  out.set(body, HEADER_BYTES);
  return out;
}

/**
 * Decodes a compact shard to a Shard: its arrays are the decoded ones (no raw shard is
 * built; see `decodeCompactShardBytes` for that), equal bit for bit to what `decodeShard`
 * would give for the raw shard.
 */
export async function decodeCompactShard(bytes: Uint8Array): Promise<Shard> {
  const header = readCompactHeader(bytes);
  const { table, shardIndex, shardCount } = decodePayload(
    await inflate(bytes.subarray(HEADER_BYTES), header.payloadBytes),
  );
  return { ...table, shardIndex, shardCount };
}

/**
 * Decodes a compact shard to raw shard bytes: for a full (uncut) shard these are the stored
 * shard's bytes exactly, so they verify against the manifest's SHA-256 (and can be kept and
 * opened like any stored shard).
 */
export async function decodeCompactShardBytes(bytes: Uint8Array): Promise<Uint8Array> {
  const header = readCompactHeader(bytes);
  const payload = await inflate(bytes.subarray(HEADER_BYTES), header.payloadBytes);
  const { table, shardIndex, shardCount } = decodePayload(payload);
  const raw = encodeShard(table, Array.from(table.symbols.keys()), shardIndex, shardCount);
  if (raw.length !== header.rawBytes)
    throw new ShardFormatError(`compact shard decodes to ${raw.length} bytes but its header says ${header.rawBytes}`);
  return raw;
}

/** Reads and checks the outer header (no decompression). */
export function readCompactHeader(bytes: Uint8Array): CompactShardHeader {
  if (bytes.length < HEADER_BYTES)
    throw new ShardFormatError(`compact shard is ${bytes.length} bytes, shorter than its ${HEADER_BYTES}-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== COMPACT_MAGIC)
    throw new ShardFormatError("not a Technic compact shard (bad magic number)");
  const formatVersion = view.getUint16(4, true);
  if (formatVersion !== COMPACT_FORMAT_VERSION)
    throw new ShardFormatError(
      `compact shard format version ${formatVersion} is not supported (this build reads ${COMPACT_FORMAT_VERSION})`,
    );
  if (view.getUint16(6, true) !== HEADER_BYTES) throw new ShardFormatError("compact shard header has the wrong size");
  const payloadBytes = view.getUint32(8, true);
  const bodyBytes = view.getUint32(12, true);
  const rawBytes = view.getUint32(16, true);
  if (bodyBytes !== bytes.length - HEADER_BYTES)
    throw new ShardFormatError(
      `compact shard ${bodyBytes > bytes.length - HEADER_BYTES ? "is truncated" : "has trailing bytes"}: its header says ${HEADER_BYTES + bodyBytes} bytes, ${bytes.length} were given`,
    );
  if (payloadBytes < PAYLOAD_HEADER_BYTES || payloadBytes > bodyBytes * MAX_INFLATE_RATIO)
    throw new ShardFormatError(`compact shard header claims an impossible payload of ${payloadBytes} bytes`);
  return { formatVersion, payloadBytes, bodyBytes, rawBytes };
}

/**
 * The shard restricted to the universe axis's last `lastDays` days (all of it when the axis
 * is shorter), as if it had been built from those days only: the day axis is the last N
 * axis days (the same for every shard), each symbol's run is cut to the window and then
 * starts at its first bar in it (leading missing days dropped), and a symbol with no bar in
 * the window is left out. Offsets are laid out afresh; fundamentals are kept.
 */
export function restrictToLastDays(shard: Shard, lastDays: number): Shard {
  if (!Number.isInteger(lastDays) || lastDays < 1)
    throw new RangeError(`lastDays must be a positive integer, not ${lastDays}`);
  const D = shard.days.length;
  const from = D - Math.min(D, lastDays);
  const S = shard.symbols.length;
  const start = new Int32Array(S);
  const length = new Int32Array(S);
  const offset = new Int32Array(S);
  const kept: number[] = [];
  const cols = [shard.open, shard.high, shard.low, shard.close, shard.volume];
  const missing = (i: number) => cols.every((col) => Number.isNaN(col[i]));
  for (let s = 0; s < S; s++) {
    const st = shard.start[s] as number;
    const n = shard.length[s] as number;
    const o = shard.offset[s] as number;
    let skip = Math.max(0, from - st);
    while (skip < n && missing(o + skip)) skip++;
    if (skip >= n) continue;
    start[s] = st + skip - from;
    length[s] = n - skip;
    offset[s] = o + skip;
    kept.push(s);
  }
  // encodeShard copies the kept symbols' cells out of the same columns through the new ranges.
  const table: BarTable = { ...shard, days: shard.days.subarray(from), start, length, offset };
  const bytes = encodeShard(table, kept, shard.shardIndex, shard.shardCount);
  return decodeShard(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
}

// ---- values ----

/**
 * The cell's scale after seeing v: `p` if v is exact at 10^p, else the next larger exponent
 * that makes it exact; unchanged for NaN and for values no scale fits (those are escaped).
 */
function raiseScale(v: number, p: number): number {
  if (v !== v) return p;
  for (let k = p; k <= MAX_SCALE; k++) {
    const scale = SCALES[k] as number;
    const q = Math.round(v * scale);
    if (q <= Q_LIMIT && q >= -Q_LIMIT && Math.fround(q / scale) === v) return k;
  }
  return p;
}

/**
 * An already-decoded value (never NaN: references fall back to the previous close, which
 * starts at 0) as an integer prediction at `scale`. Not clamped: an integer code is only
 * written when the residual q - prediction fits in a u32, which with |q| <= 2^40 bounds the
 * prediction too, so q - prediction and prediction + residual are exact on both sides; a
 * huge or infinite prediction just makes the value an escape.
 */
function predict(x: number, scale: number): number {
  return Math.round(x * scale);
}

/** High is predicted from max(open, close) of the cell, low from the min; the previous close when both are missing. */
function highRef(open: number, close: number, prevClose: number): number {
  if (open === open) return close === close && close > open ? close : open;
  return close === close ? close : prevClose;
}
function lowRef(open: number, close: number, prevClose: number): number {
  if (open === open) return close === close && close < open ? close : open;
  return close === close ? close : prevClose;
}

function encodeValue(v: number, bits: number, pred: number, scale: number, escapes: number[]): number {
  if (bits === NAN_BITS) return CODE_NAN;
  const q = Math.round(v * scale) + 0; // + 0: -0 is not an integer code (a -0 price is escaped)
  if (q <= Q_LIMIT && q >= -Q_LIMIT && Object.is(Math.fround(q / scale), v)) {
    const r = q - pred;
    const z = r >= 0 ? 2 * r : -2 * r - 1; // NaN or infinite when pred is: not <= below
    if (z <= MAX_CODE - CODE_BIAS) return z + CODE_BIAS;
  }
  escapes.push(bits);
  return CODE_RAW;
}

/** Splits a field's codes into varint groups: group k gets byte k of each code that has one. */
function groupCodes(codes: Uint32Array): Uint8Array[] {
  const groups = Array.from({ length: GROUPS }, () => new Uint8Array(codes.length));
  const n = new Array<number>(GROUPS).fill(0);
  for (let i = 0; i < codes.length; i++) {
    let x = codes[i] as number;
    let k = 0;
    for (; x >= 128; k++, x >>>= 7) (groups[k] as Uint8Array)[(n[k] as number)++] = (x & 127) | 128;
    (groups[k] as Uint8Array)[(n[k] as number)++] = x;
  }
  return groups.map((g, k) => g.subarray(0, n[k]));
}

/**
 * Reads one field's codes back from its five groups (see `groupCodes`) into `out`, one per
 * cell; false unless every group is read exactly to its end (a corrupt stream is not).
 */
function ungroupCodes(groups: Uint8Array[], out: Uint32Array): boolean {
  const [g0, g1, g2, g3, g4] = groups as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  if (g0.length !== out.length) return false;
  let i1 = 0;
  let i2 = 0;
  let i3 = 0;
  let i4 = 0;
  for (let i = 0; i < out.length; i++) {
    let b = g0[i] as number;
    let x = b & 127;
    if (b >= 128) {
      b = g1[i1++] ?? 0;
      x |= (b & 127) << 7;
      if (b >= 128) {
        b = g2[i2++] ?? 0;
        x |= (b & 127) << 14;
        if (b >= 128) {
          b = g3[i3++] ?? 0;
          x |= (b & 127) << 21;
          if (b >= 128) x += (g4[i4++] ?? 0) * 2 ** 28;
        }
      }
    }
    out[i] = x;
  }
  return i1 === g1.length && i2 === g2.length && i3 === g3.length && i4 === g4.length;
}

/** The value of an integer code (>= CODE_BIAS): prediction + unzigzag(code - CODE_BIAS), at `scale`. */
function fromCode(code: number, pred: number, scale: number): number {
  const z = code - CODE_BIAS; // < 2^32, so `z & 1` (ToInt32) keeps its low bit; `%` on doubles is slow
  return Math.fround((pred + ((z & 1) === 0 ? z / 2 : -(z + 1) / 2)) / scale);
}

// ---- payload ----

function encodePayload(shard: Shard): { payload: Uint8Array; rawBytes: number } {
  const S = shard.symbols.length;
  const D = shard.days.length;
  const F = shard.fundamentalFields.length;
  let C = 0;
  for (let s = 0; s < S; s++) C += shard.length[s] as number;
  const codes = Array.from({ length: FIELDS }, () => new Uint32Array(C));
  const scales = new Uint8Array(C);
  const escapes = encodeCells(shard, codes, scales);

  const meta = new TextEncoder().encode(
    JSON.stringify({
      symbols: shard.symbols.map((i) => [i.symbol, i.name, i.type, i.exchange, i.sector, i.industry]),
      fundamentalFields: [...shard.fundamentalFields],
    }),
  );
  const E = escapes.length;
  const groups = codes.flatMap(groupCodes);
  const groupBytes = groups.reduce((n, g) => n + g.length, 0);
  const total = PAYLOAD_HEADER_BYTES + meta.length + 4 * D + 8 * S + 4 * F * S + C + groupBytes + 4 * E;
  const payload = new Uint8Array(total);
  const view = new DataView(payload.buffer);
  const header = [shard.shardIndex, shard.shardCount, S, D, C, F, meta.length, E, ...groups.map((g) => g.length)];
  header.forEach((x, k) => view.setUint32(4 * k, x, true));
  let at = PAYLOAD_HEADER_BYTES;
  const put = (part: ArrayBufferView) => {
    payload.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at += part.byteLength;
  };
  put(meta);
  put(shard.days);
  put(shard.start.subarray(0, S));
  put(shard.length.subarray(0, S));
  put(shard.fundamentals.subarray(0, F * S));
  put(scales);
  groups.forEach(put);
  put(Uint32Array.from(escapes));
  return { payload, rawBytes: shardLayout(S, D, C, F, meta.length).total };
}

/** Codes every cell of every symbol run into `codes` (open, high, low, close, volume) and `scales`; returns the escapes. */
function encodeCells(shard: Shard, codes: Uint32Array[], scales: Uint8Array): number[] {
  const cols = [shard.open, shard.high, shard.low, shard.close, shard.volume];
  const [open, high, low, close, volume] = cols as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const [bO, bH, bL, bC, bV] = cols.map((col) => new Uint32Array(col.buffer, col.byteOffset, col.length)) as [
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
  ];
  const [cO, cH, cL, cC, cV] = codes as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const escapes: number[] = [];
  let cell = 0;
  for (let s = 0; s < shard.symbols.length; s++) {
    const first = shard.offset[s] as number;
    const end = first + (shard.length[s] as number);
    let prevClose = 0;
    let prevVolume = 0;
    for (let i = first; i < end; i++, cell++) {
      const o = open[i] as number;
      const h = high[i] as number;
      const l = low[i] as number;
      const c = close[i] as number;
      const v = volume[i] as number;
      const ps = raiseScale(l, raiseScale(h, raiseScale(o, raiseScale(c, 0))));
      const pv = raiseScale(v, 0);
      scales[cell] = ps | (pv << 4);
      const sp = SCALES[ps] as number;
      const sv = SCALES[pv] as number;
      cO[cell] = encodeValue(o, bO[i] as number, predict(prevClose, sp), sp, escapes);
      cC[cell] = encodeValue(c, bC[i] as number, predict(o === o ? o : prevClose, sp), sp, escapes);
      cH[cell] = encodeValue(h, bH[i] as number, predict(highRef(o, c, prevClose), sp), sp, escapes);
      cL[cell] = encodeValue(l, bL[i] as number, predict(lowRef(o, c, prevClose), sp), sp, escapes);
      cV[cell] = encodeValue(v, bV[i] as number, predict(prevVolume, sv), sv, escapes);
      if (c === c) prevClose = c;
      if (v === v) prevVolume = v;
    }
  }
  return escapes;
}

function decodePayload(payload: Uint8Array): { table: BarTable; shardIndex: number; shardCount: number } {
  const fail = (what: string): never => {
    throw new ShardFormatError(`compact shard is corrupt: ${what}`);
  };
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const u32 = (k: number) => view.getUint32(4 * k, true);
  const [shardIndex, shardCount, S, D, C, F, M, E] = [u32(0), u32(1), u32(2), u32(3), u32(4), u32(5), u32(6), u32(7)];
  if (shardIndex > 0xffff || shardCount > 0xffff) fail("shard index or count out of range");
  const groupBytes = Array.from({ length: FIELDS * GROUPS }, (_, k) => u32(8 + k));
  // Every section's size follows from the header: check them before allocating anything.
  const total =
    PAYLOAD_HEADER_BYTES + M + 4 * D + 8 * S + 4 * F * S + C + groupBytes.reduce((a, b) => a + b, 0) + 4 * E;
  if (total !== payload.length) fail(`its sections need ${total} bytes, the payload has ${payload.length}`);
  let at = PAYLOAD_HEADER_BYTES;
  const take = (n: number) => payload.slice(at, (at += n)); // slice: a fresh, aligned buffer

  const { symbols, fundamentalFields } = parseMeta(take(M), S, F);
  const days = new Int32Array(take(4 * D).buffer);
  const start = new Int32Array(take(4 * S).buffer);
  const length = new Int32Array(take(4 * S).buffer);
  const fundamentals = new Float32Array(take(4 * F * S).buffer);
  const offset = new Int32Array(S);
  let cells = 0;
  for (let s = 0; s < S; s++) {
    const st = start[s] as number;
    const n = length[s] as number;
    if (st < 0 || n < 1 || st + n > D) fail(`range of symbol ${symbols[s]?.symbol} is out of bounds`);
    offset[s] = cells;
    cells += n;
  }
  if (cells !== C) fail(`its ranges hold ${cells} cells, its header says ${C}`);
  const scales = payload.subarray(at, (at += C));
  const groups = groupBytes.map((n) => payload.subarray(at, (at += n)));
  const escapes = new Uint32Array(take(4 * E).buffer);

  // Each field's codes are expanded into its own column's buffer, then decoded in place.
  const cols = Array.from({ length: FIELDS }, () => new Float32Array(C));
  cols.forEach((col, f) => {
    if (!ungroupCodes(groups.slice(GROUPS * f, GROUPS * (f + 1)), new Uint32Array(col.buffer)))
      fail("its code groups do not match its cells");
  });
  const used = decodeCells(length, scales, cols, escapes);
  if (used < 0) fail("a scale byte is invalid");
  if (used !== E) fail(`it has ${E} escaped values but uses ${used}`);

  const [open, high, low, close, volume] = cols as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  return {
    shardIndex,
    shardCount,
    table: { days, symbols, start, length, offset, open, high, low, close, volume, fundamentalFields, fundamentals },
  };
}

/**
 * Mirrors the encoder's cell loop. `cols` hold each field's codes (as u32 bits) on entry;
 * every cell's code is read, then overwritten with its value (raw bits for NaN and
 * escapes). Returns how many escapes it used, or -1 for an invalid scale byte. Kept apart
 * and written out per field so the hot loop stays small and unboxed.
 */
function decodeCells(length: Int32Array, scales: Uint8Array, cols: Float32Array[], escapes: Uint32Array): number {
  const [fO, fH, fL, fC, fV] = cols as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const [bO, bH, bL, bC, bV] = cols.map((col) => new Uint32Array(col.buffer)) as [
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
  ];
  let e = 0;
  let cell = 0;
  for (let s = 0; s < length.length; s++) {
    const end = cell + (length[s] as number);
    let prevClose = 0;
    let prevVolume = 0;
    for (; cell < end; cell++) {
      const byte = scales[cell] as number;
      if ((byte & 15) > MAX_SCALE || byte >> 4 > MAX_SCALE) return -1;
      const sp = SCALES[byte & 15] as number;
      const sv = SCALES[byte >> 4] as number;
      // Per field: an integer code, else NaN or the next escape's raw bits (a missing
      // escape reads as 0 here; the caller then fails on the escape count).
      let k = bO[cell] as number;
      let o: number;
      if (k >= CODE_BIAS) o = fO[cell] = fromCode(k, predict(prevClose, sp), sp);
      else {
        bO[cell] = k === CODE_NAN ? NAN_BITS : (escapes[e++] ?? 0);
        o = fO[cell] as number;
      }
      k = bC[cell] as number;
      let c: number;
      if (k >= CODE_BIAS) c = fC[cell] = fromCode(k, predict(o === o ? o : prevClose, sp), sp);
      else {
        bC[cell] = k === CODE_NAN ? NAN_BITS : (escapes[e++] ?? 0);
        c = fC[cell] as number;
      }
      k = bH[cell] as number;
      if (k >= CODE_BIAS) fH[cell] = fromCode(k, predict(highRef(o, c, prevClose), sp), sp);
      else bH[cell] = k === CODE_NAN ? NAN_BITS : (escapes[e++] ?? 0);
      k = bL[cell] as number;
      if (k >= CODE_BIAS) fL[cell] = fromCode(k, predict(lowRef(o, c, prevClose), sp), sp);
      else bL[cell] = k === CODE_NAN ? NAN_BITS : (escapes[e++] ?? 0);
      k = bV[cell] as number;
      if (k >= CODE_BIAS) prevVolume = fV[cell] = fromCode(k, predict(prevVolume, sv), sv);
      else {
        bV[cell] = k === CODE_NAN ? NAN_BITS : (escapes[e++] ?? 0);
        const v = fV[cell] as number;
        if (v === v) prevVolume = v;
      }
      if (c === c) prevClose = c;
    }
  }
  return e;
}

function parseMeta(
  bytes: Uint8Array,
  S: number,
  F: number,
): { symbols: SymbolInfo[]; fundamentalFields: FundamentalField[] } {
  let meta: { symbols?: unknown; fundamentalFields?: unknown };
  try {
    meta = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    throw new ShardFormatError("compact shard symbol table is not valid JSON");
  }
  const rows = meta?.symbols;
  const fields = meta?.fundamentalFields;
  if (!Array.isArray(rows) || rows.length !== S || !Array.isArray(fields) || fields.length !== F)
    throw new ShardFormatError("compact shard symbol table does not match its header");
  const symbols = rows.map((row: unknown): SymbolInfo => {
    if (
      !Array.isArray(row) ||
      row.length !== 6 ||
      !row.every((x) => typeof x === "string") ||
      (row[2] !== "stock" && row[2] !== "etf")
    )
      throw new ShardFormatError("compact shard symbol table has a malformed row");
    const [symbol, name, type, exchange, sector, industry] = row as [
      string,
      string,
      SecurityType,
      string,
      string,
      string,
    ];
    return { symbol, name, type, exchange, sector, industry };
  });
  const fundamentalFields = fields.map((f: unknown) => {
    if (typeof f !== "string" || !isFundamentalField(f))
      throw new ShardFormatError(`compact shard has an unknown fundamental field ${String(f)}`);
    return f;
  });
  return { symbols, fundamentalFields };
}

// ---- compression ----

/** Runs `input` through a (de)compression stream, reading as it writes (no backpressure stall). */
async function pipeThrough(
  stream: CompressionStream | DecompressionStream,
  input: Uint8Array,
  onChunk?: (chunk: Uint8Array) => void,
): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  const writing = writer.write(input as Uint8Array<ArrayBuffer>).then(() => writer.close());
  writing.catch(() => {}); // a failure also errors the readable side, which reports it
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value) continue;
      if (onChunk) onChunk(value);
      else chunks.push(value);
      n += value.length;
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
  await writing;
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** gunzips `body` into exactly `expected` bytes, or throws ShardFormatError. */
async function inflate(body: Uint8Array, expected: number): Promise<Uint8Array> {
  const out = new Uint8Array(expected);
  let n = 0;
  try {
    await pipeThrough(new DecompressionStream("gzip"), body, (chunk) => {
      if (n + chunk.length > expected)
        throw new ShardFormatError(`compact shard inflates past the ${expected} bytes its header says`);
      out.set(chunk, n);
      n += chunk.length;
    });
  } catch (error) {
    if (error instanceof ShardFormatError) throw error;
    throw new ShardFormatError(
      `compact shard does not decompress (corrupt or truncated): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (n !== expected) throw new ShardFormatError(`compact shard inflates to ${n} bytes, its header says ${expected}`);
  return out;
}
