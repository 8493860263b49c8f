// The widget's build: one self-contained ES module, web/dist/widget.js, that any site loads
// with <script type="module">. A library build so it shares no chunk (and no hashed name)
// with the app, and it runs after the app's build, so it must leave web/dist as it is.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const outDir = here("../dist");

// A module script from another origin runs only if its response allows that origin (CORS),
// and the Worker's static assets send no such header unless `_headers` asks for it. The rule
// is appended to whatever `_headers` the app's build left, so neither build owns the file.
const HEADERS_RULE = `/widget.js
  Access-Control-Allow-Origin: *
  Cross-Origin-Resource-Policy: cross-origin
`;
function widgetHeaders(): Plugin {
  return {
    name: "technic-widget-headers",
    apply: "build",
    writeBundle() {
      const file = `${outDir}/_headers`;
      const current = existsSync(file) ? readFileSync(file, "utf8") : "";
      if (current.includes("/widget.js")) return;
      writeFileSync(file, `${current}${current && !current.endsWith("\n") ? "\n" : ""}${HEADERS_RULE}`);
    },
  };
}

export default defineConfig({
  root: here("."),
  publicDir: false, // web/public belongs to the app's build
  logLevel: "warn",
  plugins: [widgetHeaders()],
  build: {
    outDir,
    emptyOutDir: false, // the app is already in web/dist
    copyPublicDir: false,
    target: "es2022",
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    // Vite keeps whitespace in an ES library for the next bundler; browsers load this file
    // directly, so it gets the whole minifier and no comments.
    rolldownOptions: { output: { minify: true, comments: false } },
    lib: {
      entry: here("technic-screen.ts"),
      formats: ["es"],
      fileName: () => "widget.js",
    },
  },
});
