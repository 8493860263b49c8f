// The edge API: a Hono app whose routes are declared with @hono/zod-openapi (request and
// response schemas, OpenAPI 3.1 at /v1/openapi.json). Scans compile the screen here, fan out
// to the UniverseShard Durable Objects (worker/scan/coordinator.ts) and answer with rows and
// a `meta` that says which snapshot, which day, how many symbols, how long, and whether the
// answer is partial.

import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { parseIsoDay } from "../../engine/calendar/unix-day.ts";
import { BUILTIN_SCREENS, findBuiltinScreen } from "../../engine/screen/builtins.ts";
import { type CompiledScreen, compileScreen } from "../../engine/screen/compile.ts";
import { ScreenError, formatScreenError } from "../../engine/screen/errors.ts";
import { type CsvCell, toCsvLine } from "../../engine/screen/csv-line.ts";
import { compileJsonScreen } from "../../engine/screen/json.ts";
import { isDemo } from "../../engine/snapshot/manifest.ts";
import type { Env } from "../env.ts";
import { scanDistributed, shardStub } from "../scan/coordinator.ts";
import type { ShardRow } from "../shard/universe-shard.ts";
import { SnapshotUnavailableError, currentVersion, readManifest } from "../snapshots/r2-snapshots.ts";
import { scanCacheFor, scanCacheKey } from "../cache/scan-cache.ts";
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

/** Trading days between the snapshot's last day and the last weekday before today (a rough staleness flag). */
function isStale(lastDay: string, now = new Date()): boolean {
  const last = parseIsoDay(lastDay) as number;
  let expected = Math.floor(now.getTime() / 86_400_000) - 1;
  while ([0, 6].includes(new Date(expected * 86_400_000).getUTCDay())) expected--;
  return last < expected - 3;
}

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

function compileRequestScreen(screen: string | Record<string, unknown>): CompiledScreen {
  if (typeof screen !== "string") return compileJsonScreen(screen);
  const builtin = findBuiltinScreen(screen.trim());
  return compileScreen(builtin ? builtin.text : screen);
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
    const started = Date.now();
    const body = c.req.valid("json");
    let screen: CompiledScreen;
    try {
      screen = compileRequestScreen(body.screen);
    } catch (error) {
      if (error instanceof ScreenError) {
        const text = typeof body.screen === "string" ? body.screen : "";
        throw new ApiError(400, "invalid_screen", error.message, {
          ...error.toJSON(text),
          caret: text ? formatScreenError(text, error) : null,
        });
      }
      throw error;
    }
    const compileMs = Date.now() - started;
    const manifest = await readManifest(c.env.SNAPSHOTS, await currentVersion(c.env.SNAPSHOTS));
    const resolved = await shardStub(c.env, 0).resolveDay(manifest.version, 0, body.as_of ?? null);
    if (!resolved.ok)
      throw new ApiError(422, "as_of_out_of_range", resolved.message, { first: resolved.first, last: resolved.last });
    const day = resolved.day;
    if (screen.lookback > day)
      throw new ApiError(
        422,
        "lookback_too_long",
        `the screen looks back ${screen.lookback} bars, but the snapshot has only ${day} before that day`,
      );
    const limit = body.limit ?? 100;
    const cache = scanCacheFor(c.env);
    const key = await scanCacheKey(manifest.version, screen.canonical, day, limit);
    const cached = await cache.get(key).catch(() => null); // a cache outage costs a recompute, never an error
    const wantsCsv = (c.req.header("accept") ?? "").includes("text/csv");
    if (cached) {
      const hit = JSON.parse(cached) as z.infer<typeof ScanResponseSchema>;
      if (wantsCsv) return csvResponse(hit);
      return c.json(
        {
          ...hit,
          meta: {
            ...hit.meta,
            cache: true,
            timings_ms: { compile: compileMs, total: Date.now() - started },
          },
        },
        200,
      );
    }
    const scan = await scanDistributed(c.env, manifest, screen, { day, limit });
    const rows = (scan.result.rows as ShardRow[]).map((r, i) => ({
      rank: i + 1,
      symbol: r.symbol,
      name: r.name,
      sector: r.sector,
      type: r.type,
      close: r.close,
      sort: r.sortKey,
      // Shown columns apart from the row's own fields: `show sector` must not overwrite `sector`.
      values: Object.fromEntries(scan.result.columns.map((col, j) => [col, r.values[j] ?? null])),
    }));
    const response = {
      meta: {
        snapshot: manifest.version,
        source: manifest.source.kind,
        demo: isDemo(manifest),
        as_of: resolved.date,
        screen: screen.canonical,
        universe: manifest.symbolCount,
        evaluated: scan.result.evaluated,
        matched: scan.result.matched,
        partial: scan.partial,
        missing_shards: [...scan.missing],
        stale: isStale(manifest.days.last),
        cache: false,
        timings_ms: {
          compile: compileMs,
          cross: scan.timings.crossMs,
          evaluate: scan.timings.evaluateMs,
          total: Date.now() - started,
        },
      },
      columns: scan.result.columns as string[],
      rows,
    };
    // A partial answer is not cached: the next request should try the missing shards again.
    if (!scan.partial) await cache.set(key, JSON.stringify(response), 86_400).catch(() => undefined);
    if (wantsCsv) return csvResponse(response);
    return c.json(response, 200);
  });

  app.doc31("/v1/openapi.json", { openapi: "3.1.0", info: { title: "Technic edge API", version: "1" } });
  return app;
}
