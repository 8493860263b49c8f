// A BarTable split into snapshot shards by the snapshot's own shard function and codec.

import { decodeShard, encodeShard, type Shard } from "../../engine/snapshot/shard-codec.ts";
import type { BarTable } from "../../engine/snapshot/bar-table.ts";
import { shardOf } from "../../engine/snapshot/shard-key.ts";

export function splitIntoShards(table: BarTable, count: number): Shard[] {
  const members: number[][] = Array.from({ length: count }, () => []);
  table.symbols.forEach((info, s) => members[shardOf(info.symbol, count)]?.push(s));
  return members.map((indices, i) => {
    const bytes = encodeShard(table, indices, i, count);
    return decodeShard(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  });
}
