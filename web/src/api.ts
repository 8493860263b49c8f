// The edge API client (docs/api.md): same origin as the app, so no configuration. Scans
// stream over Server-Sent Events (GET /v1/scan/stream) so the progress bar moves as each
// shard answers.

import { reportReachable } from "./state/online.ts";
import type { ApiErrorBody, BuiltinScreen, ScanBody, UniverseInfo } from "./types.ts";

export const API_BASE = location.origin;
const DEVICE_COPY_HEADER = "x-technic-device-copy";

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    message: string,
    readonly code: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`);
  } catch {
    reportReachable(false);
    throw new ApiError("the Technic API is unreachable", "offline");
  }
  // The service worker's saved copy (marked in vite.config.ts) answers offline too; only
  // an answer from the network says the API is reachable.
  if (response.headers.get(DEVICE_COPY_HEADER) === null) reportReachable(true);
  const body = (await response.json().catch(() => null)) as T | ApiErrorBody | null;
  if (!response.ok || body === null) {
    const error = (body as ApiErrorBody | null)?.error;
    throw new ApiError(
      error?.message ?? `${response.status} ${response.statusText}`,
      error?.code ?? "http",
      error?.details,
    );
  }
  return body as T;
}

export const fetchUniverse = () => getJson<UniverseInfo>("/v1/universe");
export const fetchScreens = () => getJson<{ screens: BuiltinScreen[] }>("/v1/screens").then((b) => b.screens);

export interface SymbolDetail {
  snapshot: string;
  demo: boolean;
  info: { symbol: string; name: string; type: string; exchange: string; sector: string; industry: string };
  firstDay: string;
  bars: {
    date: string;
    open: number | null;
    high: number | null;
    low: number | null;
    close: number | null;
    volume: number | null;
  }[];
  series: Record<string, (number | null)[]>;
  latest: Record<string, number | null>;
}

export const CHART_INDICATORS = [
  "sma_50",
  "sma_200",
  "ema_20",
  "bb_upper_20_2",
  "bb_middle_20_2",
  "bb_lower_20_2",
  "rsi_14",
  "macd_12_26_9",
  "macd_signal_12_26_9",
  "macd_hist_12_26_9",
];

export const fetchSymbol = (symbol: string, days: number, indicators: readonly string[]) =>
  getJson<SymbolDetail>(
    `/v1/symbols/${encodeURIComponent(symbol)}?days=${days}&indicators=${encodeURIComponent(indicators.join(","))}`,
  );

export interface StreamProgress {
  phase: string;
  done: number;
  total: number;
  matched_so_far: number;
}

/** Runs a scan on the edge, reporting progress per shard; resolves with the scan body. */
export function scanOnEdge(
  screen: string,
  limit: number,
  onProgress: (p: StreamProgress) => void,
  signal?: AbortSignal,
): Promise<ScanBody> {
  return new Promise((resolve, reject) => {
    const url = `${API_BASE}/v1/scan/stream?screen=${encodeURIComponent(screen)}&limit=${limit}`;
    const source = new EventSource(url);
    const finish = () => source.close();
    signal?.addEventListener("abort", () => {
      finish();
      reject(new ApiError("cancelled", "cancelled"));
    });
    source.addEventListener("progress", (e) =>
      onProgress(JSON.parse((e as MessageEvent<string>).data) as StreamProgress),
    );
    source.addEventListener("result", (e) => {
      finish();
      resolve(JSON.parse((e as MessageEvent<string>).data) as ScanBody);
    });
    source.addEventListener("error", (e) => {
      finish();
      const data = (e as MessageEvent<string>).data;
      if (data) {
        const { error } = JSON.parse(data) as ApiErrorBody;
        reject(new ApiError(error.message, error.code, error.details));
      } else reject(new ApiError("the Technic API is unreachable", "offline"));
    });
  });
}
