// The edge API: a Hono app whose routes are declared with @hono/zod-openapi (request and
// response schemas, OpenAPI 3.1 at /v1/openapi.json). Scans run through runScan
// (worker/scan/scan-request.ts): compile, resolve version and as-of, cache, fan out to the
// UniverseShard Durable Objects; answered as JSON, CSV or a Server-Sent Events stream.

import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import { streamSSE } from "hono/streaming";
import { BUILTIN_SCREENS } from "../../engine/screen/builtins.ts";
import { compileScreen } from "../../engine/screen/compile.ts";
import { type CsvCell, toCsvLine } from "../../engine/screen/csv-line.ts";
import { DEFAULT_INDICATOR_COLUMNS } from "../../engine/indicators/defaults.ts";
import { planIndicators } from "../../engine/indicators/plan.ts";
import { IndicatorRequestError } from "../../engine/indicators/registry.ts";
import { isDemo } from "../../engine/snapshot/manifest.ts";
import { shardOf } from "../../engine/snapshot/shard-key.ts";
import { isValidSymbol } from "../../engine/snapshot/symbol-info.ts";
import type { Env } from "../env.ts";
import { shardStub } from "../scan/coordinator.ts";
import { isStale, runScan } from "../scan/scan-request.ts";
import { SnapshotUnavailableError, currentVersion, readManifest, shardKey } from "../snapshots/r2-snapshots.ts";
import { registerCompactSnapshotRoute } from "./compact-snapshot-route.ts";
import { renderDocsPage } from "./docs-page.ts";
import { ApiError, errorResponse } from "./errors.ts";

const MAX_BODY_BYTES = 64 * 1024;

const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }) })
  .openapi("Error");

const ScanRequestSchema = z
  .object({
    screen: z
      .union([z.string().max(4096), z.record(z.string(), z.unknown())])
      .openapi({ description: "screen-language text, a built-in screen id, or the JSON form" }),
    as_of: z.string().optional().openapi({ description: "YYYY-MM-DD; default the snapshot's last day" }),
    limit: z.number().int().min(1).max(10_000).optional().openapi({ description: "rows to return (default 100)" }),
    columns: z
      .array(z.string().max(512))
      .max(32)
      .optional()
      .openapi({ description: "extra columns: expressions (`close / sma(50)`) or indicator column names (`rsi_14`)" }),
  })
  .openapi("ScanRequest");

const ScanResponseSchema = z
  .object({
    meta: z.object({
      snapshot: z.string(),
      source: z.string(),
      demo: z.boolean(),
      as_of: z.string(),
      screen: z.string(),
      universe: z.number(),
      evaluated: z.number(),
      matched: z.number(),
      partial: z.boolean(),
      missing_shards: z.array(z.object({ shard: z.number(), symbols: z.number(), error: z.string() })),
      stale: z.boolean(),
      cache: z.boolean(),
      timings_ms: z.record(z.string(), z.number()),
    }),
    columns: z.array(z.string()),
    rows: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi("ScanResponse");

const scanRoute = createRoute({
  method: "post",
  path: "/v1/scan",
  summary: "Run a screen over the whole universe",
  request: { body: { content: { "application/json": { schema: ScanRequestSchema } }, required: true } },
  responses: {
    200: {
      description: "matching symbols, ranked (CSV with `Accept: text/csv`)",
      content: { "application/json": { schema: ScanResponseSchema }, "text/csv": { schema: z.string() } },
    },
    400: { description: "invalid screen or request", content: { "application/json": { schema: ErrorSchema } } },
    413: { description: "body over 64 KB", content: { "application/json": { schema: ErrorSchema } } },
    422: { description: "as_of outside the snapshot", content: { "application/json": { schema: ErrorSchema } } },
    503: { description: "no snapshot published yet", content: { "application/json": { schema: ErrorSchema } } },
  },
});

const screensRoute = createRoute({
  method: "get",
  path: "/v1/screens",
  summary: "The built-in screens",
  responses: {
    200: {
      description: "built-in screens",
      content: {
        "application/json": {
          schema: z.object({
            screens: z.array(
              z.object({
                id: z.string(),
                title: z.string(),
                description: z.string(),
                text: z.string(),
                canonical: z.string(),
              }),
            ),
          }),
        },
      },
    },
  },
});

const universeRoute = createRoute({
  method: "get",
  path: "/v1/universe",
  summary: "The current snapshot",
  responses: {
    200: {
      description: "snapshot facts",
      content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
    },
    503: { description: "no snapshot published yet", content: { "application/json": { schema: ErrorSchema } } },
  },
});

const streamRoute = createRoute({
  method: "get",
  path: "/v1/scan/stream",
  summary: "Run a screen, streaming progress as Server-Sent Events",
  request: {
    query: z.object({
      screen: z.string().max(4096),
      as_of: z.string().optional(),
      limit: z.coerce.number().int().min(1).max(10_000).optional(),
    }),
  },
  responses: {
    200: {
      description: "events: progress { phase, done, total, matched_so_far }, then result (the scan body) or error",
      content: { "text/event-stream": { schema: z.string() } },
    },
    400: { description: "invalid query", content: { "application/json": { schema: ErrorSchema } } },
  },
});

const symbolRoute = createRoute({
  method: "get",
  path: "/v1/symbols/{symbol}",
  summary: "One symbol: metadata, latest indicator values, and recent bars with indicator series for charts",
  request: {
    params: z.object({ symbol: z.string().min(1).max(16) }),
    query: z.object({
      days: z.coerce.number().int().min(0).max(5000).optional().openapi({ description: "bars to return (default 0)" }),
      indicators: z
        .string()
        .max(2000)
        .optional()
        .openapi({ description: "comma-separated indicator columns (default: the CLI's default set)" }),
    }),
  },
  responses: {
    200: { description: "the symbol", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } },
    400: { description: "unknown indicator column", content: { "application/json": { schema: ErrorSchema } } },
    404: { description: "no such symbol in the snapshot", content: { "application/json": { schema: ErrorSchema } } },
  },
});

const snapshotManifestRoute = createRoute({
  method: "get",
  path: "/v1/snapshot",
  summary: "The current snapshot's manifest (for clients that scan locally)",
  responses: {
    200: { description: "manifest", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } },
    503: { description: "no snapshot published yet", content: { "application/json": { schema: ErrorSchema } } },
  },
});

const snapshotShardRoute = createRoute({
  method: "get",
  path: "/v1/snapshot/{version}/shards/{index}",
  summary: "One shard of a snapshot version, as stored (immutable: cache it by version)",
  request: {
    params: z.object({
      version: z.string().regex(/^[a-z0-9][a-z0-9.-]{3,80}$/),
      index: z.coerce.number().int().min(0).max(1023),
    }),
  },
  responses: {
    200: {
      description: "shard bytes (verify against the manifest's SHA-256)",
      content: { "application/octet-stream": { schema: z.string() } },
    },
    404: { description: "no such version or shard", content: { "application/json": { schema: ErrorSchema } } },
  },
});

const healthRoute = createRoute({
  method: "get",
  path: "/health",
  summary: "Liveness",
  responses: {
    200: {
      description: "up",
      content: {
        "application/json": {
          schema: z.object({ ok: z.boolean(), service: z.string(), snapshotsBound: z.boolean() }),
        },
      },
    },
  },
});

/**
 * The scan as CSV: rank, symbol, name, sector, type, close, sort, then the shown columns (a
 * shown column named like one of those gets a `_shown` suffix), one line per row.
 */
function csvResponse(body: {
  meta: { snapshot: string; as_of: string };
  columns: string[];
  rows: Record<string, unknown>[];
}): Response {
  const fixed = ["rank", "symbol", "name", "sector", "type", "close", "sort"];
  const shown = body.columns.map((c) => (fixed.includes(c) ? `${c}_shown` : c));
  const lines = [
    toCsvLine([...fixed, ...shown]),
    ...body.rows.map((r) => {
      const values = (r.values ?? {}) as Record<string, CsvCell>;
      return toCsvLine([...fixed.map((f) => (r[f] ?? null) as CsvCell), ...body.columns.map((c) => values[c] ?? null)]);
    }),
  ];
  return new Response(`${lines.join("\n")}\n`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "x-technic-snapshot": body.meta.snapshot,
      "x-technic-as-of": body.meta.as_of,
    },
  });
}

export function createApp() {
  const app = new OpenAPIHono<{ Bindings: Env }>({
    defaultHook: (result, c) => {
      if (!result.success)
        return errorResponse(c, 400, "invalid_request", "the request does not match the schema", result.error.issues);
      return undefined;
    },
  });

  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error.status, error.code, error.message, error.details);
    if (error instanceof SnapshotUnavailableError) return errorResponse(c, 503, "no_snapshot", error.message);
    console.error(error);
    return errorResponse(c, 500, "internal", "internal error; it has been logged");
  });
  app.notFound((c) =>
    errorResponse(c, 404, "not_found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`),
  );

  // The API is public and carries no cookies, so any origin may call it: the embeddable
  // widget runs on other sites' pages, and so may API users' own dashboards.
  app.use(
    "/v1/*",
    cors({
      origin: "*",
      allowMethods: ["GET", "POST", "OPTIONS"],
      allowHeaders: ["content-type", "accept", "if-none-match"],
      exposeHeaders: ["etag", "content-length", "x-technic-raw-bytes"],
      maxAge: 86400,
    }),
  );

  // Size first: a body over the limit is refused before it is parsed.
  app.use("/v1/*", async (c, next) => {
    const length = Number(c.req.header("content-length") ?? 0);
    if (length > MAX_BODY_BYTES)
      return errorResponse(c, 413, "body_too_large", `request body is ${length} bytes; the limit is ${MAX_BODY_BYTES}`);
    await next();
    return undefined;
  });

  app.openapi(healthRoute, (c) =>
    c.json({ ok: true, service: "technic", snapshotsBound: c.env.SNAPSHOTS !== undefined }, 200),
  );

  app.openapi(screensRoute, (c) =>
    c.json({ screens: BUILTIN_SCREENS.map((s) => ({ ...s, canonical: compileScreen(s.text).canonical })) }, 200),
  );

  app.openapi(universeRoute, async (c) => {
    const manifest = await readManifest(c.env.SNAPSHOTS, await currentVersion(c.env.SNAPSHOTS));
    return c.json(
      {
        version: manifest.version,
        source: manifest.source,
        demo: isDemo(manifest),
        days: manifest.days,
        symbols: manifest.symbolCount,
        shards: manifest.shardCount,
        stale: isStale(manifest.days.last),
      },
      200,
    );
  });

  app.openapi(scanRoute, async (c) => {
    const body = await runScan(c.env, c.req.valid("json"));
    if ((c.req.header("accept") ?? "").includes("text/csv")) return csvResponse(body);
    return c.json(body, 200);
  });

  // Server-Sent Events: `progress` as each shard finishes ({ phase, done, total,
  // matched_so_far }), then `result` (the POST /v1/scan body) or `error` (the error shape).
  app.openapi(streamRoute, (c) => {
    const query = c.req.valid("query");
    return streamSSE(c, async (stream) => {
      try {
        const body = await runScan(c.env, { screen: query.screen, as_of: query.as_of, limit: query.limit }, (p) =>
          stream.writeSSE({
            event: "progress",
            data: JSON.stringify({ phase: p.phase, done: p.done, total: p.total, matched_so_far: p.matchedSoFar }),
          }),
        );
        await stream.writeSSE({ event: "result", data: JSON.stringify(body) });
      } catch (error) {
        const e =
          error instanceof ApiError
            ? { code: error.code, message: error.message, details: error.details }
            : error instanceof SnapshotUnavailableError
              ? { code: "no_snapshot", message: error.message, details: null }
              : { code: "internal", message: "internal error; it has been logged", details: null };
        if (!(error instanceof ApiError || error instanceof SnapshotUnavailableError)) console.error(error);
        await stream.writeSSE({ event: "error", data: JSON.stringify({ error: e }) });
      }
    }) as never;
  });

  app.openapi(snapshotManifestRoute, async (c) => {
    const manifest = await readManifest(c.env.SNAPSHOTS, await currentVersion(c.env.SNAPSHOTS));
    return c.json(manifest as unknown as Record<string, unknown>, 200, { "cache-control": "no-cache" });
  });

  // Shard blobs are immutable per version (the version is derived from their content), so
  // browsers and CDNs may keep them forever; the ETag is the manifest's SHA-256.
  app.openapi(snapshotShardRoute, async (c) => {
    const { version, index } = c.req.valid("param");
    const manifest = await readManifest(c.env.SNAPSHOTS, version).catch(() => null);
    const entry = manifest?.shards[index];
    if (!manifest || !entry) throw new ApiError(404, "not_found", `snapshot ${version} has no shard ${index}`);
    const etag = `"${entry.sha256}"`;
    if (c.req.header("if-none-match") === etag) return new Response(null, { status: 304, headers: { etag } }) as never;
    const object = await c.env.SNAPSHOTS.get(shardKey(version, index));
    if (!object) throw new ApiError(404, "not_found", `shard ${index} of snapshot ${version} is missing from R2`);
    return new Response(object.body, {
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(entry.bytes),
        "cache-control": "public, max-age=31536000, immutable",
        etag,
      },
    }) as never;
  });

  app.openapi(symbolRoute, async (c) => {
    const symbol = c.req.valid("param").symbol.toUpperCase();
    const query = c.req.valid("query");
    const indicators = query.indicators
      ? query.indicators
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean)
      : [...DEFAULT_INDICATOR_COLUMNS];
    try {
      planIndicators(indicators); // validate here: an unknown column is the caller's 400, not a shard's error
    } catch (error) {
      if (error instanceof IndicatorRequestError) throw new ApiError(400, "invalid_indicator", error.message);
      throw error;
    }
    if (!isValidSymbol(symbol)) throw new ApiError(404, "unknown_symbol", `"${symbol}" is not a ticker`);
    const manifest = await readManifest(c.env.SNAPSHOTS, await currentVersion(c.env.SNAPSHOTS));
    const shard = shardOf(symbol, manifest.shardCount);
    const detail = await shardStub(c.env, shard).symbol(manifest.version, shard, symbol, query.days ?? 0, indicators);
    if (!detail) throw new ApiError(404, "unknown_symbol", `${symbol} is not in snapshot ${manifest.version}`);
    return c.json({ snapshot: manifest.version, demo: isDemo(manifest), ...detail }, 200);
  });

  registerCompactSnapshotRoute(app);
  const info = { openapi: "3.1.0", info: { title: "Technic edge API", version: "1" } };
  app.doc31("/v1/openapi.json", info);
  app.get("/docs", (c) =>
    c.html(renderDocsPage(app.getOpenAPI31Document(info) as unknown as Parameters<typeof renderDocsPage>[0])),
  );
  return app;
}
