// The Node host's WebAssembly kernels: compiles engine/indicators/wasm/kernels.wasm once per
// thread and registers a factory so every PlanRunner afterwards runs its batch kernels in
// wasm (identical results, ~2x the speed on Node 20: see docs/benchmarks.md).
// TECHNIC_WASM=0 keeps the JavaScript kernels, for comparison or diagnosis.

import { readFileSync } from "node:fs";
import { type WasmKernelExports, useWasmKernels } from "../../engine/indicators/wasm/wasm-kernels.ts";

const WASM_FILE = new URL("../../engine/indicators/wasm/kernels.wasm", import.meta.url);

// Node has the WebAssembly global; @types/node only declares its types, not the value.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | null = null;

/** The compiled module (once per thread). */
export function wasmKernelsModule(): object {
  compiled ??= new wasmApi.Module(readFileSync(WASM_FILE));
  return compiled;
}

/** A fresh instance's exports (its own memory). */
export function instantiateWasmKernels(): WasmKernelExports {
  return new wasmApi.Instance(wasmKernelsModule(), {}).exports as WasmKernelExports;
}

/** Registers the wasm kernels for this thread unless TECHNIC_WASM=0. Returns whether they are on. */
export function registerWasmKernels(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.TECHNIC_WASM === "0") {
    useWasmKernels(null);
    return false;
  }
  useWasmKernels(instantiateWasmKernels);
  return true;
}
