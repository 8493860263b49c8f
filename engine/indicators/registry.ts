// The indicator registry: every catalog's entries by name, plus the one column-naming
// scheme used everywhere (CLI headers, API columns, screen language names):
//   <output>[_<source>]_<param>_<param>...   e.g. sma_50, sma_volume_20, macd_signal_12_26_9, sar_0.02_0.2
// The source appears only when it is not `close`. Parsing a column name gives back the request.

import type { IndicatorSpec } from "./catalog-types.ts";
import { ALL_INDICATORS } from "./catalogs.ts";
import { INPUT_FIELDS, type InputField } from "./kernel.ts";

const ALL: readonly IndicatorSpec[] = ALL_INDICATORS;

export function indicatorSpecs(): readonly IndicatorSpec[] {
  return ALL;
}

export function findIndicator(name: string): IndicatorSpec | undefined {
  return ALL.find((s) => s.name === name);
}

export class IndicatorRequestError extends Error {
  override name = "IndicatorRequestError";
}

export interface IndicatorRequest {
  readonly name: string;
  readonly params?: readonly number[];
  readonly source?: InputField;
}

/** A request with every parameter filled in and checked. */
export interface ResolvedRequest {
  readonly spec: IndicatorSpec;
  readonly params: readonly number[];
  readonly source: InputField;
  /** Which outputs are wanted (indices into spec.outputs). */
  readonly outputs: readonly number[];
}

export function formatParam(x: number): string {
  return String(x);
}

export function columnName(spec: IndicatorSpec, output: number, params: readonly number[], source: InputField): string {
  const parts = [spec.outputs[output] as string];
  if (spec.sourceable && source !== "close") parts.push(source);
  for (const x of params) parts.push(formatParam(x));
  return parts.join("_");
}

export function resolveRequest(request: IndicatorRequest, outputs?: readonly number[]): ResolvedRequest {
  const spec = findIndicator(request.name);
  if (!spec) throw new IndicatorRequestError(`unknown indicator "${request.name}"${suggest(request.name)}`);
  const given = request.params ?? [];
  if (given.length > spec.params.length)
    throw new IndicatorRequestError(
      `${spec.name} takes ${spec.params.length} parameter${spec.params.length === 1 ? "" : "s"} (${spec.params.map((q) => q.name).join(", ") || "none"}), got ${given.length}`,
    );
  const params = spec.params.map((q, i) => {
    const v = given[i] ?? q.default;
    if (!Number.isFinite(v) || v < q.min || v > q.max || (q.integer && !Number.isInteger(v)))
      throw new IndicatorRequestError(
        `${spec.name} ${q.name} must be ${q.integer ? "a whole number" : "a number"} from ${q.min} to ${q.max}, got ${v}`,
      );
    return v;
  });
  const source = request.source ?? "close";
  if (source !== "close" && !spec.sourceable)
    throw new IndicatorRequestError(`${spec.name} does not take a source series`);
  return { spec, params, source, outputs: outputs ?? spec.outputs.map((_, i) => i) };
}

/**
 * Parses a column name such as `macd_signal_12_26_9`, `sma_volume_20` or `rsi` (defaults)
 * into the request for that one output. The longest output prefix wins, so `macd_signal`
 * is not read as `macd` with a parameter "signal".
 */
export function parseColumn(column: string): ResolvedRequest {
  const text = column.trim().toLowerCase();
  let best: { spec: IndicatorSpec; output: number; prefix: string } | null = null;
  for (const spec of ALL) {
    spec.outputs.forEach((prefix, output) => {
      if ((text === prefix || text.startsWith(`${prefix}_`)) && (!best || prefix.length > best.prefix.length))
        best = { spec, output, prefix };
    });
  }
  if (!best) {
    // An indicator's own name where it has several columns (stoch: stoch_k and stoch_d).
    const named = ALL.find((spec) => text === spec.name || text.startsWith(`${spec.name}_`));
    if (named)
      throw new IndicatorRequestError(
        `"${column}" is the indicator ${named.name}, which has several columns: ${named.outputs.join(", ")}` +
          ` (e.g. ${named.outputs[0]}${named.params.map((q) => `_${q.default}`).join("")})`,
      );
    throw new IndicatorRequestError(`unknown indicator column "${column}"${suggest(text.split("_")[0] ?? text)}`);
  }
  const { spec, output, prefix } = best as { spec: IndicatorSpec; output: number; prefix: string };
  const rest = text.slice(prefix.length).split("_").filter(Boolean);
  let source: InputField | undefined;
  if (rest.length > 0 && (INPUT_FIELDS as readonly string[]).includes(rest[0] as string))
    source = rest.shift() as InputField;
  const params = rest.map((token) => {
    const v = Number(token);
    if (token === "" || !Number.isFinite(v))
      throw new IndicatorRequestError(
        `"${column}": "${token}" is not a number (columns are named ${prefix}${spec.params.map((q) => `_<${q.name}>`).join("")})`,
      );
    return v;
  });
  return resolveRequest({ name: spec.name, params, ...(source ? { source } : {}) }, [output]);
}

function suggest(name: string): string {
  let best = "";
  let bestDistance = 3;
  for (const spec of ALL) {
    for (const candidate of [spec.name, ...spec.outputs]) {
      const d = editDistance(name, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
  }
  return best ? `; did you mean "${best}"?` : "";
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}
