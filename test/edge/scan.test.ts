// The edge API in the real Workers runtime (vitest-pool-workers): a demo universe published
// to R2, scans fanned out to the UniverseShard Durable Objects, and the distributed answer
// compared with the engine's single-process answer — it must be the same, for every
// built-in screen, cross-sectional ranks included.

import { SELF, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { IngestReport } from "../../engine/bars/ingest-report.ts";
import { generateDemoUniverse } from "../../engine/demo/index.ts";
import { BUILTIN_SCREENS } from "../../engine/screen/builtins.ts";
import { compileScreen } from "../../engine/screen/compile.ts";
import { evaluateScreen } from "../../engine/screen/cpu/evaluate.ts";
import { IndicatorSeries } from "../../engine/screen/cpu/indicator-series.ts";
import { buildSnapshot } from "../../engine/snapshot/snapshot-builder.ts";
import { loadUniverse, type Universe } from "../../engine/snapshot/universe.ts";
import { UniverseBuilder } from "../../engine/snapshot/universe-builder.ts";
import { publishToR2 } from "../../worker/snapshots/r2-snapshots.ts";

let universe: Universe;

async function publishDemo(seed: number, symbols: number): Promise<Universe> {
  const builder = new UniverseBuilder(new IngestReport());
  generateDemoUniverse(builder, { symbols, days: 260, seed });
  const built = await buildSnapshot(builder.build().table, {
    source: { kind: "demo", label: "demo data (synthetic)", detail: "edge test" },
    ingest: { rowsRead: 0, rowsKept: 0, rowsRejected: 0 },
    shardCount: 4,
  });
  await publishToR2(env.SNAPSHOTS, built.manifest, built.shards);
  return loadUniverse(built.manifest, async (e) => built.shards[e.index] as Uint8Array);
}

// The response body as the tests read it: fields by name, checked by the assertions.
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function scan(body: unknown): Promise<{ status: number; json: Body }> {
  const res = await SELF.fetch("https://technic.test/v1/scan", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Body };
}

const relax = (text: string) => text.replace("dollar_volume(20) > 5000000", "dollar_volume(20) > 100000");

beforeAll(async () => {
  universe = await publishDemo(3, 240);
});

describe("POST /v1/scan on Durable Objects over R2", () => {
  it("returns the engine's single-process answer for every built-in screen", async () => {
    const local = new IndicatorSeries(universe.shards);
    let matched = 0;
    for (const b of BUILTIN_SCREENS) {
      const text = relax(b.text);
      const { status, json } = await scan({ screen: text, limit: 50 });
      expect(status, JSON.stringify(json)).toBe(200);
      const want = evaluateScreen(compileScreen(text), local, { limit: 50 });
      expect(json.meta.matched, b.id).toBe(want.matched);
      expect(json.meta.evaluated, b.id).toBe(want.evaluated);
      expect(
        json.rows.map((r: { symbol: string }) => r.symbol),
        b.id,
      ).toEqual(want.rows.map((r) => r.symbol));
      expect(json.meta.partial).toBe(false);
      matched += want.matched;
    }
    expect(matched).toBeGreaterThan(0);
  });

  it("ranks cross-sectional terms over the whole universe, not per shard", async () => {
    const text = "close > 0 sort by percentile(roc(21)) desc show percentile(roc(21)) as pct, rank(roc(21)) as r";
    const { json } = await scan({ screen: text, limit: 500 });
    const want = evaluateScreen(compileScreen(text), new IndicatorSeries(universe.shards), { limit: 500 });
    expect(json.rows.map((r: Body) => r.values.pct)).toEqual(want.rows.map((r) => r.values[0]));
    expect(json.rows.map((r: Body) => r.values.r)).toEqual(want.rows.map((r) => r.values[1]));
    // One ranking across all four shards: rank 1 exists once, and ranks reach past any one shard's size.
    const ranks: number[] = json.rows.map((r: Body) => r.values.r);
    expect(ranks.filter((r) => r === 1)).toHaveLength(1);
    expect(Math.max(...ranks)).toBeGreaterThan(Math.max(...universe.shards.map((s) => s.symbols.length)));
  });

  it("answers bad input with the error shape and the right status", async () => {
    const bad = await scan({ screen: "close > smaa(50)" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid_screen");
    expect(bad.json.error.details).toMatchObject({ line: 1, column: 9 });
    expect(bad.json.error.details.caret).toContain("^^^^");
    const asOf = await scan({ screen: "close > 1", as_of: "1999-01-04" });
    expect(asOf.status).toBe(422);
    expect(asOf.json.error.message).toMatch(/outside the snapshot, which covers/);
    const schema = await scan({ screen: 42 });
    expect(schema.status).toBe(400);
    const big = await SELF.fetch("https://technic.test/v1/scan", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ screen: "x".repeat(70_000) }),
    });
    expect(big.status).toBe(413);
    const missing = await SELF.fetch("https://technic.test/v1/nothing");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it("adds requested columns (indicator names or expressions) to a screen's own", async () => {
    const { status, json } = await scan({
      screen: "close > 5 sort by rsi(14) desc top 3 show sector",
      columns: ["rsi_14", "close / sma(50)"],
      limit: 3,
    });
    expect(status).toBe(200);
    expect(json.columns).toEqual(["sector", "rsi_14", "close_sma_close_50"]);
    expect(json.rows[0].values.rsi_14).toBe(json.rows[0].sort);
    const bad = await scan({ screen: "close > 5", columns: ["rsii_14"] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/did you mean `rsi`/);
  });

  it("answers in CSV with Accept: text/csv", async () => {
    const res = await SELF.fetch("https://technic.test/v1/scan", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/csv" },
      body: JSON.stringify({ screen: "close > 5 sort by rsi(14) desc top 7 show rsi(14) as rsi, sector", limit: 7 }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split("\n");
    expect(lines[0]).toBe("rank,symbol,name,sector,type,close,sort,rsi,sector_shown");
    expect(lines).toHaveLength(8);
    expect(lines[1]).toMatch(/^1,/);
  });

  it("streams progress per shard, then the result, as Server-Sent Events", async () => {
    const screen = "close > 5 sort by percentile(roc(21)) desc top 5";
    const res = await SELF.fetch(`https://technic.test/v1/scan/stream?screen=${encodeURIComponent(screen)}&limit=5`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = (await res.text())
      .trim()
      .split("\n\n")
      .map((block) => {
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1] ?? "null";
        return { event, data: JSON.parse(data) as Body };
      });
    const progress = events.filter((e) => e.event === "progress");
    // Four shards, ranked then evaluated: a progress event per shard and phase.
    expect(progress.filter((e) => e.data.phase === "rank").map((e) => e.data.done)).toEqual([1, 2, 3, 4]);
    const evaluate = progress.filter((e) => e.data.phase === "evaluate");
    expect(evaluate.map((e) => e.data.done)).toEqual([1, 2, 3, 4]);
    expect(evaluate.every((e) => e.data.total === 4)).toBe(true);
    const result = events[events.length - 1];
    expect(result?.event).toBe("result");
    expect(result?.data.rows).toHaveLength(5);
    expect(evaluate[3]?.data.matched_so_far).toBe(result?.data.meta.matched);

    const bad = await SELF.fetch("https://technic.test/v1/scan/stream?screen=close%20%3E%20smaa(5)");
    const text = await bad.text();
    expect(text).toMatch(/^event: error$/m);
    expect(text).toContain("did you mean `sma`?");
  });

  it("serves a symbol: metadata, latest indicators, and bars with series for charts", async () => {
    const table = universe.shards.find((t) => t.symbols.some((i) => i.symbol === "SPY")) ?? universe.shards[0];
    const info = table?.symbols.find((i) => i.type === "stock") ?? table?.symbols[0];
    const res = await SELF.fetch(
      `https://technic.test/v1/symbols/${info?.symbol.toLowerCase()}?days=30&indicators=rsi_14,sma_20`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Body;
    expect(body.info.symbol).toBe(info?.symbol);
    expect(body.bars).toHaveLength(30);
    expect(body.series.rsi_14).toHaveLength(30);
    expect(body.latest.rsi_14).toBeGreaterThanOrEqual(0);
    expect(body.latest.rsi_14).toBeLessThanOrEqual(100);
    expect(body.latest.rsi_14).toBe(body.series.rsi_14[29]);
    // The default set when none is asked for.
    const defaults = (await (await SELF.fetch(`https://technic.test/v1/symbols/${info?.symbol}`)).json()) as Body;
    expect(Object.keys(defaults.latest)).toContain("macd_signal_12_26_9");
    expect(defaults.bars).toHaveLength(0);
    expect((await SELF.fetch("https://technic.test/v1/symbols/NOPE1")).status).toBe(404);
    const bad = await SELF.fetch(`https://technic.test/v1/symbols/${info?.symbol}?indicators=rsii_14`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Body).error.message).toMatch(/did you mean "rsi"/);
  });

  it("serves the snapshot to clients that scan locally: manifest, then immutable, verifiable shards", async () => {
    const manifest = (await (await SELF.fetch("https://technic.test/v1/snapshot")).json()) as {
      version: string;
      shards: { index: number; sha256: string; bytes: number }[];
    };
    expect(manifest.version).toBe(universe.manifest.version);
    const entry = manifest.shards[1] as { index: number; sha256: string; bytes: number };
    const res = await SELF.fetch(`https://technic.test/v1/snapshot/${manifest.version}/shards/1`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("immutable");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.length).toBe(entry.bytes);
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))]
      .map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    expect(digest).toBe(entry.sha256);
    const again = await SELF.fetch(`https://technic.test/v1/snapshot/${manifest.version}/shards/1`, {
      headers: { "if-none-match": `"${entry.sha256}"` },
    });
    expect(again.status).toBe(304);
    expect((await SELF.fetch(`https://technic.test/v1/snapshot/${manifest.version}/shards/99`)).status).toBe(404);
  });

  it("serves the built-ins, the universe and the OpenAPI document", async () => {
    const screens = (await (await SELF.fetch("https://technic.test/v1/screens")).json()) as { screens: unknown[] };
    expect(screens.screens.length).toBe(BUILTIN_SCREENS.length);
    const u = (await (await SELF.fetch("https://technic.test/v1/universe")).json()) as {
      demo: boolean;
      symbols: number;
    };
    expect(u).toMatchObject({ demo: true, symbols: universe.symbolCount });
    const doc = (await (await SELF.fetch("https://technic.test/v1/openapi.json")).json()) as {
      openapi: string;
      paths: object;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/scan", "/v1/screens", "/v1/universe", "/health"]),
    );
  });

  it("serves a repeated scan from the cache, saying so", async () => {
    const body = { screen: "close > 5 and rsi(14) < 50 sort by rsi(14) top 15", limit: 15 };
    const first = await scan(body);
    const second = await scan(body);
    expect(first.json.meta.cache).toBe(false);
    expect(second.json.meta.cache).toBe(true);
    expect(second.json.rows).toEqual(first.json.rows);
    // Another limit or as-of is another answer, not a hit.
    expect((await scan({ ...body, limit: 5 })).json.meta.cache).toBe(false);
  });

  it("picks up a new snapshot version without a restart, and never serves the old version's cached result", async () => {
    await scan({ screen: "close > 0", limit: 1 });
    const before = await scan({ screen: "close > 0", limit: 1 });
    expect(before.json.meta.cache, "the same request twice is a hit").toBe(true);
    const next = await publishDemo(4, 200);
    const after = await scan({ screen: "close > 0", limit: 1 });
    expect(after.json.meta.cache, "a new version misses the cache").toBe(false);
    expect(after.json.meta.snapshot).toBe(next.manifest.version);
    expect(after.json.meta.snapshot).not.toBe(before.json.meta.snapshot);
    expect(after.json.meta.universe).toBe(next.symbolCount);
    universe = next;
  });

  it("reports a failing shard as missing and marks the answer partial, never dropping it silently", async () => {
    const next = await publishDemo(5, 220);
    const version = next.manifest.version;
    const lost = next.manifest.shards[2];
    const key = `snapshots/${version}/${lost?.file}`;
    const bytes = await (await env.SNAPSHOTS.get(key))?.arrayBuffer();
    await env.SNAPSHOTS.delete(key);
    const broken = await scan({ screen: "close > 0 sort by close desc", limit: 1000 });
    expect(broken.status).toBe(200);
    expect(broken.json.meta.partial).toBe(true);
    expect(broken.json.meta.missing_shards).toEqual([
      expect.objectContaining({ shard: 2, symbols: lost?.symbols, error: expect.stringMatching(/missing from R2/) }),
    ]);
    expect(broken.json.meta.evaluated).toBeLessThan(next.symbolCount);
    expect(broken.json.meta.cache).toBe(false);
    // Restored, the same scan is whole again (a partial answer was not cached).
    await env.SNAPSHOTS.put(key, bytes as ArrayBuffer);
    const whole = await scan({ screen: "close > 0 sort by close desc", limit: 1000 });
    expect(whole.json.meta.partial).toBe(false);
    expect(whole.json.meta.evaluated).toBeGreaterThan(broken.json.meta.evaluated);
    universe = next;
  });
});
