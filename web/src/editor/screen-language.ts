// The screen language for CodeMirror 6: highlighting (a stream tokenizer over the language's
// own keyword and name lists), autocomplete of fields, indicator functions with their
// parameters and defaults, language functions and keywords, and inline errors from the real
// compiler (the same ScreenError, line and column the CLI and the API report).

import {
  autocompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from "@codemirror/autocomplete";
import { StreamLanguage, syntaxHighlighting } from "@codemirror/language";
import { type Diagnostic, linter } from "@codemirror/lint";
import type { Extension } from "@codemirror/state";
import { classHighlighter } from "@lezer/highlight";
import { indicatorSpecs } from "../../../engine/indicators/registry.ts";
import { FUNDAMENTAL_FIELDS } from "../../../engine/snapshot/fundamentals.ts";
import { tryCompileScreen } from "../../../engine/screen/compile.ts";
import { formatScreenError } from "../../../engine/screen/errors.ts";
import { CROSS_FUNCTIONS, MATH_FUNCTIONS, WINDOW_FUNCTIONS } from "../../../engine/screen/functions.ts";
import { KEYWORDS } from "../../../engine/screen/parser.ts";
import { PRICE_FIELDS, TEXT_FIELDS } from "../../../engine/screen/typed.ts";

const FIELDS = new Set<string>([...PRICE_FIELDS, ...TEXT_FIELDS, ...FUNDAMENTAL_FIELDS]);

function indicatorCompletions(): Completion[] {
  return indicatorSpecs().flatMap((spec) =>
    spec.outputs.map((output) => {
      const params = spec.params.map((p) => `${p.name} = ${p.default}`);
      if (spec.sourceable) params.unshift("source = close");
      return { label: output, type: "function", detail: `(${params.join(", ")})`, info: spec.title, boost: 1 };
    }),
  );
}

const languageFunctions = (): Completion[] =>
  [...Object.values(WINDOW_FUNCTIONS), ...Object.values(MATH_FUNCTIONS), ...Object.values(CROSS_FUNCTIONS)].map(
    (f) => ({
      label: f.name,
      type: "function",
      detail: f.signature.slice(f.name.length),
      info: f.doc,
    }),
  );

let completions: Completion[] | null = null;
function allCompletions(): Completion[] {
  completions ??= [
    ...[...FIELDS].map((f) => ({ label: f, type: "variable", boost: 2 })),
    ...indicatorCompletions(),
    ...languageFunctions(),
    ...[...KEYWORDS].map((k) => ({ label: k, type: "keyword", boost: -1 })),
  ];
  return completions;
}

let functionNames: Set<string> | null = null;
const isFunction = (word: string) =>
  (functionNames ??= new Set(
    allCompletions()
      .filter((c) => c.type === "function")
      .map((c) => c.label),
  )).has(word);

const screenLanguage = StreamLanguage.define({
  name: "technic-screen",
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match(/^#.*/)) return "comment";
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^'\\]|\\.)*'?/)) return "string";
    if (stream.match(/^\d+(\.\d+)?([eE][+-]?\d+)?%?/)) return "number";
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_.]*/) as RegExpMatchArray | null;
    if (word) {
      const w = word[0].toLowerCase();
      if (KEYWORDS.has(w)) return "keyword";
      if (isFunction(w)) return "variableName.function";
      if (FIELDS.has(w)) return "variableName";
      return "name";
    }
    if (stream.match(/^(<=|>=|==|!=|[<>+\-*/])/)) return "operator";
    stream.next();
    return "punctuation";
  },
  languageData: { commentTokens: { line: "#" } },
});

function complete(context: CompletionContext): CompletionResult | null {
  const word = context.matchBefore(/[A-Za-z_][A-Za-z0-9_]*/);
  if (!word || (word.from === word.to && !context.explicit)) return null;
  return { from: word.from, options: allCompletions(), validFor: /^[A-Za-z0-9_]*$/ };
}

/** Diagnostics for `text`: none when it compiles, else the compiler's error at its span. */
export function screenDiagnostics(text: string): { diagnostics: Diagnostic[]; message: string | null } {
  if (!text.trim()) return { diagnostics: [], message: null };
  const result = tryCompileScreen(text);
  if (result.ok) return { diagnostics: [], message: null };
  const { span } = result.error;
  const from = Math.min(span.start, text.length);
  const to = Math.max(from, Math.min(span.end, text.length));
  return {
    diagnostics: [
      { from, to: to === from && to < text.length ? to + 1 : to, severity: "error", message: result.error.message },
    ],
    message: formatScreenError(text, result.error),
  };
}

export function screenLanguageSupport(): Extension[] {
  return [
    screenLanguage,
    syntaxHighlighting(classHighlighter),
    autocompletion({ override: [complete], activateOnTyping: true }),
    linter((view) => screenDiagnostics(view.state.doc.toString()).diagnostics, { delay: 150 }),
  ];
}
