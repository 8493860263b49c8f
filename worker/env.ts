// The Worker's bindings: generated from wrangler.toml by `wrangler types`
// (worker/worker-configuration.d.ts, kept current by a test), plus the optional secrets.

export type Env = Cloudflare.Env & {
  /** Upstash Redis for the scan cache; without both, each isolate caches in memory. */
  readonly UPSTASH_REDIS_REST_URL?: string;
  readonly UPSTASH_REDIS_REST_TOKEN?: string;
};
