// The app's scan worker: holds the downloaded universe and runs screens on this device —
// compiled to WGSL on WebGPU when the browser offers an adapter (SwiftShader's fallback
// adapter included), with the JavaScript (CPU) backend otherwise. It answers in the edge
// API's shape (result-rows.ts), so the page cannot tell the engines apart except by name.

import { isoDay, parseIsoDay, type UnixDay } from "../../../engine/calendar/unix-day.ts";
import { resolveAsOf } from "../../../engine/screen/as-of.ts";
import { findBuiltinScreen } from "../../../engine/screen/builtins.ts";
import { compileScreen, type CompiledScreen } from "../../../engine/screen/compile.ts";
import { ScreenSession, type ScreenResult } from "../../../engine/screen/cpu/evaluate.ts";
import { IndicatorSeries } from "../../../engine/screen/cpu/indicator-series.ts";
import { ScreenError } from "../../../engine/screen/errors.ts";
import type { Shard } from "../../../engine/snapshot/shard-codec.ts";
import { type WasmKernelExports, useWasmKernels } from "../../../engine/indicators/wasm/wasm-kernels.ts";
import { GpuScreenBackend } from "../../../shaders/screen-gpu.ts";
import kernelsWasmUrl from "../../../engine/indicators/wasm/kernels.wasm?url";
import type { EnginePreference, WorkerEvent, WorkerRequest } from "./protocol.ts";
import { toScanBody } from "./result-rows.ts";
import { downloadSnapshot } from "./snapshot-download.ts";

interface Loaded {
  version: string;
  shards: Shard[];
  series: IndicatorSeries;
  symbols: number;
  demo: boolean;
  source: string;
}

/**
 * Indicator columns kept between scans (least recently used dropped first): a column of the
 * full universe is ~47 MB of float64, and a tab that keeps every column any screen ever
 * asked for would grow past what a browser allows.
 */
const COLUMN_BUDGET_BYTES = 512 * 1024 * 1024;

let loaded: Loaded | null = null;
let gpu: GpuScreenBackend | null = null;
let gpuTried = false;

const post = (event: WorkerEvent) => (self as unknown as Worker).postMessage(event);

/** The adapter WebGPU would use, without creating a device (that waits for the first GPU scan). */
async function probeAdapter(): Promise<{ name: string; fallback: boolean } | null> {
  const api = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!api) return null;
  try {
    const adapter = await api.requestAdapter({ powerPreference: "high-performance" });
    if (!adapter) return null;
    const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    const fallback = Boolean(
      (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? info?.isFallbackAdapter,
    );
    const name =
      [info?.vendor, info?.architecture, info?.device, info?.description].filter(Boolean).join(" ") || "unknown";
    return { name, fallback };
  } catch {
    return null;
  }
}

let adapter: { name: string; fallback: boolean } | null = null;

async function webgpu(): Promise<GpuScreenBackend | null> {
  if (gpuTried) return gpu;
  gpuTried = true;
  const api = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!api) return null;
  try {
    gpu = await GpuScreenBackend.create(api);
  } catch {
    gpu = null; // no adapter or no device: the JavaScript backend answers
  }
  return gpu;
}

const screenText = (screen: string) => findBuiltinScreen(screen.trim())?.text ?? screen;

async function load(request: Extract<WorkerRequest, { type: "load" }>): Promise<void> {
  if (loaded?.version === request.version) {
    post({
      id: request.id,
      type: "loaded",
      version: loaded.version,
      symbols: loaded.symbols,
      days: loaded.series.days,
      bytes: 0,
      fromCache: request.shards,
      ms: 0,
      gpu: adapter?.name ?? null,
      gpuFallback: adapter?.fallback ?? false,
    });
    return;
  }
  const started = performance.now();
  let bytes = 0;
  let fromCache = 0;
  const shards = await downloadSnapshot(request.base, request.version, request.shards, (p) => {
    bytes = p.bytes;
    fromCache = p.fromCache;
    post({ id: request.id, type: "progress", ...p });
  });
  loaded = {
    version: request.version,
    shards,
    series: new IndicatorSeries(shards, "SPY", undefined, { maxBytes: COLUMN_BUDGET_BYTES }),
    symbols: shards.reduce((n, s) => n + s.symbols.length, 0),
    demo: request.demo,
    source: request.source,
  };
  adapter = request.gpu === "js" ? null : await probeAdapter();
  post({
    id: request.id,
    type: "loaded",
    version: request.version,
    symbols: loaded.symbols,
    days: loaded.series.days,
    bytes,
    fromCache,
    ms: performance.now() - started,
    gpu: adapter?.name ?? null,
    gpuFallback: adapter?.fallback ?? false,
  });
}

/**
 * Loads run one at a time, in order: a new snapshot version announced while one is still
 * downloading waits for it (scans meanwhile use whichever version is loaded), and a load
 * overtaken by a newer request before it starts is skipped rather than run.
 */
let newestRequested: string | null = null;
let loads: Promise<void> = Promise.resolve();
function queueLoad(request: Extract<WorkerRequest, { type: "load" }>): Promise<void> {
  newestRequested = request.version;
  const run = loads.then(() => {
    if (request.version !== newestRequested && loaded?.version !== request.version)
      throw new Error(`snapshot ${request.version} was superseded by ${newestRequested} before it loaded`);
    return load(request);
  });
  loads = run.catch(() => undefined);
  return run;
}

function dayOf(state: Loaded, asOf: string | undefined): number | undefined {
  if (!asOf) return undefined;
  const day = parseIsoDay(asOf);
  if (day === null) throw new Error(`"${asOf}" is not a date (YYYY-MM-DD)`);
  return resolveAsOf((state.shards[0] as Shard).days, day);
}

async function runScreen(
  state: Loaded,
  screen: CompiledScreen,
  engine: EnginePreference,
  options: { day?: number; limit?: number },
): Promise<{ result: ScreenResult; engine: "webgpu" | "js"; detail: string }> {
  const useJs = engine === "js" || (engine === "live" && (adapter?.fallback ?? true));
  const backend = useJs ? null : await webgpu();
  if (engine === "webgpu" && !backend) throw new Error("WebGPU is not available in this browser");
  if (backend)
    return {
      result: await backend.evaluate(screen, state.series, options),
      engine: "webgpu",
      detail: backend.adapterInfo,
    };
  return {
    result: new ScreenSession(screen, state.series).run(options),
    engine: "js",
    detail: (await wasmKernels) ? "JavaScript (CPU), indicators in WebAssembly" : "JavaScript (CPU)",
  };
}

async function scan(request: Extract<WorkerRequest, { type: "scan" }>): Promise<void> {
  const state = loaded;
  if (!state) throw new Error("the universe is not on this device yet");
  const started = performance.now();
  const screen = compileScreen(screenText(request.screen));
  const compiled = performance.now();
  const day = dayOf(state, request.asOf);
  state.series.ensure(screen.indicators);
  const indicators = performance.now();
  const run = await runScreen(state, screen, request.engine, {
    ...(day !== undefined ? { day } : {}),
    limit: request.limit,
  });
  const done = performance.now();
  const body = toScanBody(screen, run.result, state.shards, {
    version: state.version,
    source: state.source,
    demo: state.demo,
    universe: state.symbols,
    timings: {
      compile: round(compiled - started),
      indicators: round(indicators - compiled),
      evaluate: round(done - indicators),
      total: round(done - started),
    },
  });
  post({ id: request.id, type: "scanned", body, engine: run.engine, detail: run.detail, ms: done - started });
}

/** The days in the last `days` on which `symbol` was in the screen's answer (chart markers). */
function history(request: Extract<WorkerRequest, { type: "history" }>): void {
  const state = loaded;
  if (!state) throw new Error("the universe is not on this device yet");
  const started = performance.now();
  const screen = compileScreen(screenText(request.screen));
  const session = new ScreenSession(screen, state.series);
  const axis = (state.shards[0] as Shard).days;
  const last = axis.length - 1;
  const first = Math.max(screen.lookback, last - request.days + 1);
  const dates: string[] = [];
  for (let day = first; day <= last; day++) {
    const result = session.run({ day });
    if (result.rows.some((r) => r.symbol === request.symbol)) dates.push(isoDay(axis[day] as UnixDay));
  }
  post({ id: request.id, type: "history", dates, ms: performance.now() - started });
}

/** The page is going away: give the GPU device back now rather than when the worker is collected. */
function dispose(): void {
  gpu?.destroy();
  gpu = null;
  self.close();
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * The indicator kernels in WebAssembly (identical results, faster: docs/indicators.md),
 * compiled once from the precached asset; if that fails the TypeScript kernels run.
 */
const wasmKernels = (async () => {
  try {
    const module = await WebAssembly.compile(await (await fetch(kernelsWasmUrl)).arrayBuffer());
    useWasmKernels(() => new WebAssembly.Instance(module, {}).exports as unknown as WasmKernelExports);
    return true;
  } catch {
    return false;
  }
})();

self.onmessage = async (message: MessageEvent<WorkerRequest>) => {
  const request = message.data;
  await wasmKernels;
  try {
    if (request.type === "load") await queueLoad(request);
    else if (request.type === "scan") await scan(request);
    else if (request.type === "history") history(request);
    else dispose();
  } catch (error) {
    const problem =
      error instanceof ScreenError && (request.type === "scan" || request.type === "history")
        ? error.toJSON(screenText(request.screen))
        : undefined;
    post({ id: request.id, type: "error", message: (error as Error).message, problem });
  }
};
