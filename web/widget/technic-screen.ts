// <technic-screen>: the embeddable widget. A custom element with no framework and no
// dependencies, so the bundle stays a few KB and cannot clash with the host page's own
// libraries. Everything renders into an open Shadow DOM: the host page's CSS cannot reach the
// table and the widget's CSS cannot reach the page. All data goes in through textContent,
// never innerHTML, because rows come from the network and names are third-party text.
//
//   <script type="module" src="https://<host>/widget.js"></script>
//   <technic-screen screen="momentum-leaders" limit="10" theme="dark"></technic-screen>

interface BuiltinScreen {
  id: string;
  title: string;
  canonical: string;
}

interface ScanRow {
  rank: number;
  symbol: string;
  name: string;
  close: number | null;
  sort: number | null;
  values?: Record<string, number | null>;
}

interface ScanAnswer {
  meta: { as_of: string; demo: boolean; screen: string; matched: number };
  columns: string[];
  rows: ScanRow[];
}

/** A failed load: `retry` is false when asking again cannot help (a bad screen). */
class LoadError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly caret?: string,
  ) {
    super(message);
  }
}

// Where the script came from: the default API, so a plain embed needs no `api` attribute.
const SCRIPT_ORIGIN = new URL(import.meta.url).origin;

// /v1/screens once per API per page, shared by every widget on it; a failure is forgotten so
// the next load asks again. Titles are a nicety: without them the widget still works.
const screensByApi = new Map<string, Promise<BuiltinScreen[]>>();
function builtinScreens(api: string): Promise<BuiltinScreen[]> {
  let list = screensByApi.get(api);
  if (!list) {
    list = fetch(`${api}/v1/screens`)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((body: { screens: BuiltinScreen[] }) => body.screens)
      .catch(() => {
        screensByApi.delete(api);
        return [];
      });
    screensByApi.set(api, list);
  }
  return list;
}

// ---- formatting for traders -------------------------------------------------------------

/** How a column reads, from its name: built-ins name their columns `mom_6m`, `rel_volume`… */
function columnKind(name: string): "pct" | "volume" | "ratio" | "plain" {
  if (/rvol|rel_?vol/.test(name)) return "ratio";
  if (/pct_?b/.test(name)) return "plain"; // Bollinger %B is a 0–1 position, not a return
  if (/(^|_)(pct|mom|roc|ret|change|chg|gap|from|dist|perf)(_|\d|$)/.test(name)) return "pct";
  if (/volume|dollar|(^|_)adv(_|$)/.test(name)) return "volume";
  return "plain";
}

function compact(v: number): string {
  const a = Math.abs(v);
  for (const [unit, size] of [
    ["T", 1e12],
    ["B", 1e9],
    ["M", 1e6],
    ["K", 1e3],
  ] as const)
    if (a >= size) return `${(v / size).toFixed(a / size >= 100 ? 0 : 1)}${unit}`;
  return v.toFixed(0);
}

// Two decimals keep a column's points aligned; past 1,000 they are noise.
const plain = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const price = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** Text for a value, and its sign when green/red carries meaning (returns, MACD histogram). */
export function formatValue(column: string, v: number | null | undefined): { text: string; sign: number } {
  if (v === null || v === undefined || !Number.isFinite(v)) return { text: "—", sign: 0 };
  const kind = columnKind(column);
  if (kind === "pct")
    return { text: `${v > 0 ? "+" : ""}${v.toFixed(Math.abs(v) >= 100 ? 0 : 1)}%`, sign: Math.sign(v) };
  if (kind === "ratio") return { text: `${v.toFixed(1)}×`, sign: 0 };
  if (kind === "volume" || Math.abs(v) >= 1e6) return { text: compact(v), sign: 0 };
  return {
    text: (Math.abs(v) >= 1000 ? whole : plain).format(v),
    sign: /macd|hist|diff/.test(column) ? Math.sign(v) : 0,
  };
}

function clamp(raw: string | null, fallback: number, min: number, max: number): number {
  const n = Number.parseInt(raw ?? "", 10);
  return Number.isNaN(n) ? fallback : Math.min(max, Math.max(min, n));
}

// ---- styles -------------------------------------------------------------------------------

// `all: initial` on :host stops inherited page styles (font, color, line-height, text-align…)
// at the boundary; the theme is a set of custom properties, dark/light by attribute or, with
// no attribute, by the reader's system setting.
const STYLE = `
:host{all:initial;display:block;contain:content;box-sizing:border-box;max-width:100%;
font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);
border:1px solid var(--line);border-radius:8px;overflow:hidden;
--bg:#fff;--fg:#1f2328;--mute:#656d76;--line:#d0d7de;--up:#1a7f37;--down:#cf222e;--link:#0969da;--sk:#eaeef2;--warn:#9a6700}
:host([hidden]){display:none}
:host([theme=dark]){--bg:#0f1419;--fg:#e6edf3;--mute:#8b98a5;--line:#2a323c;--up:#3fb950;--down:#f85149;--link:#58a6ff;--sk:#1f2730;--warn:#d29922}
@media (prefers-color-scheme:dark){:host(:not([theme=light])){--bg:#0f1419;--fg:#e6edf3;--mute:#8b98a5;--line:#2a323c;--up:#3fb950;--down:#f85149;--link:#58a6ff;--sk:#1f2730;--warn:#d29922}}
*{box-sizing:border-box}
a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
header,footer{display:flex;align-items:baseline;gap:8px;padding:8px 12px;flex-wrap:wrap}
header{border-bottom:1px solid var(--line)}
footer{border-top:1px solid var(--line);color:var(--mute);font-size:11px;justify-content:space-between}
.title{font-weight:600;font-size:14px;color:var(--fg)}
.asof{color:var(--mute);font-size:12px;margin-left:auto}
.badge{font-size:10px;text-transform:uppercase;letter-spacing:.05em;padding:1px 6px;border-radius:9px;border:1px solid var(--warn);color:var(--warn)}
.msg{padding:8px 12px;color:var(--warn);font-size:12px}.msg.bad{color:var(--down)}
.msg pre{margin:4px 0 0;font:11px/1.3 ui-monospace,monospace;white-space:pre-wrap;color:var(--mute)}
.wrap{overflow-x:auto}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
caption{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
th,td{padding:5px 8px;text-align:right;white-space:nowrap;border-bottom:1px solid var(--line)}
th{font-size:11px;font-weight:500;color:var(--mute);text-transform:uppercase;letter-spacing:.03em}
tr:last-child>*{border-bottom:0}
.l{text-align:left}.rank{color:var(--mute);width:1%}
.sym{font-weight:600}
.name{max-width:14em;overflow:hidden;text-overflow:ellipsis;color:var(--mute)}
.up{color:var(--up)}.down{color:var(--down)}
.sk{display:inline-block;height:10px;width:70%;border-radius:4px;background:var(--sk);animation:p 1.2s ease-in-out infinite}
@keyframes p{50%{opacity:.4}}
@media (prefers-reduced-motion:reduce){.sk{animation:none}}
`;

// ---- the element --------------------------------------------------------------------------

/** Creates an element with a class and text: the only way data reaches the DOM. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = "", text = ""): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text) node.textContent = text;
  return node;
}

export class TechnicScreen extends HTMLElement {
  static readonly observedAttributes = ["screen", "limit", "theme", "refresh", "api", "columns"];

  private readonly titleLink = el("a", "title", "Technic"); // until the screen's title is known
  private readonly badge = el("span", "badge", "Demo data");
  private readonly asOf = el("span", "asof");
  private readonly msg = el("div", "msg");
  private readonly wrap = el("div", "wrap");
  private readonly table = el("table");
  private readonly caption = el("caption");
  private readonly head = el("tr");
  private readonly body = el("tbody");
  private readonly brand = el("a", "", "Powered by Technic");
  private readonly updated = el("span");
  private rows: ScanRow[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: AbortController | undefined;
  private reloadQueued = false;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    const header = el("header");
    this.badge.hidden = true;
    this.titleLink.target = "_blank";
    this.titleLink.rel = "noopener";
    this.brand.target = "_blank";
    this.brand.rel = "noopener";
    this.msg.setAttribute("role", "status");
    this.msg.hidden = true;
    header.append(this.titleLink, this.badge, this.asOf);
    const thead = el("thead");
    thead.append(this.head);
    this.table.append(this.caption, thead, this.body);
    this.wrap.append(this.table);
    const footer = el("footer");
    footer.append(this.brand, this.updated);
    const style = el("style");
    style.textContent = STYLE;
    root.append(style, header, this.msg, this.wrap, footer);
  }

  // ---- attributes, read fresh on every load so a change takes effect at once ----

  get screen(): string {
    return (this.getAttribute("screen") ?? "").trim();
  }
  get limit(): number {
    return clamp(this.getAttribute("limit"), 10, 1, 100);
  }
  /** Seconds between refreshes; 0 = never. Under 10 s would only load the API for nothing. */
  get refresh(): number {
    const n = clamp(this.getAttribute("refresh"), 60, 0, 86_400);
    return n === 0 ? 0 : Math.max(10, n);
  }
  get api(): string {
    return (this.getAttribute("api") || SCRIPT_ORIGIN).replace(/\/+$/, "");
  }
  get columns(): string[] {
    return (this.getAttribute("columns") ?? "")
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean);
  }
  /** Where the app lives: the API's origin serves it too. */
  private get app(): string {
    try {
      return new URL(this.api).origin;
    } catch {
      return this.api;
    }
  }

  connectedCallback(): void {
    this.queueLoad();
  }

  disconnectedCallback(): void {
    this.stop();
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (old === value || !this.isConnected || name === "theme") return; // theme is pure CSS
    if (name === "screen" || name === "api" || name === "columns") this.reset(); // another table now
    this.queueLoad();
  }

  /** Forgets the last answer, so nothing of one screen is shown under another. */
  private reset(): void {
    this.rows = [];
    this.titleLink.textContent = "Technic";
    this.asOf.textContent = this.updated.textContent = "";
    this.badge.hidden = true;
  }

  /**
   * Loads once the current task settles: setting several attributes in a row (frameworks do,
   * and so does an upgrade, attribute by attribute before connectedCallback) costs one request.
   */
  private queueLoad(): void {
    if (this.reloadQueued) return;
    this.reloadQueued = true;
    queueMicrotask(() => {
      this.reloadQueued = false;
      if (this.isConnected) void this.load();
    });
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  private schedule(seconds: number): void {
    clearTimeout(this.timer);
    if (seconds > 0)
      // A background tab does not poll: it waits for the next turn after it is shown again.
      this.timer = setTimeout(() => (document.hidden ? this.schedule(seconds) : void this.load()), seconds * 1000);
  }

  /** Fetches the scan (and the built-in titles), renders, and schedules the next refresh. */
  async load(): Promise<void> {
    this.stop();
    const { screen, api, limit, columns } = this;
    const app = this.app;
    this.brand.href = `${app}/`;
    this.titleLink.href = `${app}/scan?screen=${encodeURIComponent(screen)}`;
    if (!screen) {
      this.reset();
      this.renderTable([], []);
      this.show(
        'Missing the "screen" attribute: set it to a built-in screen id (e.g. momentum-leaders) or screen text.',
        true,
      );
      return;
    }
    if (!this.rows.length) this.renderSkeleton(Math.min(limit, 10));
    this.table.setAttribute("aria-busy", "true");
    const controller = new AbortController();
    this.inFlight = controller;
    const timeout = setTimeout(() => controller.abort(), 30_000); // a hung request counts as unreachable
    try {
      const [answer, screens] = await Promise.all([
        this.scan(api, { screen, limit, ...(columns.length ? { columns } : {}) }, controller.signal),
        builtinScreens(api),
      ]);
      if (this.inFlight !== controller) return; // superseded or disconnected meanwhile
      const builtin = screens.find((s) => s.id === screen || s.canonical === answer.meta.screen);
      this.titleLink.textContent = builtin?.title ?? "Custom screen";
      this.titleLink.title = builtin?.title ?? screen;
      this.caption.textContent = `${this.titleLink.textContent}: top ${answer.rows.length} of ${answer.meta.matched} matches`;
      this.badge.hidden = !answer.meta.demo;
      this.asOf.textContent = `as of ${formatDay(answer.meta.as_of)}`;
      this.updated.textContent = `updated ${new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`;
      this.rows = answer.rows;
      this.renderTable(answer.rows, this.valueColumns(answer, columns.length));
      if (answer.rows.length) this.show("");
      else this.show("No stocks match this screen today.", false);
      this.schedule(this.refresh);
    } catch (error) {
      if (this.inFlight !== controller) return;
      const failure =
        error instanceof LoadError
          ? error
          : new LoadError(`Technic is unreachable — retrying in ${this.retryDelay} s`, true);
      if (!this.rows.length) this.renderTable([], []); // drop the skeleton; keep real rows
      this.show(failure.message, !failure.retry, failure.caret);
      if (failure.retry) this.schedule(this.retryDelay);
    } finally {
      clearTimeout(timeout);
      if (this.inFlight === controller) this.inFlight = undefined;
      this.table.removeAttribute("aria-busy");
    }
  }

  /** After a failure, try again on the refresh interval, or every minute when refresh is off. */
  private get retryDelay(): number {
    return this.refresh || 60;
  }

  private async scan(api: string, request: object, signal: AbortSignal): Promise<ScanAnswer> {
    const response = await fetch(`${api}/v1/scan`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
      signal,
    });
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new LoadError(`Unexpected answer from ${api} (HTTP ${response.status}) — is this a Technic API?`, false);
    }
    if (!response.ok) {
      const error = (body as { error?: { message?: string; details?: { caret?: string } } }).error;
      // 5xx (no snapshot yet, an outage) may pass; a 4xx is the screen's or the page's fault.
      const retry = response.status >= 500;
      const text = error?.message ?? `HTTP ${response.status}`;
      throw new LoadError(retry ? `${text} — retrying in ${this.retryDelay} s` : text, retry, error?.details?.caret);
    }
    return body as ScanAnswer;
  }

  /**
   * Which values to show beside the price: the columns the embedder asked for, else the
   * screen's first two shown columns (the first is usually its sort key), else the sort value.
   */
  private valueColumns(answer: ScanAnswer, requested: number): string[] {
    if (requested) return answer.columns.slice(-requested).slice(0, 4);
    if (answer.columns.length) return answer.columns.slice(0, 2);
    return answer.rows.some((r) => r.sort !== null) ? ["sort"] : [];
  }

  private show(text: string, bad = false, detail?: string): void {
    this.msg.hidden = !text;
    this.msg.className = bad ? "msg bad" : "msg";
    this.msg.textContent = text;
    // The caret text repeats the message on its first line; the source line and ^^^ are news.
    if (detail) this.msg.append(el("pre", "", detail.split("\n").slice(1).join("\n") || detail));
  }

  private renderHead(columns: string[]): void {
    const th = (text: string, cls = "") => {
      const cell = el("th", cls, text);
      cell.scope = "col";
      return cell;
    };
    this.head.replaceChildren(
      th("#", "rank"),
      th("Symbol", "l"),
      th("Name", "l"),
      th("Close"),
      ...columns.map((c) => th(c === "sort" ? "Sort" : c.replace(/_/g, " "))),
    );
  }

  private renderTable(rows: ScanRow[], columns: string[]): void {
    this.wrap.hidden = !rows.length; // a message alone reads better than empty headings
    this.renderHead(columns);
    const screen = encodeURIComponent(this.screen);
    this.body.replaceChildren(
      ...rows.map((row) => {
        const tr = el("tr");
        const sym = el("th", "l sym");
        sym.scope = "row";
        const link = el("a", "", row.symbol);
        link.href = `${this.app}/symbol/${encodeURIComponent(row.symbol)}?screen=${screen}`;
        link.target = "_blank";
        link.rel = "noopener";
        sym.append(link);
        const name = el("td", "l name", row.name);
        name.title = row.name; // the full name on hover; the cell is cut with an ellipsis
        tr.append(el("td", "rank", String(row.rank)), sym, name);
        tr.append(el("td", "", row.close === null ? "—" : price.format(row.close)));
        for (const c of columns) {
          const { text, sign } = formatValue(c, c === "sort" ? row.sort : row.values?.[c]);
          tr.append(el("td", sign > 0 ? "up" : sign < 0 ? "down" : "", text));
        }
        return tr;
      }),
    );
  }

  /** Grey bars where rows will be, so the page does not jump when they arrive. */
  private renderSkeleton(count: number): void {
    this.wrap.hidden = false;
    this.renderHead(["sort"]);
    this.body.replaceChildren(
      ...Array.from({ length: count }, () => {
        const tr = el("tr");
        for (let i = 0; i < 5; i++) {
          const td = el("td", i === 1 || i === 2 ? "l" : "");
          td.append(el("span", "sk"));
          tr.append(td);
        }
        return tr;
      }),
    );
  }
}

function formatDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime())
    ? day
    : date.toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
}

// A page may load the script twice (two embeds, two versions): the first definition wins.
if (!customElements.get("technic-screen")) customElements.define("technic-screen", TechnicScreen);

declare global {
  interface HTMLElementTagNameMap {
    "technic-screen": TechnicScreen;
  }
}
