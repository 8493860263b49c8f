// A loaded snapshot: the manifest plus every shard, checksum-verified, with symbol lookup.
// Hosts supply the bytes (files in Node, R2 in workerd, Cache Storage in the browser).

import type { UnixDay } from "../calendar/unix-day.ts";
import { type Digest, verifyChecksum, webCryptoSha256 } from "./checksum.ts";
import { type Manifest, ManifestError, type ShardEntry } from "./manifest.ts";
import { decodeShard, type Shard, ShardFormatError } from "./shard-codec.ts";
import { shardOf } from "./shard-key.ts";

export interface SymbolLocation {
  readonly shard: Shard;
  readonly index: number;
}

/** Verifies one shard's bytes against its manifest entry, then decodes it (views over the bytes). */
export async function openShard(
  manifest: Manifest,
  entry: ShardEntry,
  bytes: Uint8Array,
  digest: Digest = webCryptoSha256,
): Promise<Shard> {
  const what = `shard ${entry.index} of snapshot ${manifest.version}`;
  if (bytes.length !== entry.bytes)
    throw new ShardFormatError(
      `${what} is ${bytes.length} bytes, the manifest says ${entry.bytes}; refusing to serve it`,
    );
  await verifyChecksum(bytes, entry.sha256, what, digest);
  // Typed-array views need aligned offsets; a pooled or sliced buffer may not be.
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const shard = decodeShard(aligned.buffer as ArrayBuffer, aligned.byteOffset, aligned.byteLength);
  if (
    shard.shardIndex !== entry.index ||
    shard.shardCount !== manifest.shardCount ||
    shard.symbols.length !== entry.symbols
  )
    throw new ManifestError(`${what} does not match its manifest entry`);
  if (shard.days.length !== manifest.days.count)
    throw new ManifestError(`${what} has ${shard.days.length} days, the manifest ${manifest.days.count}`);
  return shard;
}

export class Universe {
  readonly manifest: Manifest;
  readonly shards: readonly Shard[];

  constructor(manifest: Manifest, shards: readonly Shard[]) {
    this.manifest = manifest;
    this.shards = shards;
  }

  /** The trading-day axis shared by every shard. */
  get days(): Int32Array {
    return (this.shards[0] as Shard).days;
  }

  get symbolCount(): number {
    return this.manifest.symbolCount;
  }

  find(symbol: string): SymbolLocation | null {
    const shard = this.shards[shardOf(symbol, this.manifest.shardCount)];
    if (!shard) return null;
    let lo = 0;
    let hi = shard.symbols.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = (shard.symbols[mid] as { symbol: string }).symbol;
      if (s === symbol) return { shard, index: mid };
      if (s < symbol) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }

  lastDay(): UnixDay {
    return this.days[this.days.length - 1] as UnixDay;
  }
}

/** Loads and verifies every shard (in parallel; digests run off the main thread where the host allows). */
export async function loadUniverse(
  manifest: Manifest,
  readShard: (entry: ShardEntry) => Promise<Uint8Array>,
  digest: Digest = webCryptoSha256,
): Promise<Universe> {
  const shards = await Promise.all(
    manifest.shards.map(async (entry) => openShard(manifest, entry, await readShard(entry), digest)),
  );
  return new Universe(manifest, shards);
}
