// The compact download form must be lossless: decoding gives back the raw shard byte for
// byte (every float32 bit pattern, NaN payloads included), and a lastDays cut is exactly
// the raw shard restricted to the axis's last N days, checked here against an independent
// cell-by-cell oracle. Bad input is a ShardFormatError, never a RangeError or garbage.

import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { demoShards } from "../../test/support/demo-shards.ts";
import { realUniverseShards } from "../../test/support/real-shards.ts";
import { hasSharedData, sharedDataSkipMessage } from "../../test/support/shared-data.ts";
import { type BarTable, PRICE_FIELDS } from "./bar-table.ts";
import {
  decodeCompactShard,
  decodeCompactShardBytes,
  encodeCompactShard,
  readCompactHeader,
  restrictToLastDays,
} from "./compact-codec.ts";
import { decodeShard, encodeShard, type Shard, ShardFormatError } from "./shard-codec.ts";

const NAN_BITS = 0x7fc00000;
const bitsOf = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);
const allSymbols = (shard: BarTable) => Array.from(shard.symbols.keys());
/** The shard's raw bytes as the snapshot stores them (encodeShard is canonical). */
const rawBytes = (shard: Shard) => encodeShard(shard, allSymbols(shard), shard.shardIndex, shard.shardCount);
const toShard = (bytes: Uint8Array) => decodeShard(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);

/** Index of the first differing element of two typed arrays (compared as bytes), or -1. */
function firstDifference(a: ArrayBufferView, b: ArrayBufferView): number {
  if (a.byteLength !== b.byteLength) return Math.min(a.byteLength, b.byteLength);
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

/** Every field of two shards, float columns and fundamentals compared bit for bit. */
function expectSameShard(actual: Shard, expected: Shard): void {
  expect(actual.shardIndex).toBe(expected.shardIndex);
  expect(actual.shardCount).toBe(expected.shardCount);
  expect(actual.symbols).toEqual(expected.symbols);
  expect(actual.fundamentalFields).toEqual(expected.fundamentalFields);
  for (const k of ["days", "start", "length", "offset", ...PRICE_FIELDS, "fundamentals"] as const)
    expect(firstDifference(actual[k], expected[k]), k).toBe(-1);
}

/**
 * Independent oracle for a lastDays cut: cell by cell over the window, compares the cut with
 * the raw shard. Returns the first difference, or null. A cell may only be absent from the
 * cut if it is a missing bar (all five fields NaN) before the symbol's first bar in the window.
 */
function cutMismatch(raw: Shard, cut: Shard, lastDays: number): string | null {
  const D = raw.days.length;
  const from = D - Math.min(D, lastDays);
  if (cut.days.length !== D - from || cut.days.some((d, i) => d !== raw.days[from + i])) return "day axis";
  const rawBits = PRICE_FIELDS.map((f) => bitsOf(raw[f]));
  const cutBits = PRICE_FIELDS.map((f) => bitsOf(cut[f]));
  const cell = (t: Shard, s: number, d: number) => {
    const i = d - (t.start[s] as number);
    return i >= 0 && i < (t.length[s] as number) ? (t.offset[s] as number) + i : -1;
  };
  const missing = (i: number) => PRICE_FIELDS.every((f) => Number.isNaN(raw[f][i]));
  let k = 0; // walks cut.symbols, a subsequence of raw.symbols
  for (let s = 0; s < raw.symbols.length; s++) {
    const symbol = raw.symbols[s]?.symbol;
    const c = cut.symbols[k]?.symbol === symbol ? k++ : -1;
    if (c >= 0) {
      const first = cut.offset[c] as number;
      if (PRICE_FIELDS.every((f) => Number.isNaN(cut[f][first]))) return `${symbol}: cut run starts on a missing bar`;
      for (let q = 0; q < raw.fundamentalFields.length; q++)
        if (!Object.is(raw.fundamentals[q * raw.symbols.length + s], cut.fundamentals[q * cut.symbols.length + c]))
          return `${symbol}: fundamental ${q}`;
    }
    let seenBar = false;
    for (let d = from; d < D; d++) {
      const i = cell(raw, s, d);
      const j = c >= 0 ? cell(cut, c, d - from) : -1;
      if (j >= 0) {
        seenBar = true;
        if (i < 0) return `${symbol} day ${d}: in the cut, not in the shard`;
        for (let f = 0; f < 5; f++)
          if (rawBits[f]?.[i] !== cutBits[f]?.[j]) return `${symbol} day ${d} ${PRICE_FIELDS[f]}: bits differ`;
      } else if (i >= 0 && (seenBar || !missing(i))) return `${symbol} day ${d}: bar missing from the cut`;
    }
  }
  return k === cut.symbols.length ? null : "cut has symbols the shard has not";
}

async function expectRoundTrip(shard: Shard, lastDays?: number): Promise<Uint8Array> {
  const compact = await encodeCompactShard(shard, lastDays === undefined ? {} : { lastDays });
  const decodedBytes = await decodeCompactShardBytes(compact);
  if (lastDays === undefined) {
    // Byte for byte the stored shard: a client can check it against the manifest's SHA-256.
    expect(firstDifference(decodedBytes, rawBytes(shard))).toBe(-1);
    expectSameShard(await decodeCompactShard(compact), shard);
  } else {
    const decoded = toShard(decodedBytes);
    expectSameShard(decoded, restrictToLastDays(shard, lastDays));
    expect(cutMismatch(shard, decoded, lastDays)).toBeNull();
  }
  return compact;
}

// ---- hand-built shards ----

interface Run {
  symbol: string;
  start: number;
  /** Bit patterns per field, one per cell of the run. */
  bits: [number[], number[], number[], number[], number[]];
}

const f32bits = (v: number) => new Uint32Array(Float32Array.of(v).buffer)[0] as number;

function shardFrom(runs: Run[], D: number, shardIndex = 0, shardCount = 1): Shard {
  const S = runs.length;
  const C = runs.reduce((n, r) => n + (r.bits[0]?.length ?? 0), 0);
  const cols = PRICE_FIELDS.map(() => new Float32Array(C));
  const start = new Int32Array(S);
  const length = new Int32Array(S);
  const offset = new Int32Array(S);
  let at = 0;
  runs.forEach((r, s) => {
    start[s] = r.start;
    length[s] = r.bits[0].length;
    offset[s] = at;
    r.bits.forEach((b, f) => bitsOf(cols[f] as Float32Array).set(b, at));
    at += r.bits[0].length;
  });
  const [open, high, low, close, volume] = cols as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const table: BarTable = {
    days: Int32Array.from({ length: D }, (_, d) => 19000 + d),
    symbols: runs.map((r, s) => ({
      symbol: r.symbol,
      name: `${r.symbol} Inc`,
      type: s % 3 === 0 ? "etf" : "stock",
      exchange: "NYSE",
      sector: "Tech",
      industry: "Software",
    })),
    start,
    length,
    offset,
    open,
    high,
    low,
    close,
    volume,
    fundamentalFields: ["pe", "market_cap"],
    fundamentals: Float32Array.from({ length: 2 * S }, (_, i) => (i % 3 === 0 ? Number.NaN : 1.5 * i)),
  };
  return toShard(encodeShard(table, allSymbols(table), shardIndex, shardCount));
}

/** A run from float values (NaN = a missing bar in every field). */
function runOf(symbol: string, start: number, bars: [number, number, number, number, number][]): Run {
  const bits = PRICE_FIELDS.map((_, f) => bars.map((b) => f32bits(b[f] as number)));
  return { symbol, start, bits: bits as Run["bits"] };
}

const MISSING: [number, number, number, number, number] = [NaN, NaN, NaN, NaN, NaN];

describe("compact shard codec", () => {
  it("round-trips edge cases bit for bit: missing days, zero volume, pennies, 4+ decimals, escapes", async () => {
    const shard = shardFrom(
      [
        runOf("AAA", 0, [
          [10.5, 11, 10.25, 10.75, 1200],
          MISSING,
          [10.75, 10.8, 10.7, 10.79, 0], // zero volume
          MISSING,
          [12.3456, 12.4001, 12.2999, 12.3999, 16_777_217], // 4 decimals; volume above 2^24
          [0.0001, 0.0003, 0.0001, 0.0002, 4_000_000_000], // sub-penny; volume past 2^31
        ]),
        runOf("BBB", 3, [
          [0.51, 0.52, 0.5, 0.515, 100], // an IPO inside the window, penny prices
          [1e-30, 3.4e38, -0, Infinity, -Infinity], // nothing a decimal scale can code: escaped
          [123456.7, 123456.7, 123456.7, 123456.7, 2.5], // fractional volume
          [Math.fround(Math.PI), Math.fround(Math.E), 1e-45, -1e-45, 1234567890123],
        ]),
        {
          symbol: "CCC", // non-canonical NaNs keep their payloads
          start: 5,
          bits: [[0x7fc00001], [0xffc00000], [0x7f800001], [NAN_BITS], [0xfff00000]],
        },
      ],
      8,
    );
    const compact = await expectRoundTrip(shard);
    expect(readCompactHeader(compact).rawBytes).toBe(rawBytes(shard).length);
    for (const n of [1, 2, 3, 4, 5, 6, 8, 100]) await expectRoundTrip(shard, n);
  });

  it("cuts lastDays on the universe axis: runs start at their first bar in the window; empty symbols go", async () => {
    const shard = shardFrom(
      [
        runOf("OLD", 0, [
          [1, 1, 1, 1, 1],
          [2, 2, 2, 2, 2],
        ]), // delisted before the window
        runOf("GAP", 1, [[3, 3, 3, 3, 3], MISSING, MISSING, [4, 4, 4, 4, 4], [5, 5, 5, 5, 5]]),
        runOf("NEW", 5, [[6, 6, 6, 6, 6]]),
      ],
      6,
    );
    const cut = await decodeCompactShard(await encodeCompactShard(shard, { lastDays: 4 }));
    expect(Array.from(cut.days)).toEqual([19002, 19003, 19004, 19005]);
    expect(cut.symbols.map((i) => i.symbol)).toEqual(["GAP", "NEW"]);
    // GAP: window from axis day 2; its missing days 2 and 3 are dropped, it starts at day 4 (index 2).
    expect(Array.from(cut.start)).toEqual([2, 3]);
    expect(Array.from(cut.length)).toEqual([2, 1]);
    expect(Array.from(cut.close)).toEqual([4, 5, 6]);
    expect(cutMismatch(shard, cut, 4)).toBeNull();
    // A window at least as long as the axis is the whole shard.
    const whole = await decodeCompactShardBytes(await encodeCompactShard(shard, { lastDays: 6 }));
    expect(firstDifference(whole, rawBytes(shard))).toBe(-1);
    await expect(encodeCompactShard(shard, { lastDays: 0 })).rejects.toThrow(RangeError);
  });

  it("round-trips the demo universe, whole and cut", async () => {
    const shards = await demoShards({ symbols: 400, days: 300, seed: 11, shards: 4 });
    for (const shard of shards) {
      const compact = await expectRoundTrip(shard);
      expect(compact.length).toBeLessThan(rawBytes(shard).length / 2);
      await expectRoundTrip(shard, 120);
    }
  });

  it("round-trips random float32 OHLCV: NaN payloads, -0, infinities, subnormals, tiny and huge", async () => {
    const decimal = fc
      .tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 7 }))
      .map(([q, p]) => f32bits(q / 10 ** p));
    const value = fc.oneof(
      { weight: 6, arbitrary: decimal },
      { weight: 2, arbitrary: fc.float().map(f32bits) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffffffff }) },
      { weight: 1, arbitrary: fc.constant(NAN_BITS) },
    );
    const run = (D: number) =>
      fc.integer({ min: 0, max: D - 1 }).chain((start) =>
        fc.integer({ min: 1, max: D - start }).chain((n) =>
          fc.record({
            start: fc.constant(start),
            bits: fc.tuple(...PRICE_FIELDS.map(() => fc.array(value, { minLength: n, maxLength: n }))),
            // About one cell in four a missing bar (NaN in all five fields), so cuts start on gaps.
            missing: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
          }),
        ),
      );
    const shard = fc
      .integer({ min: 1, max: 30 })
      .chain((D) => fc.record({ D: fc.constant(D), runs: fc.array(run(D), { maxLength: 6 }) }));
    await fc.assert(
      fc.asyncProperty(shard, fc.integer({ min: 1, max: 35 }), async ({ D, runs }, lastDays) => {
        const s = shardFrom(
          runs.map((r, k) => ({
            symbol: `S${k}`,
            start: r.start,
            bits: r.bits.map((b) => b.map((x, i) => (r.missing[i] === 0 ? NAN_BITS : x))) as Run["bits"],
          })),
          D,
          2,
          3,
        );
        await expectRoundTrip(s);
        await expectRoundTrip(s, lastDays);
      }),
      { numRuns: 150 },
    );
  });

  describe("bad input is a ShardFormatError", () => {
    let compact: Uint8Array;
    let shard: Shard;
    let inflated: Uint8Array; // compact's payload, gunzipped
    const through = async (stream: CompressionStream | DecompressionStream, bytes: Uint8Array) =>
      new Uint8Array(
        await new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream)).arrayBuffer(),
      );
    beforeAll(async () => {
      [shard] = (await demoShards({ symbols: 60, days: 80, seed: 5, shards: 1 })) as [Shard];
      compact = await encodeCompactShard(shard);
      inflated = await through(new DecompressionStream("gzip"), compact.subarray(24));
    });
    const rejects = async (bytes: Uint8Array | Promise<Uint8Array>, message: RegExp) =>
      expect(decodeCompactShard(await bytes)).rejects.toSatisfy(
        (e: unknown) => e instanceof ShardFormatError && message.test(e.message),
        String(message),
      );
    /** A compact shard around a hand-edited payload (gzip'd here, header fixed up). */
    const withPayload = async (edit: (payload: Uint8Array, view: DataView) => Uint8Array | void) => {
      let payload: Uint8Array = inflated.slice();
      payload = edit(payload, new DataView(payload.buffer)) ?? payload;
      const body = await through(new CompressionStream("gzip"), payload);
      const out = new Uint8Array(24 + body.length);
      out.set(compact.subarray(0, 24));
      out.set(body, 24);
      const view = new DataView(out.buffer);
      view.setUint32(8, payload.length, true);
      view.setUint32(12, body.length, true);
      return out;
    };

    it("truncated, empty, foreign, wrong version, trailing bytes", async () => {
      await rejects(compact.subarray(0, compact.length - 7), /truncated/);
      await rejects(compact.subarray(0, 30), /truncated/);
      await rejects(compact.subarray(0, 10), /shorter than its 24-byte header/);
      await rejects(new Uint8Array(0), /shorter than its/);
      await rejects(rawBytes(shard), /bad magic/);
      const v2 = compact.slice();
      v2[4] = 2;
      await rejects(v2, /format version 2 is not supported/);
      const longer = new Uint8Array(compact.length + 3);
      longer.set(compact);
      await rejects(longer, /trailing bytes/);
    });

    it("a corrupt gzip body (CRC, data, length) or a lying header", async () => {
      // gzip's magic, a deflate block, its CRC-32, its length (the header's mtime is not checked by gzip, nor needed).
      for (const at of [24 + 1, Math.floor(compact.length / 2), compact.length - 6, compact.length - 2]) {
        const bad = compact.slice();
        bad[at] = (bad[at] as number) ^ 0x5a;
        await rejects(bad, /compact shard/);
      }
      const lying = compact.slice();
      new DataView(lying.buffer).setUint32(8, 0xffffffff, true);
      await rejects(lying, /impossible payload/);
      const short = compact.slice();
      const view = new DataView(short.buffer);
      view.setUint32(8, view.getUint32(8, true) - 1, true);
      await rejects(short, /inflates past/);
    });

    it("a payload whose sections do not add up, or whose codes are invalid", async () => {
      // Payload header: u32 shard index, count, S, D, C, F, meta bytes, escapes, 25 group lengths.
      const HEADER = 4 * (8 + 25);
      const u32 = (v: DataView, k: number) => v.getUint32(4 * k, true);
      const bump = (k: number, by: number) => (_: Uint8Array, v: DataView) => v.setUint32(4 * k, u32(v, k) + by, true);
      await rejects(withPayload(bump(4, 1)), /sections need/); // C
      await rejects(withPayload(bump(2, 1e9)), /sections need/); // S
      await rejects(withPayload(bump(7, 5)), /sections need/); // escapes
      await rejects(
        withPayload((p) => p.subarray(0, p.length - 1)),
        /sections need/,
      );
      // Field 0's group 0 one byte short, group 1 one longer: the total still adds up.
      await rejects(
        withPayload((p, v) => {
          bump(8, -1)(p, v);
          bump(9, 1)(p, v);
        }),
        /code groups do not match/,
      );
      await rejects(
        withPayload((p) => {
          p[HEADER] = 0x7b + 1;
        }),
        /not valid JSON/,
      );
      // The first cell's scale byte: p = 9 is not a scale.
      await rejects(
        withPayload((p, v) => {
          const [S, D, F, M] = [u32(v, 2), u32(v, 3), u32(v, 5), u32(v, 6)];
          p[HEADER + M + 4 * D + 8 * S + 4 * F * S] = 9;
        }),
        /scale byte is invalid/,
      );
    });

    it("random byte flips inside the payload never escape as another error", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: inflated.length - 1 }),
          fc.integer({ min: 1, max: 255 }),
          async (at, x) => {
            const bytes = await withPayload((p) => {
              p[at] = (p[at] as number) ^ x;
            });
            try {
              await decodeCompactShard(bytes); // a flip in a value decodes to other values: allowed
            } catch (error) {
              expect(error).toBeInstanceOf(ShardFormatError);
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});

describe.skipIf(!hasSharedData)(
  `compact shards of the real universe (${hasSharedData ? "present" : sharedDataSkipMessage()})`,
  () => {
    let shards: Shard[] = [];
    beforeAll(async () => {
      shards = await realUniverseShards();
    }, 180_000);

    it("holds the awkward cases this test is about", () => {
      let missing = 0;
      let zeroVolume = 0;
      let penny = 0;
      let ipo = 0;
      for (const s of shards) {
        for (let i = 0; i < s.close.length; i++) {
          if (Number.isNaN(s.close[i])) missing++;
          if (s.volume[i] === 0) zeroVolume++;
          if ((s.close[i] as number) < 1) penny++;
        }
        for (let k = 0; k < s.symbols.length; k++) if ((s.start[k] as number) > 0) ipo++;
      }
      expect(Math.min(missing, zeroVolume, penny, ipo)).toBeGreaterThan(100);
    });

    it("round-trips every real shard byte for bit, in under 40 MB; the last 300 days equal the restricted shards", async () => {
      let full = 0;
      let cut = 0;
      for (const shard of shards) {
        full += (await expectRoundTrip(shard)).length;
        cut += (await expectRoundTrip(shard, 300)).length;
      }
      expect(full).toBeLessThan(40e6);
      expect(cut).toBeLessThan(full / 2);
    }, 300_000);
  },
);
