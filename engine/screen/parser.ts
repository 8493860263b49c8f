// Text -> ScreenAst. A recursive-descent parser with one token of lookahead; precedence
// from loosest to tightest:
//   or  <  and  <  not  <  comparison / between / in  <  + -  <  * /  <  unary -  <  x[n]
// Comparisons do not chain (`a < b < c` is an error that says how to write it).
// Clauses follow the filter in any order, each at most once:
//   [where] <condition>   sort by <expr> [asc|desc]   top <N>   show <expr> [as <name>], ...

import { type BinaryOp, type Expr, type ScreenAst, type ShowItem, spanOf } from "./ast.ts";
import { ScreenError, type Span } from "./errors.ts";
import { type Token, tokenize } from "./lexer.ts";
import { SCREEN_LIMITS } from "./limits.ts";

export const KEYWORDS: ReadonlySet<string> = new Set([
  "and",
  "or",
  "not",
  "between",
  "in",
  "where",
  "sort",
  "by",
  "top",
  "show",
  "as",
  "asc",
  "desc",
  "true",
  "false",
]);
const CLAUSE_STARTS = new Set(["sort", "top", "show"]);
const COMPARISONS = new Set(["<", "<=", ">", ">=", "==", "!="]);

export function parseScreen(text: string): ScreenAst {
  if (typeof text !== "string") throw new ScreenError("syntax", "a screen must be text", { start: 0, end: 0 });
  if (text.length > SCREEN_LIMITS.maxTextLength)
    throw new ScreenError(
      "limit",
      `the screen is ${text.length} characters; the limit is ${SCREEN_LIMITS.maxTextLength} (4 KB)`,
      { start: SCREEN_LIMITS.maxTextLength, end: text.length },
    );
  return new Parser(tokenize(text)).screen();
}

/** Parses one expression (for editors and tests). */
export function parseExpression(text: string): Expr {
  const parser = new Parser(tokenize(text));
  const expr = parser.expression();
  parser.expectEnd();
  return expr;
}

class Parser {
  readonly #tokens: Token[];
  #at = 0;
  #depth = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  get #peek(): Token {
    return this.#tokens[this.#at] as Token;
  }

  #next(): Token {
    const t = this.#peek;
    if (t.kind !== "eof") this.#at++;
    return t;
  }

  #isName(word: string, token = this.#peek): boolean {
    return token.kind === "name" && token.text === word;
  }

  #isOp(op: string, token = this.#peek): boolean {
    return token.kind === "op" && token.text === op;
  }

  #expectOp(op: string, context: string): Token {
    const t = this.#peek;
    if (!this.#isOp(op)) throw this.#unexpected(t, `expected \`${op}\` ${context}`);
    return this.#next();
  }

  #expectName(word: string, context: string): Token {
    const t = this.#peek;
    if (!this.#isName(word)) throw this.#unexpected(t, `expected \`${word}\` ${context}`);
    return this.#next();
  }

  #unexpected(t: Token, expected: string): ScreenError {
    const what = t.kind === "eof" ? "the end of the screen" : t.kind === "string" ? `"${t.text}"` : `\`${t.text}\``;
    return new ScreenError("syntax", `${expected}, found ${what}`, { start: t.start, end: t.end });
  }

  #enter(t: Token): void {
    if (++this.#depth > SCREEN_LIMITS.maxDepth)
      throw new ScreenError("limit", `the screen nests deeper than ${SCREEN_LIMITS.maxDepth} levels`, {
        start: t.start,
        end: t.end,
      });
  }

  #leave(): void {
    this.#depth--;
  }

  expectEnd(): void {
    const t = this.#peek;
    if (t.kind !== "eof") throw this.#unexpected(t, "expected an operator or the end of the screen");
  }

  screen(): ScreenAst {
    let where: Expr | null = null;
    if (this.#isName("where")) this.#next();
    if (this.#peek.kind !== "eof" && !(this.#peek.kind === "name" && CLAUSE_STARTS.has(this.#peek.text)))
      where = this.expression();
    let sort: ScreenAst["sort"] = null;
    let top: ScreenAst["top"] = null;
    let show: ShowItem[] | null = null;
    for (;;) {
      const t = this.#peek;
      if (t.kind === "eof") break;
      if (this.#isName("sort")) {
        if (sort) throw new ScreenError("syntax", "`sort by` appears twice", { start: t.start, end: t.end });
        this.#next();
        this.#expectName("by", "after `sort`");
        const expr = this.expression();
        let descending = false;
        if (this.#isName("desc")) {
          this.#next();
          descending = true;
        } else if (this.#isName("asc")) this.#next();
        sort = { expr, descending };
      } else if (this.#isName("top")) {
        if (top) throw new ScreenError("syntax", "`top` appears twice", { start: t.start, end: t.end });
        this.#next();
        const n = this.#peek;
        if (n.kind !== "number" || !Number.isInteger(n.value) || n.value < 1 || n.value > SCREEN_LIMITS.maxTop)
          throw new ScreenError("argument", `\`top\` takes a whole number from 1 to ${SCREEN_LIMITS.maxTop}`, {
            start: n.start,
            end: n.end,
          });
        this.#next();
        top = { value: n.value, span: { start: n.start, end: n.end } };
      } else if (this.#isName("show")) {
        if (show) throw new ScreenError("syntax", "`show` appears twice; list every column after one `show`", t);
        this.#next();
        show = [this.#showItem()];
        while (this.#isOp(",")) {
          this.#next();
          show.push(this.#showItem());
        }
      } else if (where === null && this.#at === 0) {
        throw this.#unexpected(t, "expected a condition or a clause");
      } else {
        throw this.#unexpected(
          t,
          this.#isName("where")
            ? "`where` can only start the screen"
            : "expected `and`, `or`, an operator, or a clause (`sort by`, `top`, `show`)",
        );
      }
    }
    return { where, sort, top, show: show ?? [] };
  }

  #showItem(): ShowItem {
    const expr = this.expression();
    if (!this.#isName("as")) return { expr, name: null, nameSpan: null };
    this.#next();
    const t = this.#peek;
    if (t.kind !== "name" || KEYWORDS.has(t.text)) throw this.#unexpected(t, "expected a column name after `as`");
    this.#next();
    return { expr, name: t.text, nameSpan: { start: t.start, end: t.end } };
  }

  expression(): Expr {
    return this.#or();
  }

  #or(): Expr {
    let left = this.#and();
    while (this.#isName("or")) {
      this.#next();
      const right = this.#and();
      left = { kind: "binary", op: "or", left, right, span: spanOf(left.span, right.span) };
    }
    return left;
  }

  #and(): Expr {
    let left = this.#not();
    while (this.#isName("and")) {
      this.#next();
      const right = this.#not();
      left = { kind: "binary", op: "and", left, right, span: spanOf(left.span, right.span) };
    }
    return left;
  }

  #not(): Expr {
    if (this.#isName("not")) {
      const t = this.#next();
      this.#enter(t);
      const arg = this.#not();
      this.#leave();
      return { kind: "not", arg, span: spanOf(t, arg.span) };
    }
    return this.#comparison();
  }

  #comparison(): Expr {
    const left = this.#additive();
    const t = this.#peek;
    if (t.kind === "op" && COMPARISONS.has(t.text)) {
      this.#next();
      const right = this.#additive();
      const next = this.#peek;
      if (next.kind === "op" && COMPARISONS.has(next.text))
        throw new ScreenError("syntax", "comparisons do not chain: write `a < b and b < c`, or `b between a and c`", {
          start: next.start,
          end: next.end,
        });
      return { kind: "binary", op: t.text as BinaryOp, left, right, span: spanOf(left.span, right.span) };
    }
    if (this.#isName("between")) {
      this.#next();
      const low = this.#additive();
      this.#expectName("and", "between the bounds of `between` (`x between 1 and 5`)");
      const high = this.#additive();
      return { kind: "between", arg: left, low, high, span: spanOf(left.span, high.span) };
    }
    let negated = false;
    if (this.#isName("not") && this.#isName("in", this.#tokens[this.#at + 1] as Token)) {
      this.#next();
      negated = true;
    }
    if (this.#isName("in")) {
      this.#next();
      this.#expectOp("(", 'after `in` (`sector in ("Technology", "Energy")`)');
      const values: Expr[] = [this.#primary()];
      while (this.#isOp(",")) {
        this.#next();
        values.push(this.#primary());
      }
      const close = this.#expectOp(")", "to close the `in` list");
      return { kind: "in", arg: left, values, negated, span: spanOf(left.span, close) };
    }
    return left;
  }

  #additive(): Expr {
    let left = this.#multiplicative();
    while (this.#isOp("+") || this.#isOp("-")) {
      const op = this.#next().text as BinaryOp;
      const right = this.#multiplicative();
      left = { kind: "binary", op, left, right, span: spanOf(left.span, right.span) };
    }
    return left;
  }

  #multiplicative(): Expr {
    let left = this.#unary();
    while (this.#isOp("*") || this.#isOp("/")) {
      const op = this.#next().text as BinaryOp;
      const right = this.#unary();
      left = { kind: "binary", op, left, right, span: spanOf(left.span, right.span) };
    }
    return left;
  }

  #unary(): Expr {
    if (this.#isOp("-")) {
      const t = this.#next();
      this.#enter(t);
      const arg = this.#unary();
      this.#leave();
      if (arg.kind === "number") return { kind: "number", value: -arg.value, span: spanOf(t, arg.span) };
      return { kind: "neg", arg, span: spanOf(t, arg.span) };
    }
    if (this.#isOp("+")) {
      this.#next();
      return this.#unary();
    }
    return this.#postfix();
  }

  #postfix(): Expr {
    let expr = this.#primary();
    while (this.#isOp("[")) {
      this.#next();
      const bars = this.expression();
      const close = this.#expectOp("]", "to close `[bars ago]`");
      expr = { kind: "lag", arg: expr, bars, span: spanOf(expr.span, close) };
    }
    return expr;
  }

  #primary(): Expr {
    const t = this.#peek;
    const span: Span = { start: t.start, end: t.end };
    if (t.kind === "number") {
      this.#next();
      return { kind: "number", value: t.value, span };
    }
    if (t.kind === "string") {
      this.#next();
      return { kind: "string", value: t.text, span };
    }
    if (this.#isOp("(")) {
      this.#next();
      this.#enter(t);
      const inner = this.expression();
      this.#leave();
      this.#expectOp(")", "to close `(`");
      return inner;
    }
    if (t.kind === "name") {
      if (t.text === "true" || t.text === "false") {
        this.#next();
        return { kind: "bool", value: t.text === "true", span };
      }
      if (KEYWORDS.has(t.text)) throw this.#unexpected(t, "expected a value");
      this.#next();
      if (!this.#isOp("(")) return { kind: "name", name: t.text, span };
      this.#next();
      this.#enter(t);
      const args: Expr[] = [];
      if (!this.#isOp(")")) {
        args.push(this.expression());
        while (this.#isOp(",")) {
          this.#next();
          args.push(this.expression());
        }
      }
      this.#leave();
      const close = this.#expectOp(")", `to close the arguments of \`${t.text}\``);
      return { kind: "call", name: t.text, args, span: spanOf(span, close), nameSpan: span };
    }
    throw this.#unexpected(t, "expected a value (a number, a field such as `close`, or a function such as `rsi(14)`)");
  }
}
