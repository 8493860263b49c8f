// How an indicator is described to the rest of Technic: its parameters (with defaults
// and limits), the column name of each output, and how it wires kernels into a graph.

import type { Graph } from "./graph.ts";
import type { InputField, SeriesRef } from "./kernel.ts";

export interface ParamSpec {
  readonly name: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

export interface IndicatorSpec {
  /** Lower-case name used in requests and column names, e.g. "macd". */
  readonly name: string;
  /** One line for docs and autocomplete. */
  readonly title: string;
  readonly params: readonly ParamSpec[];
  /** Column prefix of each output in order, e.g. ["macd", "macd_signal", "macd_hist"]. */
  readonly outputs: readonly string[];
  /** Whether the input series can be chosen (close by default), as in sma(volume, 20). */
  readonly sourceable: boolean;
  /** Price fields read (for sourceable indicators: besides the source). */
  readonly reads: readonly InputField[];
  /** Wires the kernels into `g` and returns one series per output. */
  build(g: Graph, params: readonly number[], source: SeriesRef): SeriesRef[];
}

export function int(name: string, def: number, min = 1, max = 5000): ParamSpec {
  return { name, default: def, min, max, integer: true };
}

export function real(name: string, def: number, min: number, max: number): ParamSpec {
  return { name, default: def, min, max, integer: false };
}
