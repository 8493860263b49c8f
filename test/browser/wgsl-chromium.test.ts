// The WGSL backend in a real browser: headless Chromium (Debian's, with WebGPU on
// SwiftShader) runs the engine and the generated shaders for every built-in screen on the
// demo universe, and its answers must equal Node's — the same symbols as Node's float32
// reference evaluation, values within float32 tolerance of the CPU backend.

import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IngestReport } from "../../engine/bars/ingest-report.ts";
import { generateDemoUniverse } from "../../engine/demo/index.ts";
import { benchmarkAxis } from "../../engine/indicators/universe-indicators.ts";
import { BUILTIN_SCREENS } from "../../engine/screen/builtins.ts";
import { compileScreen } from "../../engine/screen/compile.ts";
import type { ScreenResult } from "../../engine/screen/cpu/evaluate.ts";
import { UniverseBuilder } from "../../engine/snapshot/universe-builder.ts";
import { referenceEvaluate } from "../screen/reference-evaluator.ts";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(`skipping the Chromium WGSL tests: ${CHROMIUM} is not installed (apt-get install chromium)`);

const DEMO = { symbols: 250, days: 280, seed: 13 };
const DAY = 279;
const relax = (text: string) => text.replace("dollar_volume(20) > 5000000", "dollar_volume(20) > 100000");

describe.skipIf(!haveChromium)("WGSL backend in headless Chromium (WebGPU)", () => {
  let server: Server;
  let browser: Browser;
  let url = "";

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [new URL("./wgsl-page.ts", import.meta.url).pathname],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "chrome120",
      write: false,
    });
    const js = bundle.outputFiles[0]?.text ?? "";
    server = createServer((req, res) => {
      if (req.url === "/page.js") {
        res.writeHead(200, { "content-type": "text/javascript" });
        res.end(js);
      } else {
        res.writeHead(200, { "content-type": "text/html" });
        res.end('<!doctype html><title>technic wgsl</title><script type="module" src="/page.js"></script>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--enable-unsafe-webgpu",
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it("selects what Node's float32 reference selects, for every built-in screen", async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => "technicRun" in globalThis);
    const texts = BUILTIN_SCREENS.map((b) => relax(b.text));
    const result = (await page.evaluate(
      ([t, d, day]) =>
        (globalThis as unknown as { technicRun: (...a: unknown[]) => Promise<unknown> }).technicRun(t, d, day),
      [texts, DEMO, DAY] as const,
    )) as { adapter: string; fallback: boolean; screens: { text: string; gpu: ScreenResult; cpu: ScreenResult }[] };
    await page.close();
    expect(result.adapter.length).toBeGreaterThan(0);
    console.info(`Chromium WebGPU adapter: ${result.adapter}${result.fallback ? " (fallback adapter)" : ""}`);

    // Node's own view of the same demo universe.
    const builder = new UniverseBuilder(new IngestReport());
    generateDemoUniverse(builder, DEMO);
    const { table } = builder.build();
    const bench = benchmarkAxis([table], "SPY");
    let matched = 0;
    for (const s of result.screens) {
      const screen = compileScreen(s.text);
      const f32 = referenceEvaluate(screen, [table], DAY, bench, { f32: true });
      const f64 = referenceEvaluate(screen, [table], DAY, bench);
      expect(s.gpu.matched, `${s.text}: matched on the browser's GPU`).toBe(f32.matched);
      expect(new Set(s.gpu.rows.map((r) => r.symbol)), `${s.text}: selection`).toEqual(
        new Set(f32.rows.map((r) => r.symbol)),
      );
      expect(
        s.cpu.rows.map((r) => r.symbol),
        `${s.text}: the browser's CPU backend`,
      ).toEqual(f64.rows.map((r) => r.symbol));
      const cpu = new Map(s.cpu.rows.map((r) => [r.symbol, r]));
      for (const row of s.gpu.rows) {
        const want = cpu.get(row.symbol);
        if (!want || row.sortKey === null || want.sortKey === null) continue;
        expect(Math.abs(row.sortKey - want.sortKey), `${s.text}: ${row.symbol}`).toBeLessThanOrEqual(
          2e-5 * Math.max(1, Math.abs(want.sortKey)),
        );
      }
      matched += s.gpu.matched;
    }
    expect(matched, "the built-ins select something on the demo universe").toBeGreaterThan(0);
  });
});
