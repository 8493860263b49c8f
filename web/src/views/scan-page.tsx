// The scan view: gallery, editor, Scan button with the edge's progress stream, and the
// results grid. With the universe on the device, editing re-ranks locally as the user types
// (no round trip); the status line always says which engine answered and how fast.

import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, type StreamProgress, scanOnEdge } from "../api.ts";
import { ScreenEditor } from "../editor/screen-editor.tsx";
import { ResultsGrid } from "../grid/results-grid.tsx";
import { LocalScanError } from "../local/local-engine.ts";
import { recordInUrl } from "../router.ts";
import { loadLastResults, saveLastResults } from "../state/last-results.ts";
import { type LocalStatus, localEngine } from "../state/local-universe.ts";
import { reportReachable } from "../state/online.ts";
import type { BuiltinScreen, ScanOutcome } from "../types.ts";
import { Gallery } from "./gallery.tsx";
import { StatusLine } from "./status-line.tsx";

/** Rows asked for: the API's maximum, so a broad screen shows the whole universe. */
export const SCAN_LIMIT = 10_000;
const DEFAULT_SCREEN = "momentum-leaders";

type RunOn = "edge" | "device";

function resolveScreen(param: string | null, screens: BuiltinScreen[]): { text: string; id: string | null } {
  const wanted = param ?? DEFAULT_SCREEN;
  const builtin = screens.find((s) => s.id === wanted);
  return builtin ? { text: builtin.text, id: builtin.id } : { text: wanted, id: null };
}

export function ScanPage(props: {
  screenParam: string | null;
  screens: BuiltinScreen[];
  local: LocalStatus;
  online: boolean;
  /** Called once the first answer (or error) of this visit is on screen. */
  onSettled?: () => void;
  onOpenSymbol: (symbol: string, screen: string) => void;
}) {
  const { screens, local, online } = props;
  const initial = useMemo(() => resolveScreen(props.screenParam, screens), [props.screenParam, screens]);
  const [text, setText] = useState(initial.text);
  const [valid, setValid] = useState(true);
  const [runOn, setRunOn] = useState<RunOn>("edge");
  const [live, setLive] = useState(true);
  const [progress, setProgress] = useState<StreamProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const saved = useMemo(loadLastResults, []);
  const [outcome, setOutcome] = useState<ScanOutcome | null>(saved?.outcome ?? null);
  const [fromSaved, setFromSaved] = useState(saved !== null);
  const generation = useRef(0);
  const localReady = local.state === "ready";
  const enginePreference = new URL(location.href).searchParams.get("engine") === "js" ? "js" : "auto";

  useEffect(() => setText(initial.text), [initial.text]);

  // The screen's name in the URL: a built-in's id while the text is unchanged, else the text.
  const builtin = screens.find((s) => s.text === text) ?? null;
  const screenParam = builtin?.id ?? text;

  const finish = useCallback((result: ScanOutcome, screen: string) => {
    setOutcome(result);
    setFromSaved(false);
    setError(null);
    saveLastResults({ screen, outcome: result });
  }, []);

  const run = useCallback(
    async (where: RunOn, screen: string, live = false) => {
      const mine = ++generation.current;
      const started = performance.now();
      setRunning(true);
      setProgress(where === "edge" ? { phase: "start", done: 0, total: 0, matched_so_far: 0 } : null);
      try {
        if (where === "edge") {
          const body = await scanOnEdge(screen, SCAN_LIMIT, (p) => mine === generation.current && setProgress(p));
          reportReachable(true);
          if (mine !== generation.current) return;
          finish(
            {
              body,
              engine: body.meta.cache ? "cache" : "edge",
              elapsedMs: performance.now() - started,
              at: new Date().toISOString(),
            },
            screen,
          );
        } else {
          const scan = await localEngine().scan(
            screen,
            SCAN_LIMIT,
            live && enginePreference === "auto" ? "live" : enginePreference,
          );
          if (mine !== generation.current) return;
          finish(
            {
              body: scan.body,
              engine: scan.engine,
              engineDetail: scan.detail,
              elapsedMs: performance.now() - started,
              at: new Date().toISOString(),
            },
            screen,
          );
        }
      } catch (e) {
        if (mine !== generation.current) return;
        if (e instanceof ApiError && e.code === "offline") reportReachable(false);
        setError(e instanceof ApiError || e instanceof LocalScanError ? e.message : String(e));
      } finally {
        if (mine === generation.current) {
          setRunning(false);
          setProgress(null);
        }
      }
    },
    [finish, enginePreference],
  );

  // First results on opening: from the edge (it answers before the universe is downloaded).
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current || screens.length === 0) return;
    opened.current = true;
    // Back from a symbol page: the same screen's answer from moments ago is still current.
    const screen = initial.id ?? initial.text;
    const recent = saved && saved.screen === screen && Date.now() - Date.parse(saved.outcome.at) < 120_000;
    if (!online) return; // offline: the saved answer stays labelled as such
    if (recent) setFromSaved(false);
    else void run("edge", screen);
  }, [screens, online, run, initial]);

  useEffect(() => {
    if (!running && !fromSaved && (outcome || error)) props.onSettled?.();
  }, [running, fromSaved, outcome, error]);

  // Typing re-ranks on the device, debounced, once the universe is here.
  const typed = useRef(false);
  // The address bar follows the screen, once typing pauses (replaceState was the largest
  // script cost per keystroke).
  useEffect(() => {
    if (!text.trim()) return;
    const timer = setTimeout(() => recordInUrl({ page: "scan", screen: screenParam }), 200);
    return () => clearTimeout(timer);
  }, [screenParam]);
  useEffect(() => {
    if (!typed.current) return;
    if (!(localReady && live && valid)) return;
    const timer = setTimeout(() => void run("device", text, true), 250);
    return () => clearTimeout(timer);
  }, [text, localReady, live, valid]);

  const onChange = (t: string) => {
    typed.current = true;
    setText(t);
  };
  const scan = () =>
    valid && void run(runOn === "device" && localReady ? "device" : "edge", runOn === "edge" ? screenParam : text);
  const pick = (s: BuiltinScreen) => {
    typed.current = false;
    setText(s.text);
    void run(runOn === "device" && localReady ? "device" : "edge", runOn === "device" ? s.text : s.id);
  };

  const pct = progress && progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : 0;
  return (
    <main class="scan-page">
      <Gallery screens={screens} selected={builtin?.id ?? null} onPick={pick} />
      <section class="compose" aria-label="Screen">
        <ScreenEditor text={text} onChange={onChange} onRun={scan} onValidity={setValid} />
        <div class="actions">
          <button type="button" class="primary" onClick={scan} disabled={!valid || running} data-testid="scan-button">
            {running ? "Scanning…" : "Scan"}
          </button>
          <div class="segmented" role="radiogroup" aria-label="Run on">
            <button
              type="button"
              role="radio"
              aria-checked={runOn === "edge"}
              class={runOn === "edge" ? "on" : ""}
              onClick={() => setRunOn("edge")}
            >
              Edge
            </button>
            <button
              type="button"
              role="radio"
              aria-checked={runOn === "device"}
              class={runOn === "device" ? "on" : ""}
              disabled={!localReady}
              title={localReady ? "" : "available once the universe is on this device"}
              onClick={() => setRunOn("device")}
            >
              This device
            </button>
          </div>
          <label class="live" title="re-rank on this device while typing">
            <input type="checkbox" checked={live} onChange={() => setLive(!live)} disabled={!localReady} /> Live
          </label>
          {progress && (
            <div
              class="progress"
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={pct}
              data-testid="scan-progress"
            >
              <div class="bar" style={{ width: `${pct}%` }} />
              <span>
                {progress.total ? `${progress.phase} · ${progress.done}/${progress.total} shards` : "starting"} ·{" "}
                {progress.matched_so_far.toLocaleString()} matches so far
              </span>
            </div>
          )}
        </div>
        {error && (
          <p class="error" role="alert" data-testid="scan-error">
            {error}
          </p>
        )}
      </section>
      {outcome && <StatusLine outcome={outcome} saved={fromSaved} online={online} />}
      {outcome && (
        <ResultsGrid
          body={outcome.body}
          screenName={builtin?.id ?? "custom-screen"}
          onOpenSymbol={(symbol) => props.onOpenSymbol(symbol, screenParam)}
        />
      )}
    </main>
  );
}
