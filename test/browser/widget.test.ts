// The embeddable widget as a third-party site uses it: a page on another origin (a plain Node
// server here) loads widget.js from the real local stack (`technic start`) and embeds
// <technic-screen>; headless Chromium renders it. Checks what an embedder relies on: the same
// rows as the API, links into the app, styles that neither leak in nor out, clear messages
// when the API is down or the screen is wrong, and the bundle's size.

import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalStack, startLocalStack } from "../support/local-stack.ts";
import { PROJECT_ROOT } from "../support/shared-data.ts";

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(`skipping the widget browser tests: ${CHROMIUM} is not installed (apt-get install chromium)`);

const BAD_SCREEN = "close > smaa(50)";
const ARTIFACTS = join(PROJECT_ROOT, "test-artifacts");

const attr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/**
 * A host page on the other origin. Its own styles are deliberately hostile: a red `td` rule
 * and inherited italic, spaced text, which must not reach the widget's shadow tree.
 */
function hostPage(stack: string, widgets: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>someone else's site</title>
<style>td { color: rgb(255, 0, 0) } body { font-style: italic; letter-spacing: 3px }</style>
<script type="module" src="${attr(stack)}/widget.js"></script></head><body>
<table id="page-table"><tr><td>a cell of the page's own table</td></tr></table>
${widgets}</body></html>`;
}

interface ScanBody {
  meta: { demo: boolean };
  rows: { symbol: string }[];
  error: { message: string };
}

async function scan(stack: string, screen: string, limit: number): Promise<{ status: number; body: ScanBody }> {
  const res = await fetch(`${stack}/v1/scan`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ screen, limit }),
  });
  return { status: res.status, body: (await res.json()) as ScanBody };
}

describe.skipIf(!haveChromium)("<technic-screen> widget on another origin (headless Chromium)", () => {
  let stack: LocalStack;
  let host: Server;
  let hostUrl = "";
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    stack = await startLocalStack("widget");
    const pages: Record<string, string> = {
      "/embed": hostPage(
        stack.url,
        `<technic-screen id="main" screen="momentum-leaders" limit="5" api="${attr(stack.url)}"></technic-screen>`,
      ),
      "/unreachable": hostPage(
        stack.url,
        `<technic-screen id="down" screen="momentum-leaders" api="http://127.0.0.1:9"></technic-screen>`,
      ),
      "/bad-screen": hostPage(
        stack.url,
        `<technic-screen id="bad" screen="${attr(BAD_SCREEN)}" api="${attr(stack.url)}"></technic-screen>`,
      ),
    };
    host = createServer((req, res) => {
      const page = pages[req.url ?? ""];
      res.writeHead(page ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
      res.end(page ?? "not found");
    });
    await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
    hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (host ? host.close(() => resolve()) : resolve()));
    await stack?.stop();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on("pageerror", (e) => pageErrors.push(`${path}: ${e.message}`));
    await page.goto(`${hostUrl}${path}`);
    return page;
  }

  it("renders the API's top 5 with links into the app, on a page of another origin", async () => {
    const api = await scan(stack.url, "momentum-leaders", 5);
    expect(api.status).toBe(200);
    const want = api.body.rows.map((r) => r.symbol);
    expect(want, "the demo universe has momentum leaders").toHaveLength(5);

    const page = await open("/embed");
    // Playwright's CSS locators pierce open shadow roots.
    const links = page.locator("#main tbody .sym a");
    await links.nth(4).waitFor({ timeout: 60_000 }); // a cold scan on a busy machine takes a while
    expect(await page.locator("#main tbody tr").count()).toBe(5);
    expect(await links.allTextContents()).toEqual(want);

    const first = links.first();
    expect(await first.getAttribute("href")).toBe(`${stack.url}/symbol/${want[0]}?screen=momentum-leaders`);
    expect(await first.getAttribute("target")).toBe("_blank");
    expect(await first.getAttribute("rel")).toBe("noopener");

    expect(await page.locator("#main .title").textContent()).toBe("Momentum leaders");
    expect(await page.locator("#main .asof").textContent()).toMatch(/^as of \w{3} \d{1,2}, \d{4}$/);
    expect(await page.locator("#main .badge").isVisible()).toBe(api.body.meta.demo === true);
    expect(await page.locator("#main footer").textContent()).toMatch(/Powered by Technic.*updated \d/);
    expect(await page.locator("#main table caption").textContent()).toContain("Momentum leaders");
    expect(await page.locator("#main thead th[scope=col]").count()).toBeGreaterThanOrEqual(5);
    // The first shown column (mom_6m, a return in percent) reads like one.
    expect(await page.locator("#main tbody tr").first().locator("td").nth(3).textContent()).toMatch(/^[+-]?\d.*%$/);

    // An attribute change reloads at once.
    await page.locator("#main").evaluate((e) => e.setAttribute("limit", "3"));
    await expect.poll(() => page.locator("#main tbody tr").count(), { timeout: 60_000 }).toBe(3);
    expect(await links.allTextContents()).toEqual(want.slice(0, 3));
    await page.close();
  });

  it("keeps styles on their own side of the shadow boundary", async () => {
    const page = await open("/embed");
    const cell = page.locator("#main tbody td.name").first();
    await cell.waitFor({ timeout: 60_000 });
    const inside = await cell.evaluate((e) => {
      const s = getComputedStyle(e);
      return { color: s.color, fontStyle: s.fontStyle, letterSpacing: s.letterSpacing };
    });
    expect(inside.color).not.toBe("rgb(255, 0, 0)"); // the page's td rule stays out
    expect(inside.fontStyle).toBe("normal"); // and so does what the page's body passes down
    expect(inside.letterSpacing).toBe("normal");

    const outside = await page.locator("#page-table td").evaluate((e) => {
      const s = getComputedStyle(e);
      return { color: s.color, padding: s.padding, whiteSpace: s.whiteSpace };
    });
    // The widget's `td { padding: 5px 8px; white-space: nowrap }` does not reach the page.
    expect(outside).toEqual({ color: "rgb(255, 0, 0)", padding: "1px", whiteSpace: "normal" });
    await page.close();
  });

  it("says when Technic is unreachable", async () => {
    const page = await open("/unreachable");
    const msg = page.locator("#down .msg");
    await expect.poll(() => msg.textContent(), { timeout: 30_000 }).toContain("Technic is unreachable");
    expect(await msg.textContent()).toBe("Technic is unreachable — retrying in 60 s");
    expect(await page.locator("#down tbody tr").count()).toBe(0); // the skeleton is gone
    await page.close();
  });

  it("shows the API's own message for a bad screen", async () => {
    const api = await scan(stack.url, BAD_SCREEN, 10);
    expect(api.status).toBe(400);
    const message = api.body.error.message;
    expect(message).toContain("smaa");

    const page = await open("/bad-screen");
    const msg = page.locator("#bad .msg");
    await expect.poll(() => msg.textContent(), { timeout: 30_000 }).toContain(message);
    await page.close();
  });

  it("ships a small bundle", () => {
    const size = gzipSync(readFileSync(join(PROJECT_ROOT, "web/dist/widget.js")), { level: 9 }).length;
    console.info(`web/dist/widget.js: ${(size / 1024).toFixed(1)} KB gzipped`);
    expect(size).toBeLessThan(30 * 1024);
  });

  it("renders the demo page (screenshot in test-artifacts/widget-demo.png)", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const consoleErrors: string[] = [];
    page.on("console", (m) => void (m.type() === "error" && consoleErrors.push(m.text())));
    page.on("pageerror", (e) => pageErrors.push(`demo: ${e.message}`));
    await page.goto(`${stack.url}/widget-demo.html`);
    const widgets = page.locator("technic-screen");
    expect(await widgets.count()).toBe(2);
    // Each widget settles on rows or a message (a built-in may match nothing on demo data);
    // the light one's scan is not cached yet and shares two cores with the whole stack.
    const settled = () =>
      page.evaluate(() =>
        Array.from(
          document.querySelectorAll("technic-screen"),
          (w) =>
            w.shadowRoot?.querySelector(".msg:not([hidden])")?.textContent ||
            w.shadowRoot?.querySelectorAll("tbody .sym a").length ||
            null, // still loading
        ),
      );
    await expect
      .poll(settled, { timeout: 90_000, interval: 500 })
      .toEqual([10, expect.anything()])
      .catch((e: Error) => {
        throw new Error(`${e.message}\nconsole errors: ${consoleErrors.join("; ") || "none"}`);
      });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "widget-demo.png"), fullPage: true });
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
