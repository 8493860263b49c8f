// The web app's build: a Preact PWA in web/, built into web/dist, which the Worker serves as
// static assets from the API's own origin (wrangler.toml [assets]). The embeddable widget
// has its own build (web/widget/vite.config.ts) so it shares no chunk with the app.

import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  publicDir: "public",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The engine and the editor are big on purpose and load lazily; the budget that matters
    // (initial JS under 250 KB gzipped) is checked by `npm run bench -- web`.
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: "es" },
  plugins: [
    VitePWA({
      registerType: "autoUpdate",
      injectRegister: false, // registered in src/pwa.ts, after first paint
      includeAssets: ["favicon.svg", "icons/*.png", "widget-demo.html"],
      manifest: {
        name: "Technic — stock scanner",
        short_name: "Technic",
        description: "Scan the whole US market with any screen, on the edge or on your own GPU.",
        start_url: "/",
        scope: "/",
        display: "standalone",
        background_color: "#0f1419",
        theme_color: "#0f1419",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      workbox: {
        // The app shell: every built file, so the app opens offline.
        globPatterns: ["**/*.{js,css,html,svg,png,webmanifest,wasm}"],
        globIgnores: ["widget.js", "widget-demo.html"],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        // A new version takes over at once: the shell and the API it talks to stay in step.
        clientsClaim: true,
        skipWaiting: true,
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [/^\/v1\//, /^\/docs/, /^\/health/, /^\/widget/],
        runtimeCaching: [
          {
            // Screens and universe facts: fresh when online, the last copy when offline.
            urlPattern: ({ url }) => url.pathname === "/v1/screens" || url.pathname === "/v1/universe",
            handler: "NetworkFirst",
            options: {
              cacheName: "technic-api",
              networkTimeoutSeconds: 4,
              // The device's copy is marked, so the app does not take it as the API answering
              // (it would clear the offline notice while the network is down).
              plugins: [
                {
                  cachedResponseWillBeUsed: async ({ cachedResponse }) => {
                    if (!cachedResponse) return cachedResponse;
                    const headers = new Headers(cachedResponse.headers);
                    headers.set("x-technic-device-copy", "1");
                    return new Response(cachedResponse.body, {
                      status: cachedResponse.status,
                      statusText: cachedResponse.statusText,
                      headers,
                    });
                  },
                },
              ],
            },
          },
        ],
      },
    }),
  ],
});
