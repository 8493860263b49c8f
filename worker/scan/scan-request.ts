// One scan request end to end, shared by POST /v1/scan (JSON or CSV) and the SSE stream:
// compile (a bad screen is a 400 before any shard is asked), resolve the version and the
// as-of day, answer from the cache or fan out to the shards, and shape the response.

import { findBuiltinScreen } from "../../engine/screen/builtins.ts";
import { type CompiledScreen, compileScreen, compileScreenWithColumns } from "../../engine/screen/compile.ts";
import { ScreenError, formatScreenError } from "../../engine/screen/errors.ts";
import { compileJsonScreen } from "../../engine/screen/json.ts";
import { isDemo } from "../../engine/snapshot/manifest.ts";
import { ApiError } from "../api/errors.ts";
import { scanCacheFor, scanCacheKey } from "../cache/scan-cache.ts";
import type { Env } from "../env.ts";
import type { ShardRow } from "../shard/universe-shard.ts";
import { currentVersion, readManifest } from "../snapshots/r2-snapshots.ts";
import { type ScanProgress, scanDistributed, shardStub } from "./coordinator.ts";

export interface ScanRequest {
  readonly screen: string | Record<string, unknown>;
  /** Extra shown columns: expressions or indicator column names (`rsi_14`). */
  readonly columns?: readonly string[] | undefined;
  readonly as_of?: string | undefined;
  readonly limit?: number | undefined;
}

export interface ScanBody {
  meta: {
    snapshot: string;
    source: string;
    demo: boolean;
    as_of: string;
    screen: string;
    universe: number;
    evaluated: number;
    matched: number;
    partial: boolean;
    missing_shards: { shard: number; symbols: number; error: string }[];
    stale: boolean;
    cache: boolean;
    timings_ms: Record<string, number>;
  };
  columns: string[];
  rows: Record<string, unknown>[];
}

function compileRequestScreen(screen: string | Record<string, unknown>, columns: readonly string[]): CompiledScreen {
  try {
    if (typeof screen !== "string") {
      const json = compileJsonScreen(screen);
      return columns.length ? compileScreenWithColumns(json.canonical, columns) : json;
    }
    const builtin = findBuiltinScreen(screen.trim());
    const text = builtin ? builtin.text : screen;
    return columns.length ? compileScreenWithColumns(text, columns) : compileScreen(text);
  } catch (error) {
    if (error instanceof ScreenError) {
      const text = typeof screen === "string" ? screen : "";
      throw new ApiError(400, "invalid_screen", error.message, {
        ...error.toJSON(text),
        caret: text ? formatScreenError(text, error) : null,
      });
    }
    throw error;
  }
}

/** Whether the snapshot's last day is more than three weekdays behind the last weekday before today. */
export function isStale(lastDay: string, now = new Date()): boolean {
  const last = Date.parse(`${lastDay}T00:00:00Z`) / 86_400_000;
  let expected = Math.floor(now.getTime() / 86_400_000) - 1;
  while ([0, 6].includes(new Date(expected * 86_400_000).getUTCDay())) expected--;
  return last < expected - 3;
}

export async function runScan(
  env: Env,
  request: ScanRequest,
  onProgress?: (p: ScanProgress) => void | Promise<void>,
): Promise<ScanBody> {
  const started = Date.now();
  const screen = compileRequestScreen(request.screen, request.columns ?? []);
  const compileMs = Date.now() - started;
  const manifest = await readManifest(env.SNAPSHOTS, await currentVersion(env.SNAPSHOTS));
  const resolved = await shardStub(env, 0).resolveDay(manifest.version, 0, request.as_of ?? null);
  if (!resolved.ok)
    throw new ApiError(422, "as_of_out_of_range", resolved.message, { first: resolved.first, last: resolved.last });
  const day = resolved.day;
  if (screen.lookback > day)
    throw new ApiError(
      422,
      "lookback_too_long",
      `the screen looks back ${screen.lookback} bars, but the snapshot has only ${day} before that day`,
    );
  const limit = request.limit ?? 100;
  const cache = scanCacheFor(env);
  const key = await scanCacheKey(manifest.version, screen.canonical, day, limit);
  const cached = await cache.get(key).catch(() => null); // a cache outage costs a recompute, never an error
  if (cached) {
    const hit = JSON.parse(cached) as ScanBody;
    return {
      ...hit,
      meta: { ...hit.meta, cache: true, timings_ms: { compile: compileMs, total: Date.now() - started } },
    };
  }
  const scan = await scanDistributed(env, manifest, screen, { day, limit, ...(onProgress ? { onProgress } : {}) });
  const body: ScanBody = {
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
    columns: [...scan.result.columns],
    rows: (scan.result.rows as ShardRow[]).map((r, i) => ({
      rank: i + 1,
      symbol: r.symbol,
      name: r.name,
      sector: r.sector,
      type: r.type,
      close: r.close,
      sort: r.sortKey,
      // Shown columns apart from the row's own fields: `show sector` must not overwrite `sector`.
      values: Object.fromEntries(scan.result.columns.map((col, j) => [col, r.values[j] ?? null])),
    })),
  };
  // A partial answer is not cached: the next request should try the missing shards again.
  if (!scan.partial) await cache.set(key, JSON.stringify(body), 86_400).catch(() => undefined);
  return body;
}
