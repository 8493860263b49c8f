// The coordinator of a distributed scan: fans a compiled screen out to every UniverseShard
// in parallel, ranks cross-sectional terms over the whole universe between the two phases
// (shards return raw values; ranks are never per shard), and merges the rows
// deterministically (sort key, then symbol). A shard that fails or runs past its time budget
// is retried once; if it fails again the answer is marked partial and says which shards —
// and how many symbols — are missing. Nothing is dropped silently.

import type { CompiledScreen } from "../../engine/screen/compile.ts";
import { crossSection } from "../../engine/screen/cpu/cross-section.ts";
import { type CrossInput, type ScreenResult, mergeResults } from "../../engine/screen/cpu/evaluate.ts";
import type { Manifest } from "../../engine/snapshot/manifest.ts";
import type { Env } from "../env.ts";

export interface ScanTimings {
  readonly crossMs: number;
  readonly evaluateMs: number;
  readonly totalMs: number;
}

export interface MissingShard {
  readonly shard: number;
  readonly symbols: number;
  readonly error: string;
}

export interface DistributedResult {
  readonly result: ScreenResult;
  readonly partial: boolean;
  readonly missing: readonly MissingShard[];
  readonly timings: ScanTimings;
}

/** Reported as each shard finishes a phase (the SSE stream's progress events). */
export interface ScanProgress {
  readonly phase: "rank" | "evaluate";
  readonly done: number;
  readonly total: number;
  /** Matches in the shards that have answered so far (evaluate phase). */
  readonly matchedSoFar: number;
}

export interface ScanOptions {
  readonly day: number;
  readonly limit?: number;
  readonly onProgress?: (p: ScanProgress) => void | Promise<void>;
  /** Per shard call, before the one retry. */
  readonly shardTimeoutMs?: number;
}

export function shardStub(env: Env, shard: number) {
  return env.UNIVERSE_SHARD.get(env.UNIVERSE_SHARD.idFromName(`shard-${shard}`));
}

async function withRetry<T>(call: () => Promise<T>, timeoutMs: number): Promise<T> {
  const once = () =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      call().then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  try {
    return await once();
  } catch {
    return await once();
  }
}

export async function scanDistributed(
  env: Env,
  manifest: Manifest,
  screen: CompiledScreen,
  options: ScanOptions,
): Promise<DistributedResult> {
  const started = Date.now();
  const timeout = options.shardTimeoutMs ?? 10_000;
  const shards = manifest.shards.map((s) => s.index);
  const call = { version: manifest.version, screen: screen.canonical, day: options.day };
  const missing = new Map<number, MissingShard>();
  const fail = (shard: number, error: unknown) =>
    missing.set(shard, {
      shard,
      symbols: manifest.shards[shard]?.symbols ?? 0,
      error: (error as Error)?.message ?? String(error),
    });

  let done = 0;
  let matchedSoFar = 0;
  const progress = async (phase: ScanProgress["phase"], total: number) => {
    done++;
    await options.onProgress?.({ phase, done, total, matchedSoFar });
  };

  // Phase one: raw values of every cross-sectional argument, ranked across all shards here.
  let crossByShard: Map<number, Record<string, Float64Array>> | null = null;
  const crossStarted = Date.now();
  if (screen.crossSectional) {
    const inputs = await Promise.all(
      shards.map((shard) =>
        withRetry(() => shardStub(env, shard).crossInputs({ ...call, shard }), timeout).then(
          async (v) => {
            await progress("rank", shards.length);
            return v as CrossInput[];
          },
          (e: unknown) => {
            fail(shard, e);
            return null;
          },
        ),
      ),
    );
    const answered = shards.filter((_, i) => inputs[i] !== null);
    crossByShard = new Map(answered.map((s) => [s, {}]));
    const first = inputs.find((x) => x !== null) ?? [];
    first.forEach((node, j) => {
      const values = answered.map(
        (s) => ((inputs[shards.indexOf(s)] as CrossInput[])[j] as CrossInput).values[0] as Float64Array,
      );
      const groups =
        node.op === "sector_rank"
          ? answered.map((s) => ((inputs[shards.indexOf(s)] as CrossInput[])[j] as CrossInput).groups?.[0] ?? [])
          : undefined;
      const ranked = crossSection(node.op, values, groups);
      answered.forEach((s, k) => {
        (crossByShard?.get(s) as Record<string, Float64Array>)[node.key] = ranked[k] as Float64Array;
      });
    });
  }
  const crossMs = Date.now() - crossStarted;

  // Phase two: each shard's rows, cut to the limit; merged here.
  const evaluateStarted = Date.now();
  const live = shards.filter((s) => !missing.has(s));
  done = 0;
  const parts = await Promise.all(
    live.map((shard) =>
      withRetry(
        () =>
          shardStub(env, shard).evaluate({
            ...call,
            shard,
            ...(options.limit !== undefined ? { limit: options.limit } : {}),
            ...(crossByShard ? { cross: crossByShard.get(shard) } : {}),
          }),
        timeout,
      ).then(
        async (v) => {
          matchedSoFar += (v as ScreenResult).matched;
          await progress("evaluate", live.length);
          return v as ScreenResult;
        },
        (e: unknown) => {
          fail(shard, e);
          return null;
        },
      ),
    ),
  );
  const result = mergeResults(
    screen,
    parts.filter((p): p is ScreenResult => p !== null),
    options.limit,
  );
  return {
    result: { ...result, day: options.day },
    partial: missing.size > 0,
    missing: [...missing.values()].sort((a, b) => a.shard - b.shard),
    timings: { crossMs, evaluateMs: Date.now() - evaluateStarted, totalMs: Date.now() - started },
  };
}
