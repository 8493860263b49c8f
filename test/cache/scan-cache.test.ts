// The scan cache: the in-process LRU (expiry, eviction) and the Upstash implementation
// against the machine's real Redis through an adapter speaking Upstash's REST protocol.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryScanCache, UpstashScanCache, scanCacheKey } from "../../worker/cache/scan-cache.ts";
import { type UpstashAdapter, redisAvailable, startUpstashAdapter } from "../support/upstash-rest-adapter.ts";

describe("scan cache keys", () => {
  it("differ by version, day, limit and screen, and stay short", async () => {
    const a = await scanCacheKey("v1", "close > 1", 10, 100);
    expect(await scanCacheKey("v1", "close > 1", 10, 100)).toBe(a);
    for (const other of [
      await scanCacheKey("v2", "close > 1", 10, 100),
      await scanCacheKey("v1", "close > 1", 11, 100),
      await scanCacheKey("v1", "close > 1", 10, 50),
      await scanCacheKey("v1", "close > 2", 10, 100),
    ])
      expect(other).not.toBe(a);
    expect((await scanCacheKey("v1", "x".repeat(4000), 1, 1)).length).toBeLessThan(120);
  });
});

describe("in-process cache", () => {
  it("expires entries after their time to live", async () => {
    let now = 1_000;
    const cache = new MemoryScanCache(10, () => now);
    await cache.set("k", "v", 60);
    expect(await cache.get("k")).toBe("v");
    now += 61_000;
    expect(await cache.get("k")).toBeNull();
  });

  it("evicts the least recently used entry when full", async () => {
    const cache = new MemoryScanCache(2);
    await cache.set("a", "1", 60);
    await cache.set("b", "2", 60);
    await cache.get("a"); // a is now more recent than b
    await cache.set("c", "3", 60);
    expect(await cache.get("b")).toBeNull();
    expect(await cache.get("a")).toBe("1");
    expect(await cache.get("c")).toBe("3");
    expect(cache.size).toBe(2);
  });
});

const haveRedis = await redisAvailable();
if (!haveRedis) console.warn("skipping the Upstash cache tests: no Redis at 127.0.0.1:6379");

describe.skipIf(!haveRedis)("Upstash cache against real Redis (REST adapter)", () => {
  let adapter: UpstashAdapter;
  beforeAll(async () => {
    adapter = await startUpstashAdapter();
  });
  afterAll(() => adapter?.close());

  it("stores and returns a result, with its time to live, and misses cleanly", async () => {
    const cache = new UpstashScanCache(adapter.url, adapter.token);
    const key = `technic:test:${Date.now()}`;
    const value = JSON.stringify({ meta: { screen: "close > 1 — ünïcode" }, rows: [{ symbol: "BRK-B", x: 1.5 }] });
    expect(await cache.get(key)).toBeNull();
    await cache.set(key, value, 120);
    expect(await cache.get(key)).toBe(value);
    const ttl = await adapter.redis.ttl(key);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
    await adapter.redis.del(key);
  });

  it("fails loudly with a wrong token (the API then recomputes instead)", async () => {
    const cache = new UpstashScanCache(adapter.url, "wrong");
    await expect(cache.get("k")).rejects.toThrow();
  });
});
