// Which shard a symbol lives in: FNV-1a (32-bit) of its UTF-8 bytes, modulo the shard
// count. A pure function of the symbol alone, so adding or removing a symbol never moves
// any other; changing the shard count does (that is a new layout, not an update).

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const utf8 = new TextEncoder();

export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (const byte of utf8.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

export function shardOf(symbol: string, shardCount: number): number {
  return fnv1a32(symbol) % shardCount;
}

export const DEFAULT_SHARD_COUNT = 16;
export const MAX_SHARD_COUNT = 1024;
