// `npm run bench -- web`: the web app's budgets and client-side speed.
// - Bundle sizes (gzip): the JS the first paint needs (target < 250 KB), the lazy chunks
//   (editor, chart, scan worker) and the widget (target < 30 KB).
// - The compact snapshot download of the full real universe (target < 40 MB; less for the
//   last 300 days): compact-suite.ts.
// - On `npm start`'s local stack with the real universe, in headless Chromium: time to first
//   results in a fresh browser (target < 2 s), the universe download, and each built-in
//   screen on the device with the JavaScript backend and with WebGPU — SwiftShader, i.e.
//   the CPU emulating a GPU: a correctness run whose times say nothing of GPU speed.

import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { ensureWebBuilt, WEB_DIST } from "../../cli/web/build-web.ts";
import { startLocalStack } from "../support/local-stack.ts";
import { runCli, tempDir } from "../support/run-cli.ts";
import { hasSharedData, REAL_PRICES, sharedDataSkipMessage } from "../support/shared-data.ts";
import { compactSnapshotFigures } from "./compact-suite.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

function bundleSizes(): Record<string, number> {
  const html = readFileSync(join(WEB_DIST, "index.html"), "utf8");
  // What the first paint loads: the entry script, its modulepreloads and the stylesheet.
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
  const assets = readdirSync(join(WEB_DIST, "assets"));
  const lazy = (prefix: string) =>
    assets.filter((a) => a.startsWith(prefix)).reduce((n, a) => n + gz(join(WEB_DIST, "assets", a)), 0);
  return {
    initialGzip: initial.reduce((n, f) => n + gz(join(WEB_DIST, f)), 0),
    editorGzip: lazy("codemirror-editor"),
    chartGzip: lazy("symbol-chart"),
    scanWorkerGzip: lazy("scan-worker"),
    widgetGzip: gz(join(WEB_DIST, "widget.js")),
  };
}

interface DeviceScan {
  id: string;
  matched: number;
  jsColdMs: number;
  jsWarmMs: number;
  webgpuMs: number;
}

async function clientSide(dataDir: string): Promise<Record<string, unknown>> {
  const stack = await startLocalStack("bench-web", { TECHNIC_DATA_DIR: dataDir });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--enable-unsafe-webgpu", ...ARGS],
  });
  try {
    const screens = ((await (await fetch(`${stack.url}/v1/screens`)).json()) as { screens: { id: string }[] }).screens;
    // Warm the stack (Durable Objects loaded, as a running deployment is), then open the app
    // in a fresh browser context: no cache, no service worker, no saved results.
    await fetch(`${stack.url}/v1/scan`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"screen":"momentum-leaders"}',
    });
    const firstResults: number[] = [];
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(`${stack.url}/scan?screen=momentum-leaders`);
      await page.waitForSelector('[data-testid="grid-body"] [role="row"]', { timeout: 60_000 });
      firstResults.push(Date.now() - started);
      await context.close();
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${stack.url}/`);
    await page.waitForFunction(
      () => /on device/.test(document.querySelector('[data-testid="local-status"]')?.textContent ?? ""),
      null,
      {
        timeout: 600_000,
      },
    );
    const downloadMs = Date.now() - started;
    const engine = (await page.textContent('[data-testid="local-status"]')) ?? "";
    const run = (id: string, engine: string) =>
      page.evaluate(
        ([s, e]) =>
          (
            window as unknown as {
              technic: { scan: (s: string, e: string) => Promise<{ ms: number; body: { meta: { matched: number } } }> };
            }
          ).technic.scan(s as string, e as string),
        [id, engine],
      );
    const scans: DeviceScan[] = [];
    for (const { id } of screens) {
      const cold = await run(id, "js");
      const warm = await run(id, "js");
      const gpu = await run(id, "webgpu");
      scans.push({ id, matched: cold.body.meta.matched, jsColdMs: cold.ms, jsWarmMs: warm.ms, webgpuMs: gpu.ms });
    }
    return { firstResultsMs: firstResults, downloadMs, engine, scans };
  } finally {
    await browser.close();
    await stack.stop();
  }
}

export async function webSuite(): Promise<Record<string, unknown>> {
  await ensureWebBuilt((line) => console.log(line));
  const sizes = bundleSizes();
  console.log("bundle sizes (gzip -9):");
  console.log(`  initial JS + CSS  ${kb(sizes.initialGzip ?? 0)}   target < 250 KB`);
  console.log(`  editor (lazy)     ${kb(sizes.editorGzip ?? 0)}`);
  console.log(`  chart (lazy)      ${kb(sizes.chartGzip ?? 0)}`);
  console.log(`  scan worker (lazy) ${kb(sizes.scanWorkerGzip ?? 0)}`);
  console.log(`  widget.js         ${kb(sizes.widgetGzip ?? 0)}   target < 30 KB`);
  if (!hasSharedData || !existsSync(CHROMIUM)) {
    console.log(hasSharedData ? `client-side figures need ${CHROMIUM}` : sharedDataSkipMessage());
    return { sizes };
  }
  const compact = await compactSnapshotFigures();
  const tmp = tempDir("bench-web");
  try {
    const real = join(tmp.path, "real");
    const imported = runCli(["import", REAL_PRICES], { TECHNIC_DATA_DIR: real });
    if (imported.status !== 0) throw new Error(imported.stderr);
    const client = await clientSide(real);
    const first = client.firstResultsMs as number[];
    console.log(`\nreal universe on npm start's local stack, headless Chromium (${client.engine}):`);
    console.log(`  time to first results, fresh browser: ${first.map((ms) => `${ms} ms`).join(", ")}   target < 2 s`);
    console.log(
      `  universe download + decode (compact, first time, encoded by the Worker): ${(client.downloadMs as number) / 1000} s`,
    );
    console.log("  on-device scans (ms; WebGPU is SwiftShader, the CPU emulating a GPU — not GPU speed):");
    console.log(
      `  ${"screen".padEnd(30)} ${"matched".padStart(7)} ${"JS cold".padStart(9)} ${"JS warm".padStart(9)} ${"WebGPU*".padStart(9)}`,
    );
    for (const s of client.scans as DeviceScan[])
      console.log(
        `  ${s.id.padEnd(30)} ${String(s.matched).padStart(7)} ${s.jsColdMs.toFixed(0).padStart(9)} ${s.jsWarmMs.toFixed(0).padStart(9)} ${s.webgpuMs.toFixed(0).padStart(9)}`,
      );
    return { sizes, compact, client };
  } finally {
    tmp.remove();
  }
}
