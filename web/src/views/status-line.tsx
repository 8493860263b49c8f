// What answered, how fast, and on what: edge, cache, WebGPU (with the adapter) or
// JavaScript — and, when showing saved results offline, from when.

import type { ScanOutcome } from "../types.ts";

const ENGINE_LABEL = {
  edge: "Edge",
  cache: "Edge cache",
  webgpu: "WebGPU on this device",
  js: "JavaScript on this device",
};

export function StatusLine({ outcome, saved, online }: { outcome: ScanOutcome; saved: boolean; online: boolean }) {
  const { meta } = outcome.body;
  const ms = outcome.elapsedMs; // wall time as the user waited, whichever engine answered
  return (
    <div class="status-line" data-testid="scan-status" data-engine={outcome.engine} data-at={outcome.at}>
      {saved && (
        <span class="saved" data-testid="saved-results">
          {online ? "Last results" : "Offline — last results"} from {new Date(outcome.at).toLocaleString()}
        </span>
      )}
      <strong>{meta.matched.toLocaleString()}</strong> matches of {meta.evaluated.toLocaleString()} · as of {meta.as_of}{" "}
      ·{" "}
      <span class={`engine-tag ${outcome.engine}`} title={outcome.engineDetail ?? ""}>
        {ENGINE_LABEL[outcome.engine]}
        {outcome.engineDetail && outcome.engine === "webgpu" ? ` (${outcome.engineDetail})` : ""}
      </span>{" "}
      · <span data-testid="scan-time">{ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms</span>
      {meta.partial && (
        <span class="warn">
          {" "}
          · partial: {meta.missing_shards.reduce((n, m) => n + m.symbols, 0)} symbols in {meta.missing_shards.length}{" "}
          shard(s) did not answer
        </span>
      )}
    </div>
  );
}
