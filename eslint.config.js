// Lint rules: typescript-eslint's recommended set for the whole project, plus the layering
// rule that keeps engine/ pure (no Node, Cloudflare, DOM-host or cross-folder imports).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/",
      "**/.technic/",
      "**/dist/",
      "**/coverage/",
      "**/.wrangler/",
      "engine/indicators/wasm/assembly/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-empty": ["error", { allowEmptyCatch: true }],
    },
  },
  {
    files: ["engine/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:*", "fs", "path", "os", "crypto", "stream", "zlib", "http", "https", "url"],
              message: "engine/ is pure: no Node imports (do I/O in cli/ or worker/).",
            },
            {
              group: ["cloudflare:*", "hono", "hono/*", "wrangler", "@cloudflare/*"],
              message: "engine/ is pure: no Cloudflare imports (that belongs in worker/).",
            },
            {
              group: ["**/worker/**", "**/cli/**", "**/web/**", "**/shaders/**", "**/db/**"],
              message: "engine/ must not depend on a host.",
            },
          ],
        },
      ],
    },
  },
);
