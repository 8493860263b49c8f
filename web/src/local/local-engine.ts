// The page's handle on the scan worker: one request at a time per kind, answered by
// promise. Starting a new scan while typing supersedes the previous one (its answer is
// dropped), so the grid always shows the latest text's result.

import type { ScanBody } from "../types.ts";
import type { EnginePreference, WorkerEvent, WorkerRequest } from "./protocol.ts";

export interface LocalLoadInfo {
  version: string;
  symbols: number;
  days: number;
  bytes: number;
  fromCache: number;
  ms: number;
  gpu: string | null;
  gpuFallback: boolean;
}

export interface LocalScan {
  body: ScanBody;
  engine: "webgpu" | "js";
  detail: string;
  ms: number;
}

export class LocalScanError extends Error {
  override name = "LocalScanError";
  constructor(
    message: string,
    readonly problem?: unknown,
  ) {
    super(message);
  }
}

type Pending = { resolve: (e: WorkerEvent) => void; reject: (e: Error) => void; progress?: (e: WorkerEvent) => void };

// Distributes Omit over the request union, so each kind keeps its own fields.
type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, "id"> : never) : never;

export class LocalEngine {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 1;

  constructor() {
    this.#worker = new Worker(new URL("./scan-worker.ts", import.meta.url), { type: "module", name: "technic-scan" });
    this.#worker.onmessage = (message: MessageEvent<WorkerEvent>) => {
      const event = message.data;
      const pending = this.#pending.get(event.id);
      if (!pending) return;
      if (event.type === "progress") return pending.progress?.(event);
      this.#pending.delete(event.id);
      if (event.type === "error") pending.reject(new LocalScanError(event.message, event.problem));
      else pending.resolve(event);
    };
    this.#worker.onerror = (event) => {
      for (const p of this.#pending.values()) p.reject(new LocalScanError(event.message || "the scan worker failed"));
      this.#pending.clear();
    };
  }

  #send(request: Request, progress?: (e: WorkerEvent) => void): Promise<WorkerEvent> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, ...(progress ? { progress } : {}) });
      this.#worker.postMessage({ ...request, id });
    });
  }

  async load(
    base: string,
    universe: { version: string; shards: number; demo: boolean; source: string },
    gpu: EnginePreference,
    onProgress: (loaded: number, total: number, bytes: number) => void,
  ): Promise<LocalLoadInfo> {
    const event = await this.#send({ type: "load", base, ...universe, gpu }, (e) => {
      if (e.type === "progress") onProgress(e.loaded, e.total, e.bytes);
    });
    if (event.type !== "loaded") throw new LocalScanError("unexpected answer from the scan worker");
    return event;
  }

  async scan(screen: string, limit: number, engine: EnginePreference, asOf?: string): Promise<LocalScan> {
    const event = await this.#send({ type: "scan", screen, limit, engine, ...(asOf ? { asOf } : {}) });
    if (event.type !== "scanned") throw new LocalScanError("unexpected answer from the scan worker");
    return event;
  }

  /** Releases the worker's GPU device and ends the worker (the page is being left). */
  dispose(): void {
    this.#worker.postMessage({ id: 0, type: "dispose" });
  }

  async history(screen: string, symbol: string, days: number): Promise<string[]> {
    const event = await this.#send({ type: "history", screen, symbol, days });
    if (event.type !== "history") throw new LocalScanError("unexpected answer from the scan worker");
    return event.dates;
  }
}
