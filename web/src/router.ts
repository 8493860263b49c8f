// Client-side routes, in the URL so every view is shareable: `/` and `/scan?screen=…` (a
// built-in id or the screen's text), `/symbol/AAPL?screen=…`. The Worker answers unknown
// paths with index.html (wrangler.toml `not_found_handling`), so deep links load the app.

import { useEffect, useState } from "preact/hooks";

export type Route = { page: "scan"; screen: string | null } | { page: "symbol"; symbol: string; screen: string | null };

export function parseRoute(url: URL): Route {
  const screen = url.searchParams.get("screen");
  const symbol = /^\/symbol\/([^/]+)\/?$/.exec(url.pathname);
  if (symbol) return { page: "symbol", symbol: decodeURIComponent(symbol[1] as string).toUpperCase(), screen };
  return { page: "scan", screen };
}

export function routeUrl(route: Route): string {
  const query = route.screen ? `?screen=${encodeURIComponent(route.screen)}` : "";
  return route.page === "symbol" ? `/symbol/${encodeURIComponent(route.symbol)}${query}` : `/scan${query}`;
}

/** Goes to a route (a new history entry the views follow). */
export function navigate(route: Route): void {
  const url = routeUrl(route);
  if (url === location.pathname + location.search) return;
  history.pushState(null, "", url);
  dispatchEvent(new PopStateEvent("popstate"));
}

/**
 * Keeps the address bar in step with what the view shows (the screen being edited) without
 * a navigation: the view owns that state, the URL only records it for sharing.
 */
export function recordInUrl(route: Route): void {
  const url = routeUrl(route);
  if (url !== location.pathname + location.search) history.replaceState(null, "", url);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(new URL(location.href)));
  useEffect(() => {
    const listener = () => setRoute(parseRoute(new URL(location.href)));
    addEventListener("popstate", listener);
    return () => removeEventListener("popstate", listener);
  }, []);
  return route;
}
