// Messages between the app and its scan worker (local/scan-worker.ts). The worker owns the
// universe snapshot and both local engines, so scanning never blocks the page.

import type { ScanBody } from "../types.ts";

/**
 * "auto": WebGPU when there is an adapter, else JavaScript. "live" (re-ranking while the user
 * types): the same, except on a software fallback adapter (SwiftShader), which runs on the
 * CPU and holds up the browser's frames while it computes, so JavaScript answers instead.
 */
export type EnginePreference = "auto" | "live" | "webgpu" | "js";

export type WorkerRequest =
  | {
      id: number;
      type: "load";
      base: string;
      version: string;
      shards: number;
      gpu: EnginePreference;
      demo: boolean;
      source: string;
    }
  | { id: number; type: "scan"; screen: string; limit: number; engine: EnginePreference; asOf?: string }
  | { id: number; type: "history"; screen: string; symbol: string; days: number }
  | { id: number; type: "dispose" };

export type WorkerEvent =
  | { id: number; type: "progress"; loaded: number; total: number; bytes: number; fromCache: number }
  | {
      id: number;
      type: "loaded";
      version: string;
      symbols: number;
      days: number;
      bytes: number;
      fromCache: number;
      ms: number;
      gpu: string | null;
      gpuFallback: boolean;
    }
  | { id: number; type: "scanned"; body: ScanBody; engine: "webgpu" | "js"; detail: string; ms: number }
  | { id: number; type: "history"; dates: string[]; ms: number }
  | { id: number; type: "error"; message: string; problem?: unknown };
