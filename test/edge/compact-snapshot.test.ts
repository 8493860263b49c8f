// GET /v1/snapshot/{version}/compact/{index} in the real Workers runtime: a demo universe
// published to R2; the compact form must decode to exactly the shard the raw route serves
// (whole, or cut to the last N days), be cached in R2 after the first request, answer
// If-None-Match with 304, and answer unknown versions and shards with the error shape.

import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { IngestReport } from "../../engine/bars/ingest-report.ts";
import { generateDemoUniverse } from "../../engine/demo/index.ts";
import { webCryptoSha256 } from "../../engine/snapshot/checksum.ts";
import {
  decodeCompactShard,
  decodeCompactShardBytes,
  restrictToLastDays,
} from "../../engine/snapshot/compact-codec.ts";
import type { Manifest } from "../../engine/snapshot/manifest.ts";
import { decodeShard, encodeShard } from "../../engine/snapshot/shard-codec.ts";
import { buildSnapshot } from "../../engine/snapshot/snapshot-builder.ts";
import { UniverseBuilder } from "../../engine/snapshot/universe-builder.ts";
import { compactShardKey } from "../../worker/api/compact-snapshot-route.ts";
import { publishToR2 } from "../../worker/snapshots/r2-snapshots.ts";

const BASE = "https://technic.test/v1/snapshot";
let manifest: Manifest;

beforeAll(async () => {
  const builder = new UniverseBuilder(new IngestReport());
  generateDemoUniverse(builder, { symbols: 120, days: 260, seed: 9 });
  const built = await buildSnapshot(builder.build().table, {
    source: { kind: "demo", label: "demo data (synthetic)", detail: "compact edge test" },
    ingest: { rowsRead: 0, rowsKept: 0, rowsRejected: 0 },
    shardCount: 3,
  });
  await publishToR2(env.SNAPSHOTS, built.manifest, built.shards);
  manifest = built.manifest;
});

async function rawShard(index: number): Promise<Uint8Array> {
  const res = await SELF.fetch(`${BASE}/${manifest.version}/shards/${index}`);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

describe("GET /v1/snapshot/{version}/compact/{index}", () => {
  it("decodes to exactly the shard /shards/{index} serves, which verifies against the manifest", async () => {
    for (const entry of manifest.shards) {
      const res = await SELF.fetch(`${BASE}/${manifest.version}/compact/${entry.index}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/octet-stream");
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(res.headers.get("x-technic-raw-bytes")).toBe(String(entry.bytes));
      const compact = new Uint8Array(await res.arrayBuffer());
      expect(res.headers.get("etag")).toBe(`"${await webCryptoSha256(compact)}"`);
      expect(compact.length).toBeLessThan(entry.bytes / 2);
      const decoded = await decodeCompactShardBytes(compact);
      expect(sameBytes(decoded, await rawShard(entry.index))).toBe(true);
      expect(await webCryptoSha256(decoded)).toBe(entry.sha256);
    }
  });

  it("cuts to the last N days with ?days=N, and a window as long as the axis is the whole shard", async () => {
    const raw = await rawShard(1);
    const shard = decodeShard(raw.buffer as ArrayBuffer, raw.byteOffset, raw.byteLength);
    const res = await SELF.fetch(`${BASE}/${manifest.version}/compact/1?days=30`);
    expect(res.status).toBe(200);
    const cut = await decodeCompactShard(new Uint8Array(await res.arrayBuffer()));
    expect(Array.from(cut.days)).toEqual(Array.from(shard.days.subarray(shard.days.length - 30)));
    const want = restrictToLastDays(shard, 30);
    const bytesOf = (s: typeof cut) => encodeShard(s, Array.from(s.symbols.keys()), s.shardIndex, s.shardCount);
    expect(sameBytes(bytesOf(cut), bytesOf(want))).toBe(true);
    expect(res.headers.get("x-technic-raw-bytes")).toBe(String(bytesOf(want).length));
    expect(await env.SNAPSHOTS.head(compactShardKey(manifest.version, 1, 30))).not.toBeNull();

    const whole = await SELF.fetch(`${BASE}/${manifest.version}/compact/1?days=${manifest.days.count}`);
    expect(sameBytes(await decodeCompactShardBytes(new Uint8Array(await whole.arrayBuffer())), raw)).toBe(true);
    expect(await env.SNAPSHOTS.head(compactShardKey(manifest.version, 1, manifest.days.count))).toBeNull();
  });

  it("serves a second request from the R2 cache: same bytes, same ETag", async () => {
    const key = compactShardKey(manifest.version, 2, 100);
    expect(await env.SNAPSHOTS.head(key)).toBeNull();
    const first = await SELF.fetch(`${BASE}/${manifest.version}/compact/2?days=100`);
    const firstBytes = new Uint8Array(await first.arrayBuffer());
    const stored = await env.SNAPSHOTS.get(key);
    expect(stored).not.toBeNull();
    expect(sameBytes(new Uint8Array(await (stored as R2ObjectBody).arrayBuffer()), firstBytes)).toBe(true);
    // Replace the raw shard with garbage: a request that re-encoded it would now fail.
    const rawKey = `snapshots/${manifest.version}/${manifest.shards[2]?.file}`;
    const original = await (await env.SNAPSHOTS.get(rawKey))?.arrayBuffer();
    await env.SNAPSHOTS.put(rawKey, new Uint8Array(16));
    try {
      const second = await SELF.fetch(`${BASE}/${manifest.version}/compact/2?days=100`);
      expect(second.status).toBe(200);
      expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
      expect(second.headers.get("x-technic-raw-bytes")).toBe(first.headers.get("x-technic-raw-bytes"));
      expect(sameBytes(new Uint8Array(await second.arrayBuffer()), firstBytes)).toBe(true);
      // An uncached request for the same shard does read the raw shard, and refuses the garbage.
      const corrupt = await SELF.fetch(`${BASE}/${manifest.version}/compact/2?days=99`);
      expect(corrupt.status).toBe(500);
      expect(((await corrupt.json()) as { error: { code: string } }).error.code).toBe("shard_corrupt");
    } finally {
      await env.SNAPSHOTS.put(rawKey, original as ArrayBuffer);
    }
  });

  it("answers If-None-Match with 304", async () => {
    const url = `${BASE}/${manifest.version}/compact/0`;
    const first = await SELF.fetch(url);
    await first.arrayBuffer();
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await SELF.fetch(url, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");
    const other = await SELF.fetch(url, { headers: { "if-none-match": '"0000"' } });
    expect(other.status).toBe(200);
    await other.arrayBuffer();
  });

  it("answers unknown versions and shards with a 404 in the error shape, bad days with a 400", async () => {
    for (const url of [`${BASE}/demo-20990101-000000000000/compact/0`, `${BASE}/${manifest.version}/compact/7`]) {
      const res = await SELF.fetch(url);
      expect(res.status).toBe(404);
      const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
      expect(body.error.code).toBe("not_found");
      expect(body.error.message).toMatch(/has no shard/);
      expect(body.error).toHaveProperty("details");
    }
    for (const days of ["0", "5001", "abc", "1.5"]) {
      const res = await SELF.fetch(`${BASE}/${manifest.version}/compact/0?days=${days}`);
      expect(res.status, days).toBe(400);
      await res.arrayBuffer();
    }
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await (await SELF.fetch("https://technic.test/v1/openapi.json")).json()) as { paths: object };
    expect(Object.keys(doc.paths)).toContain("/v1/snapshot/{version}/compact/{index}");
  });
});
