// The batch indicator kernels in WebAssembly for the Durable Objects (and the API isolate):
// workerd may not compile wasm from bytes at run time, so the module is imported and
// bundled by wrangler (a CompiledWasm module), then instantiated per runner. Results are
// identical to the TypeScript kernels (test/indicators/wasm-kernels.test.ts).

import kernels from "../engine/indicators/wasm/kernels.wasm";
import { type WasmKernelExports, useWasmKernels } from "../engine/indicators/wasm/wasm-kernels.ts";

useWasmKernels(() => new WebAssembly.Instance(kernels, {}).exports as unknown as WasmKernelExports);
