// The Node host's WebAssembly kernels: compiles engine/indicators/wasm/kernels.wasm once per
// thread and registers a factory so every PlanRunner afterwards runs its batch kernels in
// wasm (identical results, ~2x the speed on Node 20: see docs/benchmarks.md).
// TECHNIC_WASM=0 keeps the JavaScript kernels, for comparison or diagnosis.
//
// kernels-shared.wasm is the same code over an imported shared memory: the IndicatorPool
// puts a universe's states in one such memory and each worker thread instantiates the
// kernels over it, so every thread's daily update runs in wasm on the shards it holds.

import { readFileSync } from "node:fs";
import {
  WASM_PAGE,
  type WasmKernelExports,
  type WasmMemory,
  useWasmKernels,
} from "../../engine/indicators/wasm/wasm-kernels.ts";

const WASM_FILE = new URL("../../engine/indicators/wasm/kernels.wasm", import.meta.url);
const SHARED_WASM_FILE = new URL("../../engine/indicators/wasm/kernels-shared.wasm", import.meta.url);
/** The shared variant declares this maximum (npm run build:wasm): 4 GB, all of wasm32. */
const SHARED_MAXIMUM_PAGES = 65_536;

// Node has the WebAssembly global; @types/node only declares its types, not the value.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | null = null;
let compiledShared: object | null = null;

/** The compiled module (once per thread). */
export function wasmKernelsModule(): object {
  compiled ??= new wasmApi.Module(readFileSync(WASM_FILE));
  return compiled;
}

/** A fresh instance's exports (its own memory). */
export function instantiateWasmKernels(): WasmKernelExports {
  return new wasmApi.Instance(wasmKernelsModule(), {}).exports as WasmKernelExports;
}

/** Whether this process runs the wasm kernels (TECHNIC_WASM=0 turns them off). */
export function wasmKernelsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TECHNIC_WASM !== "0";
}

/** A shared memory of `bytes` (rounded up to pages) for kernels-shared.wasm; it can be posted to worker threads. */
export function sharedWasmMemory(bytes: number): WasmMemory {
  const pages = Math.ceil(bytes / WASM_PAGE);
  if (pages > SHARED_MAXIMUM_PAGES) throw new RangeError(`${bytes} bytes do not fit a wasm32 memory (4 GB)`);
  return new wasmApi.Memory({ initial: pages, maximum: SHARED_MAXIMUM_PAGES, shared: true });
}

/** The kernels over `memory` (from `sharedWasmMemory`, possibly made on another thread). */
export function instantiateSharedWasmKernels(memory: WasmMemory): WasmKernelExports {
  compiledShared ??= new wasmApi.Module(readFileSync(SHARED_WASM_FILE));
  return new wasmApi.Instance(compiledShared, { env: { memory } }).exports as WasmKernelExports;
}

/** Registers the wasm kernels for this thread unless TECHNIC_WASM=0. Returns whether they are on. */
export function registerWasmKernels(env: NodeJS.ProcessEnv = process.env): boolean {
  if (!wasmKernelsEnabled(env)) {
    useWasmKernels(null);
    return false;
  }
  useWasmKernels(instantiateWasmKernels);
  return true;
}
