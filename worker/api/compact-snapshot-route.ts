// GET /v1/snapshot/{version}/compact/{index}?days=N: one shard in the compact, lossless
// download form (engine/snapshot/compact-codec.ts), whole or cut to the axis's last N days.
// The first request for a (version, shard, days) reads the raw shard from R2, verifies it
// against the manifest (length, SHA-256, header) as the Durable Objects do, encodes it and
// stores the result back in R2 under a derived key; later requests stream that object. A
// version's content never changes, so neither does its compact form: immutable caching,
// ETag = SHA-256 of the compact bytes.

import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { ChecksumMismatchError, webCryptoSha256 } from "../../engine/snapshot/checksum.ts";
import { COMPACT_FORMAT_VERSION, encodeCompactShard, readCompactHeader } from "../../engine/snapshot/compact-codec.ts";
import { ManifestError } from "../../engine/snapshot/manifest.ts";
import { ShardFormatError } from "../../engine/snapshot/shard-codec.ts";
import { openShard } from "../../engine/snapshot/universe.ts";
import type { Env } from "../env.ts";
import { readManifest, shardKey } from "../snapshots/r2-snapshots.ts";
import { ApiError } from "./errors.ts";

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Where the encoded form is cached in R2, e.g. `snapshots/<version>/compact/v1/shard-003.d300.tcz`
 * (`.all.tcz` uncut). The codec's format version is in the key, so a new format never
 * serves bytes written by an old one.
 */
export function compactShardKey(version: string, index: number, lastDays: number | null): string {
  const cut = lastDays === null ? "all" : `d${lastDays}`;
  return `snapshots/${version}/compact/v${COMPACT_FORMAT_VERSION}/shard-${String(index).padStart(3, "0")}.${cut}.tcz`;
}

const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }) });

const compactShardRoute = createRoute({
  method: "get",
  path: "/v1/snapshot/{version}/compact/{index}",
  summary: "One shard of a snapshot version in the compact, lossless download form (immutable: cache it by version)",
  request: {
    params: z.object({
      version: z.string().regex(/^[a-z0-9][a-z0-9.-]{3,80}$/),
      index: z.coerce.number().int().min(0).max(1023),
    }),
    query: z.object({
      days: z.coerce
        .number()
        .int()
        .min(1)
        .max(5000)
        .optional()
        .openapi({ description: "keep only the snapshot's last N trading days (default: all of them)" }),
    }),
  },
  responses: {
    200: {
      description:
        "compact shard bytes (decode with decodeCompactShard; uncut, they decode to the stored shard, which verifies against the manifest's SHA-256)",
      content: { "application/octet-stream": { schema: z.string() } },
    },
    304: { description: "not modified (If-None-Match matched the ETag)" },
    404: { description: "no such version or shard", content: { "application/json": { schema: ErrorSchema } } },
    500: {
      description: "the stored shard failed verification",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

interface Cached {
  readonly etag: string;
  readonly rawBytes: string;
}

export function registerCompactSnapshotRoute(app: OpenAPIHono<{ Bindings: Env }>): void {
  app.openapi(compactShardRoute, async (c) => {
    const { version, index } = c.req.valid("param");
    const { days } = c.req.valid("query");
    const bucket = c.env.SNAPSHOTS;
    const manifest = await readManifest(bucket, version).catch(() => null);
    const entry = manifest?.shards[index];
    if (!manifest || !entry) throw new ApiError(404, "not_found", `snapshot ${version} has no shard ${index}`);
    // A window at least as long as the axis is the whole shard: one cached object serves both.
    const lastDays = days !== undefined && days < manifest.days.count ? days : null;
    const key = compactShardKey(version, index, lastDays);
    const ifNoneMatch = c.req.header("if-none-match");
    const respond = (body: ReadableStream | Uint8Array | null, size: number, meta: Cached) =>
      ifNoneMatch === meta.etag
        ? new Response(null, { status: 304, headers: { etag: meta.etag, "cache-control": IMMUTABLE } })
        : new Response(body, {
            headers: {
              "content-type": "application/octet-stream",
              "content-length": String(size),
              "cache-control": IMMUTABLE,
              etag: meta.etag,
              "x-technic-raw-bytes": meta.rawBytes,
            },
          });

    // Cached: the ETag is in the object's metadata, so a revalidation needs no body (head).
    const cachedMeta = (object: R2Object | null): Cached | null => {
      const m = object?.customMetadata;
      return m?.sha256 && m.rawBytes ? { etag: `"${m.sha256}"`, rawBytes: m.rawBytes } : null;
    };
    if (ifNoneMatch) {
      const meta = cachedMeta(await bucket.head(key));
      if (meta && meta.etag === ifNoneMatch) return respond(null, 0, meta) as never;
    }
    const cached = await bucket.get(key);
    const meta = cachedMeta(cached);
    if (cached && meta) return respond(cached.body, cached.size, meta) as never;
    if (cached) await cached.body.cancel(); // written without its metadata: build it again

    const object = await bucket.get(shardKey(version, index));
    if (!object) throw new ApiError(404, "not_found", `shard ${index} of snapshot ${version} is missing from R2`);
    let bytes: Uint8Array;
    try {
      const shard = await openShard(manifest, entry, new Uint8Array(await object.arrayBuffer()));
      bytes = await encodeCompactShard(shard, lastDays === null ? {} : { lastDays });
    } catch (error) {
      if (error instanceof ChecksumMismatchError || error instanceof ShardFormatError || error instanceof ManifestError)
        throw new ApiError(500, "shard_corrupt", error.message, { version, shard: index });
      throw error;
    }
    const sha256 = await webCryptoSha256(bytes);
    const rawBytes = String(readCompactHeader(bytes).rawBytes);
    // Awaited, not waitUntil: the next request (or a retry) must find it.
    await bucket.put(key, bytes, { customMetadata: { sha256, rawBytes } });
    return respond(bytes, bytes.length, { etag: `"${sha256}"`, rawBytes }) as never;
  });
}
