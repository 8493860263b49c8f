// The real universe (../shared/data, 7,720 symbols x 756 days) imported the way `technic
// import` does and split into its 16 snapshot shards. Cached per process; callers check
// `hasSharedData` first.

import { importFiles } from "../../cli/providers/file-import.ts";
import type { Shard } from "../../engine/snapshot/shard-codec.ts";
import { splitIntoShards } from "../bench/shards.ts";
import { REAL_PRICES } from "./shared-data.ts";

let cache: Promise<Shard[]> | null = null;

export function realUniverseShards(): Promise<Shard[]> {
  cache ??= importFiles(REAL_PRICES).then(({ builder }) => splitIntoShards(builder.build().table, 16));
  return cache;
}
