// Scan results cached by (snapshot version, canonical screen, as-of day, limit). The version
// is in the key, so a new snapshot can never serve an old result — it simply misses. One
// interface, two implementations: in-process (the default: an LRU in the isolate's memory)
// and Upstash Redis over its REST API (when UPSTASH_REDIS_REST_URL and _TOKEN are set).

import { Redis } from "@upstash/redis";

export interface ScanCache {
  readonly kind: "memory" | "upstash";
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
}

/** Cache key: the canonical screen is hashed so keys stay short whatever the screen's length. */
export async function scanCacheKey(version: string, canonical: string, day: number, limit: number): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `technic:scan:${version}:${day}:${limit}:${hex}`;
}

export class MemoryScanCache implements ScanCache {
  readonly kind = "memory" as const;
  readonly #entries = new Map<string, { value: string; expires: number }>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(maxEntries = 500, now: () => number = Date.now) {
    this.#maxEntries = maxEntries;
    this.#now = now;
  }

  async get(key: string): Promise<string | null> {
    const entry = this.#entries.get(key);
    if (!entry) return null;
    if (entry.expires <= this.#now()) {
      this.#entries.delete(key);
      return null;
    }
    // Re-insert: Map keeps insertion order, so the first key is always the least recently used.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expires: this.#now() + ttlSeconds * 1000 });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}

export class UpstashScanCache implements ScanCache {
  readonly kind = "upstash" as const;
  readonly #redis: Redis;

  constructor(url: string, token: string) {
    // Values are JSON text we wrote ourselves: keep them as strings, do not let the client parse them.
    this.#redis = new Redis({ url, token, automaticDeserialization: false });
  }

  async get(key: string): Promise<string | null> {
    return (await this.#redis.get<string>(key)) ?? null;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.#redis.set(key, value, { ex: ttlSeconds });
  }
}

const memory = new MemoryScanCache();

/** The configured cache: Upstash when both variables are set, else this isolate's memory. */
export function scanCacheFor(env: { UPSTASH_REDIS_REST_URL?: string; UPSTASH_REDIS_REST_TOKEN?: string }): ScanCache {
  if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN)
    return new UpstashScanCache(env.UPSTASH_REDIS_REST_URL, env.UPSTASH_REDIS_REST_TOKEN);
  return memory;
}
