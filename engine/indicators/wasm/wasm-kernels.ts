// The WebAssembly twins of the batch kernels (assembly/kernels.ts, compiled to kernels.wasm
// by `npm run build:wasm`). engine/ stays host-neutral: it never loads or compiles wasm
// itself. A host that can (the Node CLI, its worker threads) registers a factory that
// returns a fresh instance's exports, and every PlanRunner created afterwards runs the
// kernels that have a twin in WebAssembly during batch passes. Results are identical to the
// bit either way (test/indicators/wasm-kernels.test.ts); only the speed differs.

/** An exported kernel function of assembly/*.ts (e.g. "sma"); see the calling convention there. */
export type WasmKernelName = string;

export type WasmKernelFn = (state: number, io: number, from: number, to: number, p0: number, p1: number) => void;

/** What a kernel tells the runner to call: its twin and its two numeric parameters. */
export interface WasmCall {
  readonly name: WasmKernelName;
  readonly p0: number;
  readonly p1: number;
}

export interface WasmKernelExports {
  readonly memory: WasmMemory;
  readonly [kernel: WasmKernelName]: WasmKernelFn | WasmMemory;
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** Returns the exports of a new instance (each runner owns its instance and memory). */
export type WasmKernelFactory = () => WasmKernelExports;

let registered: WasmKernelFactory | null = null;

/** Registers (or with null, removes) the host's WebAssembly kernels for runners created from now on. */
export function useWasmKernels(factory: WasmKernelFactory | null): void {
  registered = factory;
}

export function wasmKernelFactory(): WasmKernelFactory | null {
  return registered;
}

export const WASM_PAGE = 65_536;
