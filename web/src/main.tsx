// Entry: render the app, then register the service worker (vite-plugin-pwa's workbox build
// precaches the app shell so the app opens offline).

import { render } from "preact";
import { App } from "./app.tsx";
import { localEngine } from "./state/local-universe.ts";
import type { EnginePreference } from "./local/protocol.ts";
import { SCAN_LIMIT } from "./views/scan-page.tsx";
import "./styles.css";

render(<App />, document.getElementById("app") as HTMLElement);

// A console handle for power users (and the browser tests): run any screen on this device
// with a chosen engine, e.g. `await technic.scan("rsi(14) < 30", "js")`.
Object.assign(globalThis, {
  technic: {
    scan: (screen: string, engine: EnginePreference = "auto", limit = SCAN_LIMIT) =>
      localEngine().scan(screen, limit, engine),
  },
});

if ("serviceWorker" in navigator && !import.meta.env.DEV)
  addEventListener("load", () => {
    void import("virtual:pwa-register").then(({ registerSW }) => registerSW({ immediate: true }));
  });
