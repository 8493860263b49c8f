// The Worker's bindings (wrangler.toml).

import type { UniverseShard } from "./shard/universe-shard.ts";

export interface Env {
  /** Snapshot manifests and shards under snapshots/<version>/, and the CURRENT pointer. */
  readonly SNAPSHOTS: R2Bucket;
  readonly UNIVERSE_SHARD: DurableObjectNamespace<UniverseShard>;
}
