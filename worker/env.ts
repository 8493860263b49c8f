// The Worker's bindings (wrangler.toml).

import type { UniverseShard } from "./shard/universe-shard.ts";

export interface Env {
  /** Snapshot manifests and shards under snapshots/<version>/, and the CURRENT pointer. */
  readonly SNAPSHOTS: R2Bucket;
  readonly UNIVERSE_SHARD: DurableObjectNamespace<UniverseShard>;
  /** Upstash Redis for the scan cache; without both, each isolate caches in memory. */
  readonly UPSTASH_REDIS_REST_URL?: string;
  readonly UPSTASH_REDIS_REST_TOKEN?: string;
}
