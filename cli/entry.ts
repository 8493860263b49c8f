// Process entry for bin/technic.js: runs the CLI and exits with its code.

import { main } from "./main.ts";
import { registerWasmKernels } from "./wasm/wasm-kernels-host.ts";

registerWasmKernels();

process.exitCode = await main(process.argv.slice(2));
