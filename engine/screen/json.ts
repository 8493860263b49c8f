// The JSON form of a screen, for the API: the same tree as the text, spelled as data.
//   expression: 42 | true | "Technology" (text) | {"field": "close"} | {"fn": "rsi", "args": [14]}
//             | {"op": ">", "args": [a, b]}  (+ - * / < <= > >= == != and or)
//             | {"not": e} | {"neg": e} | {"between": [x, low, high]}
//             | {"in": e, "values": ["Energy", ...], "negated": false} | {"lag": e, "bars": 5}
//   screen:     {"where": e, "sort": {"by": e, "desc": true}, "top": 20, "show": [{"expr": e, "as": "rsi"}]}
// Both forms compile through the same checker, so they mean the same thing; `screenToJson`
// turns text into this form (what the API echoes back).

import { z } from "zod";
import { type BinaryOp, type Expr, NO_SPAN, type ScreenAst } from "./ast.ts";
import { checkScreen } from "./checker.ts";
import { type CompiledScreen, compileTyped } from "./compile.ts";
import { ScreenError } from "./errors.ts";
import { parseScreen } from "./parser.ts";
import { SCREEN_LIMITS } from "./limits.ts";

export type JsonExpr =
  | number
  | boolean
  | string
  | { field: string }
  | { fn: string; args?: JsonExpr[] }
  | { op: BinaryOp; args: [JsonExpr, JsonExpr] }
  | { not: JsonExpr }
  | { neg: JsonExpr }
  | { between: [JsonExpr, JsonExpr, JsonExpr] }
  | { in: JsonExpr; values: (string | number)[]; negated?: boolean }
  | { lag: JsonExpr; bars: number };

const OPS = ["+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "and", "or"] as const;

export const JsonExprSchema: z.ZodType<JsonExpr> = z.lazy(() =>
  z.union([
    z.number(),
    z.boolean(),
    z.string(),
    z.strictObject({ field: z.string() }),
    z.strictObject({ fn: z.string(), args: z.array(JsonExprSchema).optional() }),
    z.strictObject({ op: z.enum(OPS), args: z.tuple([JsonExprSchema, JsonExprSchema]) }),
    z.strictObject({ not: JsonExprSchema }),
    z.strictObject({ neg: JsonExprSchema }),
    z.strictObject({ between: z.tuple([JsonExprSchema, JsonExprSchema, JsonExprSchema]) }),
    z.strictObject({
      in: JsonExprSchema,
      values: z.array(z.union([z.string(), z.number()])).min(1),
      negated: z.boolean().optional(),
    }),
    z.strictObject({ lag: JsonExprSchema, bars: z.number() }),
  ]),
);

export const JsonScreenSchema = z.strictObject({
  where: JsonExprSchema.optional(),
  sort: z.strictObject({ by: JsonExprSchema, desc: z.boolean().optional() }).optional(),
  top: z.number().int().min(1).max(SCREEN_LIMITS.maxTop).optional(),
  show: z
    .array(
      z.strictObject({
        expr: JsonExprSchema,
        as: z
          .string()
          .regex(/^[a-z_][a-z0-9_]*$/i)
          .optional(),
      }),
    )
    .max(SCREEN_LIMITS.maxShow)
    .optional(),
});

export type JsonScreen = z.infer<typeof JsonScreenSchema>;

/** Compiles the JSON form (any value: it is validated first). */
export function compileJsonScreen(json: unknown): CompiledScreen {
  if (JSON.stringify(json ?? null).length > SCREEN_LIMITS.maxTextLength * 4)
    throw new ScreenError("limit", `the screen's JSON is over ${SCREEN_LIMITS.maxTextLength * 4} characters`, NO_SPAN);
  const parsed = JsonScreenSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ScreenError(
      "syntax",
      `invalid screen JSON at ${issue?.path.length ? issue.path.join(".") : "the top level"}: ${issue?.message ?? "invalid"}`,
      NO_SPAN,
    );
  }
  const s = parsed.data;
  const ast: ScreenAst = {
    where: s.where === undefined ? null : toExpr(s.where, 0),
    sort: s.sort ? { expr: toExpr(s.sort.by, 0), descending: s.sort.desc ?? false } : null,
    top: s.top === undefined ? null : { value: s.top, span: NO_SPAN },
    show: (s.show ?? []).map((item) => ({
      expr: toExpr(item.expr, 0),
      name: item.as?.toLowerCase() ?? null,
      nameSpan: null,
    })),
  };
  return compileTyped(checkScreen(ast));
}

function toExpr(j: JsonExpr, depth: number): Expr {
  if (depth > SCREEN_LIMITS.maxDepth)
    throw new ScreenError("limit", `the screen nests deeper than ${SCREEN_LIMITS.maxDepth} levels`, NO_SPAN);
  const span = NO_SPAN;
  const d = depth + 1;
  if (typeof j === "number") return { kind: "number", value: j, span };
  if (typeof j === "boolean") return { kind: "bool", value: j, span };
  if (typeof j === "string") return { kind: "string", value: j, span };
  if ("field" in j) return { kind: "name", name: j.field.toLowerCase(), span };
  if ("fn" in j)
    return {
      kind: "call",
      name: j.fn.toLowerCase(),
      args: (j.args ?? []).map((a) => toExpr(a, d)),
      span,
      nameSpan: span,
    };
  if ("op" in j) return { kind: "binary", op: j.op, left: toExpr(j.args[0], d), right: toExpr(j.args[1], d), span };
  if ("not" in j) return { kind: "not", arg: toExpr(j.not, d), span };
  if ("neg" in j) return { kind: "neg", arg: toExpr(j.neg, d), span };
  if ("between" in j)
    return {
      kind: "between",
      arg: toExpr(j.between[0], d),
      low: toExpr(j.between[1], d),
      high: toExpr(j.between[2], d),
      span,
    };
  if ("in" in j)
    return {
      kind: "in",
      arg: toExpr(j.in, d),
      values: j.values.map((v) =>
        typeof v === "number" ? { kind: "number", value: v, span } : { kind: "string", value: v, span },
      ),
      negated: j.negated ?? false,
      span,
    };
  return { kind: "lag", arg: toExpr(j.lag, d), bars: { kind: "number", value: j.bars, span }, span };
}

/** The JSON form of screen text (which must compile; a ScreenError says why not). */
export function screenToJson(text: string): JsonScreen {
  const ast = parseScreen(text);
  checkScreen(ast);
  const out: JsonScreen = {};
  if (ast.where) out.where = fromExpr(ast.where);
  if (ast.sort) out.sort = { by: fromExpr(ast.sort.expr), ...(ast.sort.descending ? { desc: true } : {}) };
  if (ast.top) out.top = ast.top.value;
  if (ast.show.length > 0)
    out.show = ast.show.map((i) => ({ expr: fromExpr(i.expr), ...(i.name ? { as: i.name } : {}) }));
  return out;
}

function fromExpr(e: Expr): JsonExpr {
  switch (e.kind) {
    case "number":
    case "bool":
    case "string":
      return e.value;
    case "name":
      return { field: e.name };
    case "call":
      return e.args.length ? { fn: e.name, args: e.args.map(fromExpr) } : { fn: e.name };
    case "binary":
      return { op: e.op, args: [fromExpr(e.left), fromExpr(e.right)] };
    case "not":
      return { not: fromExpr(e.arg) };
    case "neg":
      return { neg: fromExpr(e.arg) };
    case "between":
      return { between: [fromExpr(e.arg), fromExpr(e.low), fromExpr(e.high)] };
    case "in":
      return {
        in: fromExpr(e.arg),
        values: e.values.map((v) => (v.kind === "number" || v.kind === "string" ? v.value : String(fromExpr(v)))),
        ...(e.negated ? { negated: true } : {}),
      };
    case "lag":
      return { lag: fromExpr(e.arg), bars: e.bars.kind === "number" ? e.bars.value : Number.NaN };
  }
}
