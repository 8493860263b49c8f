// The shapes the app reads from the edge API (docs/api.md) and produces locally: a local
// scan answers in exactly the edge's ScanBody shape, so the grid, CSV export and tests treat
// both alike.

export type Cell = number | string | boolean | null;

export interface ScanRow {
  rank: number;
  symbol: string;
  name: string;
  sector: string;
  type: string;
  close: number | null;
  sort: number | null;
  values: Record<string, Cell>;
}

export interface ScanMeta {
  snapshot: string;
  source: string;
  demo: boolean;
  as_of: string;
  screen: string;
  universe: number;
  evaluated: number;
  matched: number;
  partial: boolean;
  missing_shards: { shard: number; symbols: number; error: string }[];
  stale: boolean;
  cache: boolean;
  timings_ms: Record<string, number>;
}

export interface ScanBody {
  meta: ScanMeta;
  columns: string[];
  rows: ScanRow[];
}

/** Where an answer came from, as the status line says it. */
export type Engine = "edge" | "cache" | "webgpu" | "js";

export interface ScanOutcome {
  body: ScanBody;
  engine: Engine;
  /** Wall time seen by the user, ms. */
  elapsedMs: number;
  /** For local runs: the adapter ("swiftshader, fallback") or "JavaScript". */
  engineDetail?: string;
  at: string;
}

export interface BuiltinScreen {
  id: string;
  title: string;
  description: string;
  text: string;
  canonical: string;
}

export interface UniverseInfo {
  version: string;
  source: { kind: string; label: string; detail?: string };
  demo: boolean;
  days: { first: string; last: string; count: number };
  symbols: number;
  shards: number;
  stale: boolean;
}

export interface ScreenProblem {
  code: string;
  message: string;
  line: number;
  column: number;
  start: number;
  end: number;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details: unknown };
}
