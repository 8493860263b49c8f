// The compact download form (engine/snapshot/compact-codec.ts) on the full real universe:
// bytes of all 16 shards whole and cut to the last 300 days, bytes per symbol-day, encode
// and decode time (all shards one after another, median of 3; decoded to Shards, and to raw
// shard bytes), against the raw shards and the peer a client would otherwise use: the raw
// shards gzip'd. Every decode is checked against the raw shard, so a figure is never of a
// broken codec.
// Run: `npx tsx test/bench/compact-suite.ts`, or through `npm run bench` once wired.

import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import {
  decodeCompactShard,
  decodeCompactShardBytes,
  encodeCompactShard,
  restrictToLastDays,
} from "../../engine/snapshot/compact-codec.ts";
import { encodeShard, type Shard } from "../../engine/snapshot/shard-codec.ts";
import { realUniverseShards } from "../support/real-shards.ts";
import { hasSharedData, sharedDataSkipMessage } from "../support/shared-data.ts";

const LAST_DAYS = 300;
const RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const mb = (bytes: number) => bytes / 1e6;
const rawOf = (s: Shard) => encodeShard(s, Array.from(s.symbols.keys()), s.shardIndex, s.shardCount);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

interface Variant {
  rawBytes: number;
  compactBytes: number;
  rawGzipBytes: number;
  bytesPerSymbolDay: number;
  rawBytesPerSymbolDay: number;
  encodeMs: number;
  /** decodeCompactShard: to a Shard (what a client scanning locally needs). */
  decodeMs: number;
  /** decodeCompactShardBytes: to the raw shard bytes (verifiable against the manifest). */
  decodeToBytesMs: number;
}

async function measure(shards: Shard[], symbols: number, lastDays: number | null): Promise<Variant> {
  const source = lastDays === null ? shards : shards.map((s) => restrictToLastDays(s, lastDays));
  const raws = source.map(rawOf);
  const days = (source[0] as Shard).days.length;
  const encodes: number[] = [];
  const decodes: number[] = [];
  const decodesToBytes: number[] = [];
  let compact: Uint8Array[] = [];
  for (let run = 0; run < RUNS; run++) {
    globalThis.gc?.();
    let t = performance.now();
    compact = [];
    for (const s of shards) compact.push(await encodeCompactShard(s, lastDays === null ? {} : { lastDays }));
    encodes.push(performance.now() - t);
    globalThis.gc?.();
    t = performance.now();
    for (const c of compact) await decodeCompactShard(c);
    decodes.push(performance.now() - t);
    globalThis.gc?.();
    t = performance.now();
    const decoded: Uint8Array[] = [];
    for (const c of compact) decoded.push(await decodeCompactShardBytes(c));
    decodesToBytes.push(performance.now() - t);
    decoded.forEach((d, i) => {
      if (!sameBytes(d, raws[i] as Uint8Array)) throw new Error(`shard ${i} did not round-trip`);
    });
  }
  const rawBytes = raws.reduce((n, r) => n + r.length, 0);
  const compactBytes = compact.reduce((n, c) => n + c.length, 0);
  return {
    rawBytes,
    compactBytes,
    rawGzipBytes: raws.reduce((n, r) => n + gzipSync(r).length, 0),
    bytesPerSymbolDay: compactBytes / (symbols * days),
    rawBytesPerSymbolDay: rawBytes / (symbols * days),
    encodeMs: median(encodes),
    decodeMs: median(decodes),
    decodeToBytesMs: median(decodesToBytes),
  };
}

/** Figures for the compact form of the real universe (whole, and its last 300 days); {} without ../shared/data. */
export async function compactSnapshotFigures(): Promise<Record<string, unknown>> {
  if (!hasSharedData) {
    console.log(sharedDataSkipMessage());
    return {};
  }
  const shards = await realUniverseShards();
  const symbols = shards.reduce((n, s) => n + s.symbols.length, 0);
  const axis = (shards[0] as Shard).days.length;
  console.log(`universe: ${symbols} symbols x ${axis} days in ${shards.length} shards`);
  const full = await measure(shards, symbols, null);
  const recent = await measure(shards, symbols, LAST_DAYS);
  const rows = [
    ["", `whole (${axis} days)`, `last ${LAST_DAYS} days`, "target"],
    ["raw shards", `${mb(full.rawBytes).toFixed(1)} MB`, `${mb(recent.rawBytes).toFixed(1)} MB`, ""],
    [
      "peer: raw shards gzip'd",
      `${mb(full.rawGzipBytes).toFixed(1)} MB`,
      `${mb(recent.rawGzipBytes).toFixed(1)} MB`,
      "",
    ],
    ["compact", `${mb(full.compactBytes).toFixed(2)} MB`, `${mb(recent.compactBytes).toFixed(2)} MB`, "< 40 MB whole"],
    [
      "bytes per symbol-day (raw / compact)",
      `${full.rawBytesPerSymbolDay.toFixed(2)} / ${full.bytesPerSymbolDay.toFixed(2)}`,
      `${recent.rawBytesPerSymbolDay.toFixed(2)} / ${recent.bytesPerSymbolDay.toFixed(2)}`,
      "",
    ],
    ["encode all shards (median of 3)", `${full.encodeMs.toFixed(0)} ms`, `${recent.encodeMs.toFixed(0)} ms`, ""],
    [
      "decode all shards (median of 3)",
      `${full.decodeMs.toFixed(0)} ms`,
      `${recent.decodeMs.toFixed(0)} ms`,
      "< 1-2 s",
    ],
  ];
  const width = [38, 18, 18, 16];
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(width[i] ?? 10)).join(" | "));
  return { symbols, days: axis, lastDays: LAST_DAYS, full, recent };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  console.log(JSON.stringify(await compactSnapshotFigures()));
