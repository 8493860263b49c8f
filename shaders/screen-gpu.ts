// The WGSL backend's host: turns a compiled screen into one or two compute passes over the
// whole universe (one invocation per symbol), prepares the inputs the generated shader reads
// (engine/screen/wgsl/codegen.ts), dispatches and reads back, and returns the same
// ScreenResult the CPU backend does. Works wherever WebGPU does: browsers (navigator.gpu)
// and Node through the `webgpu` package. Fallback adapters (SwiftShader) are accepted.
//
// Cross-sectional screens take two passes: the first computes the arguments of rank,
// percentile, zscore and sector_rank per symbol; the host ranks them across the universe
// (the same function the CPU backend uses); the second pass reads those ranks.

import { visit } from "../engine/screen/checker.ts";
import type { CompiledScreen } from "../engine/screen/compile.ts";
import { crossSection } from "../engine/screen/cpu/cross-section.ts";
import type { CellValue, EvaluateOptions, ScreenResult, ScreenRow } from "../engine/screen/cpu/evaluate.ts";
import { evaluationDay, finishResult } from "../engine/screen/cpu/evaluate.ts";
import type { IndicatorSeries } from "../engine/screen/cpu/indicator-series.ts";
import { type ColumnInput, WORKGROUP_SIZE, type WgslProgram, generateWgsl } from "../engine/screen/wgsl/codegen.ts";
import type { TNode } from "../engine/screen/typed.ts";
import type { BarTable } from "../engine/snapshot/bar-table.ts";

export class GpuUnavailableError extends Error {
  override name = "GpuUnavailableError";
}

/** Symbols of every shard, in shard order: global index = base[shard] + index. */
interface Universe {
  readonly tables: readonly BarTable[];
  readonly base: readonly number[];
  readonly total: number;
}

export class GpuScreenBackend {
  readonly device: GPUDevice;
  readonly adapterInfo: string;
  readonly #pipelines = new Map<string, GPUComputePipeline>();
  /** Explicit, not "auto": a generated shader that ignores an input must still accept it. */
  readonly #layout: GPUBindGroupLayout;

  private constructor(device: GPUDevice, adapterInfo: string) {
    this.device = device;
    this.adapterInfo = adapterInfo;
    const storage = (binding: number, type: GPUBufferBindingType): GPUBindGroupLayoutEntry => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type },
    });
    this.#layout = device.createBindGroupLayout({
      entries: [
        storage(0, "uniform"),
        storage(1, "read-only-storage"),
        storage(2, "read-only-storage"),
        storage(3, "read-only-storage"),
        storage(4, "storage"),
      ],
    });
  }

  /** Asks `gpu` (navigator.gpu, or webgpu's create()) for an adapter and a device with the limits big universes need. */
  static async create(gpu: GPU): Promise<GpuScreenBackend> {
    const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
    if (!adapter) throw new GpuUnavailableError("WebGPU is present but offers no adapter");
    const limits = adapter.limits;
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
        maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      },
    });
    const info = adapter.info;
    const name =
      [info?.vendor, info?.architecture, info?.device, info?.description].filter(Boolean).join(" ") || "unknown";
    return new GpuScreenBackend(device, name);
  }

  destroy(): void {
    this.device.destroy();
  }

  /** Evaluates the screen on one day, like the CPU backend's evaluateScreen. */
  async evaluate(
    screen: CompiledScreen,
    series: IndicatorSeries,
    options: EvaluateOptions = {},
  ): Promise<ScreenResult> {
    const tables = series.tables;
    const day = evaluationDay(screen, series, options.day);
    series.ensure(screen.indicators);
    const base: number[] = [];
    let total = 0;
    for (const t of tables) {
      base.push(total);
      total += t.symbols.length;
    }
    const universe: Universe = { tables, base, total };
    const { where, sort, show } = screen.typed;

    // Pass one (cross-sectional screens): the arguments of the ranking functions.
    const crossNodes = new Map<string, Extract<TNode, { kind: "cross" }>>();
    for (const root of [where, sort?.expr, ...show.map((s) => s.expr)])
      if (root) visit(root, (n) => n.kind === "cross" && crossNodes.set(n.key, n));
    const crossValues = new Map<string, Float64Array>();
    if (crossNodes.size > 0) {
      const nodes = [...crossNodes.values()];
      const program = generateWgsl(nodes.map((n) => n.arg));
      const out = await this.#run(program, universe, series, day, crossValues);
      const present = presentMask(universe, day);
      nodes.forEach((n, r) => {
        const perShard = tables.map((t, k) => {
          const v = new Float64Array(t.symbols.length);
          for (let s = 0; s < t.symbols.length; s++) {
            const g = (base[k] as number) + s;
            const known = present[g] === 1 && out[(g * nodes.length + r) * 2 + 1] === 1;
            v[s] = known ? (out[(g * nodes.length + r) * 2] as number) : Number.NaN;
          }
          return v;
        });
        const groups =
          n.op === "sector_rank" ? tables.map((t) => t.symbols.map((i) => i.sector.toLowerCase())) : undefined;
        const ranked = crossSection(n.op, perShard, groups);
        const flat = new Float64Array(total);
        ranked.forEach((v, k) => flat.set(v, base[k] as number));
        crossValues.set(n.key, flat);
      });
    }

    // Pass two: condition, sort key and shown columns (text columns come from the host).
    const roots: TNode[] = [];
    const whereAt = where ? roots.push(where) - 1 : -1;
    const sortAt = sort ? roots.push(sort.expr) - 1 : -1;
    const showAt = show.map((item) => (item.expr.type === "text" ? -1 : roots.push(item.expr) - 1));
    const program = generateWgsl(roots);
    const out = roots.length > 0 ? await this.#run(program, universe, series, day, crossValues) : new Float32Array(0);
    const present = presentMask(universe, day);
    const R = roots.length;
    const value = (g: number, r: number): number =>
      out[(g * R + r) * 2 + 1] === 1 ? (out[(g * R + r) * 2] as number) : Number.NaN;

    let evaluated = 0;
    const candidates: ScreenRow[] = [];
    tables.forEach((table, k) => {
      for (let s = 0; s < table.symbols.length; s++) {
        const g = (base[k] as number) + s;
        if (!present[g]) continue;
        evaluated++;
        if (whereAt >= 0 && value(g, whereAt) !== 1) continue;
        const key = sortAt >= 0 ? value(g, sortAt) : Number.NaN;
        const info = table.symbols[s] as BarTable["symbols"][number];
        candidates.push({
          symbol: info.symbol,
          shard: k,
          index: s,
          sortKey: key === key ? key : null,
          values: show.map((item, c): CellValue => {
            if (item.expr.type === "text") return textValue(item.expr, info) || null;
            const v = value(g, showAt[c] as number);
            if (v !== v) return null;
            return item.expr.type === "bool" ? v === 1 : v;
          }),
        });
      }
    });
    return finishResult(screen, day, evaluated, candidates.length, candidates, options.limit);
  }

  /** Builds the inputs, dispatches one invocation per symbol and reads `out` back. */
  async #run(
    program: WgslProgram,
    universe: Universe,
    series: IndicatorSeries,
    day: number,
    crossValues: ReadonlyMap<string, Float64Array>,
  ): Promise<Float32Array> {
    const { device } = this;
    const { total } = universe;
    const W = program.window;
    const cube = buildCube(program, universe, series, day);
    const columns = buildColumns(program.columns, universe, day, crossValues);
    const depth = new Int32Array(Math.max(1, total));
    universe.tables.forEach((t, k) => {
      for (let s = 0; s < t.symbols.length; s++) {
        const local = day - (t.start[s] as number);
        depth[(universe.base[k] as number) + s] = local >= 0 && local < (t.length[s] as number) ? local : -1;
      }
    });
    const R = program.roots.length;
    const params = new Uint32Array([total, W, R, 0]);

    const storage = (data: ArrayBufferView & { byteLength: number }, usage = 0) => {
      const buffer = device.createBuffer({
        size: Math.max(16, Math.ceil(data.byteLength / 4) * 4),
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | usage,
      });
      device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
      return buffer;
    };
    const paramBuffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(paramBuffer, 0, params);
    const cubeBuffer = storage(cube);
    const columnBuffer = storage(columns.length ? columns : new Float32Array(1));
    const depthBuffer = storage(depth);
    const outBytes = Math.max(16, total * R * 2 * 4);
    const outBuffer = device.createBuffer({ size: outBytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const readBuffer = device.createBuffer({
      size: outBytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    try {
      const pipeline = await this.#pipeline(program.code);
      device.pushErrorScope("validation");
      const bindGroup = device.createBindGroup({
        layout: this.#layout,
        entries: [
          { binding: 0, resource: { buffer: paramBuffer } },
          { binding: 1, resource: { buffer: cubeBuffer } },
          { binding: 2, resource: { buffer: columnBuffer } },
          { binding: 3, resource: { buffer: depthBuffer } },
          { binding: 4, resource: { buffer: outBuffer } },
        ],
      });
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(Math.max(1, Math.ceil(total / WORKGROUP_SIZE)));
      pass.end();
      encoder.copyBufferToBuffer(outBuffer, 0, readBuffer, 0, outBytes);
      device.queue.submit([encoder.finish()]);
      const error = await device.popErrorScope();
      if (error) throw new Error(`WebGPU rejected the screen's dispatch: ${error.message}`);
      await readBuffer.mapAsync(GPUMapMode.READ);
      return new Float32Array(readBuffer.getMappedRange().slice(0, total * R * 2 * 4));
    } finally {
      for (const b of [paramBuffer, cubeBuffer, columnBuffer, depthBuffer, outBuffer, readBuffer]) b.destroy();
    }
  }

  async #pipeline(code: string): Promise<GPUComputePipeline> {
    let pipeline = this.#pipelines.get(code);
    if (pipeline) return pipeline;
    this.device.pushErrorScope("validation");
    const module = this.device.createShaderModule({ code });
    const layout = this.device.createPipelineLayout({ bindGroupLayouts: [this.#layout] });
    const created = await this.device
      .createComputePipelineAsync({ layout, compute: { module, entryPoint: "main" } })
      .catch((e: unknown) => e as Error);
    const error = await this.device.popErrorScope();
    if (error) throw new Error(`generated WGSL did not compile: ${error.message}`);
    if (created instanceof Error) throw new Error(`generated WGSL did not compile: ${created.message}`);
    pipeline = created;
    if (this.#pipelines.size > 64) this.#pipelines.clear();
    this.#pipelines.set(code, pipeline);
    return pipeline;
  }
}

function presentMask(u: Universe, day: number): Uint8Array {
  const mask = new Uint8Array(u.total);
  u.tables.forEach((t, k) => {
    for (let s = 0; s < t.symbols.length; s++) {
      const local = day - (t.start[s] as number);
      if (local < 0 || local >= (t.length[s] as number)) continue;
      const c = t.close[(t.offset[s] as number) + local] as number;
      if (c === c) mask[(u.base[k] as number) + s] = 1;
    }
  });
  return mask;
}

/** [leaf][symbol][lag] for lags 0..window-1 (lag 0 = the evaluated day), NaN where no value. */
function buildCube(program: WgslProgram, u: Universe, series: IndicatorSeries, day: number): Float32Array {
  const W = program.window;
  const cube = new Float32Array(program.leaves.length * u.total * W).fill(Number.NaN);
  program.leaves.forEach((leaf, i) => {
    u.tables.forEach((t, k) => {
      // Day-major: symbol s on day d at d * S + s (IndicatorSeries' layout).
      const values = leaf.kind === "price" ? series.price(leaf.field, k) : series.column(leaf.column, k);
      const S = t.symbols.length;
      for (let s = 0; s < S; s++) {
        const row = (i * u.total + (u.base[k] as number) + s) * W;
        for (let lag = 0; lag < W && day - lag >= 0; lag++) cube[row + lag] = values[(day - lag) * S + s] as number;
      }
    });
  });
  return cube;
}

/** [column][symbol]: fundamentals, host-evaluated text comparisons, cross-sectional values. */
function buildColumns(
  inputs: readonly ColumnInput[],
  u: Universe,
  day: number,
  crossValues: ReadonlyMap<string, Float64Array>,
): Float32Array {
  const out = new Float32Array(inputs.length * u.total).fill(Number.NaN);
  const present = presentMask(u, day);
  inputs.forEach((input, c) => {
    const at = c * u.total;
    if (input.kind === "cross") {
      const v = crossValues.get(input.node.key);
      if (!v) throw new Error(`cross-sectional value ${input.node.key} missing`);
      out.set(v, at);
      return;
    }
    u.tables.forEach((t, k) => {
      const f = input.kind === "fundamental" ? t.fundamentalFields.indexOf(input.field as never) : -1;
      for (let s = 0; s < t.symbols.length; s++) {
        const g = (u.base[k] as number) + s;
        if (input.kind === "fundamental") {
          if (f >= 0) out[at + g] = t.fundamentals[f * t.symbols.length + s] as number;
        } else if (present[g]) {
          out[at + g] = textPredicate(input.node, t.symbols[s] as BarTable["symbols"][number]);
        }
      }
    });
  });
  return out;
}

function textValue(n: TNode, info: BarTable["symbols"][number]): string {
  if (n.kind === "text") return (info[n.field] ?? "").toLowerCase();
  if (n.kind === "const") return String(n.value).toLowerCase();
  if (n.kind === "lag") return textValue(n.arg, info);
  throw new Error(`not text: ${n.kind}`);
}

/** A text comparison or `in` for one symbol: 1, 0, or NaN when the text is unknown (blank). */
function textPredicate(n: TNode, info: BarTable["symbols"][number]): number {
  if (n.kind === "compare") {
    const a = textValue(n.left, info);
    const b = textValue(n.right, info);
    if (a === "" || b === "") return Number.NaN;
    return (a === b) === (n.op === "==") ? 1 : 0;
  }
  if (n.kind === "in") {
    const a = textValue(n.arg, info);
    if (a === "") return Number.NaN;
    return (n.values as string[]).includes(a) !== n.negated ? 1 : 0;
  }
  throw new Error(`not a text predicate: ${n.kind}`);
}
