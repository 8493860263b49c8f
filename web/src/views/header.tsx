// The header: brand, what data this is (a "Demo data" label whenever the snapshot's source
// is the demo universe), its date, the offline notice, the local engine and the theme.

import type { LocalStatus } from "../state/local-universe.ts";
import type { Theme } from "../state/theme.ts";
import type { UniverseInfo } from "../types.ts";

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

export function localLabel(status: LocalStatus): string {
  switch (status.state) {
    case "idle":
      return "edge only";
    case "loading":
      return `downloading universe ${status.loaded}/${status.total} (${mb(status.bytes)})`;
    case "ready":
      return status.info.gpu
        ? `on device · WebGPU${status.info.gpuFallback ? " (software)" : ""}`
        : "on device · JavaScript";
    case "error":
      return "local scanning unavailable";
  }
}

export function Header(props: {
  universe: UniverseInfo | null;
  online: boolean;
  local: LocalStatus;
  theme: Theme;
  onToggleTheme: () => void;
  onHome: () => void;
}) {
  const { universe, online, local } = props;
  return (
    <header class="top">
      <a
        class="brand"
        href="/"
        onClick={(e) => {
          e.preventDefault();
          props.onHome();
        }}
      >
        <img src="/favicon.svg" alt="" width={22} height={22} />
        Technic
      </a>
      {universe?.demo && (
        <span class="badge demo" data-testid="demo-badge" title={universe.source.label}>
          Demo data
        </span>
      )}
      {universe && (
        <span class="universe" title={universe.version}>
          {universe.symbols.toLocaleString()} symbols · {universe.days.last}
          {universe.stale ? " (stale)" : ""}
        </span>
      )}
      <div class="spacer" />
      {!online && (
        <span class="badge offline" role="status" data-testid="offline-notice">
          Offline
        </span>
      )}
      <span
        class={`badge engine ${local.state}`}
        data-testid="local-status"
        title={
          local.state === "ready" ? (local.info.gpu ?? "JavaScript") : local.state === "error" ? local.message : ""
        }
      >
        {localLabel(local)}
      </span>
      <button
        type="button"
        class="icon"
        onClick={props.onToggleTheme}
        aria-label={`Switch to ${props.theme === "dark" ? "light" : "dark"} theme`}
      >
        {props.theme === "dark" ? "☀" : "☾"}
      </button>
    </header>
  );
}
