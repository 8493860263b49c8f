// GET /docs: the API reference as one self-contained HTML page rendered from the OpenAPI
// document (no scripts or assets from elsewhere: it works offline and on the local stack).

interface OpenApiDocument {
  info: { title: string; version: string };
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        parameters?: Parameter[];
        requestBody?: unknown;
        responses?: Record<string, { description?: string }>;
      }
    >
  >;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { type?: string; description?: string };
  description?: string;
}

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);

const EXAMPLES: Record<string, string> = {
  "POST /v1/scan": `curl -X POST /v1/scan -H 'content-type: application/json' \\\n  -d '{"screen": "close > sma(200) and rsi(14) < 30 sort by roc(126) desc", "limit": 20}'`,
  "GET /v1/scan/stream": "curl -N '/v1/scan/stream?screen=golden-cross&limit=10'",
  "GET /v1/symbols/{symbol}": "curl '/v1/symbols/SPY?days=60&indicators=rsi_14,sma_50'",
};

export function renderDocsPage(doc: OpenApiDocument): string {
  const sections = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const key = `${method.toUpperCase()} ${path}`;
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${escape(p.name)}</code> (${escape(p.in)}${p.required ? ", required" : ""}) ${escape(p.description ?? p.schema?.description ?? "")}</li>`,
        )
        .join("");
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => `<li><code>${status}</code> ${escape(r.description ?? "")}</li>`)
        .join("");
      const example = EXAMPLES[key] ? `<pre>${escape(EXAMPLES[key] as string)}</pre>` : "";
      return `<section><h2><span class="m">${method.toUpperCase()}</span> ${escape(path)}</h2><p>${escape(op.summary ?? "")}</p>${params ? `<h3>Parameters</h3><ul>${params}</ul>` : ""}${op.requestBody ? '<p>Body: JSON, see the schema in <a href="/v1/openapi.json">/v1/openapi.json</a>.</p>' : ""}<h3>Responses</h3><ul>${responses}</ul>${example}</section>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(doc.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem}h2{font-size:1.1rem;margin-top:2rem;border-top:1px solid #ddd;padding-top:1rem}
.m{display:inline-block;min-width:3.5rem;font:600 .8rem monospace;background:#eef;padding:.1rem .4rem;border-radius:4px}
pre{background:#f5f5f7;padding:.7rem;overflow:auto}code{font-family:ui-monospace,monospace}
@media (prefers-color-scheme:dark){body{background:#111;color:#ddd}pre{background:#1c1c1f}.m{background:#223}}</style></head>
<body><h1>${escape(doc.info.title)} <small>v${escape(doc.info.version)}</small></h1>
<p>Errors always have the shape <code>{ "error": { "code", "message", "details" } }</code>. The screen language is documented in the project's <code>docs/screen-language.md</code>; the machine-readable API is <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI 3.1).</p>
${sections.join("\n")}
</body></html>`;
}
