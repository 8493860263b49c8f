// The app: header, then the scan view or a symbol page by route. It fetches the universe
// facts and the built-in screens once, and starts the universe download for local scanning.

import { useEffect, useState } from "preact/hooks";
import { fetchScreens, fetchUniverse } from "./api.ts";
import { navigate, useRoute } from "./router.ts";
import { loadApiFacts, saveApiFacts } from "./state/api-facts.ts";
import { useLocalUniverse } from "./state/local-universe.ts";
import { useOnline } from "./state/online.ts";
import { useTheme } from "./state/theme.ts";
import type { BuiltinScreen, UniverseInfo } from "./types.ts";
import { Header } from "./views/header.tsx";
import { ScanPage } from "./views/scan-page.tsx";
import { SymbolPage } from "./views/symbol-page.tsx";

/** Longest wait for first results before the universe download starts anyway. */
const DOWNLOAD_DELAY_MS = 4000;

export function App() {
  const route = useRoute();
  const online = useOnline();
  const [theme, toggleTheme] = useTheme();
  const [saved] = useState(loadApiFacts);
  const [universe, setUniverse] = useState<UniverseInfo | null>(saved?.universe ?? null);
  const [screens, setScreens] = useState<BuiltinScreen[]>(saved?.screens ?? []);
  const [problem, setProblem] = useState<string | null>(null);
  // The universe download (tens of MB, decoded in a worker) waits until the first results
  // are on screen, so it does not compete with them for the network, the server or the CPU;
  // on a symbol page (its markers need it) or offline it starts at once, and after a few
  // seconds in any case. Once allowed it stays allowed.
  const [downloadAllowed, setDownloadAllowed] = useState(route.page !== "scan" || !online);
  const allowDownload = () => setDownloadAllowed(true);
  useEffect(() => {
    if (route.page !== "scan" || !online) allowDownload();
    const timer = setTimeout(allowDownload, DOWNLOAD_DELAY_MS);
    return () => clearTimeout(timer);
  }, [route.page, online]);
  const local = useLocalUniverse(downloadAllowed ? universe : null);

  useEffect(() => {
    Promise.all([fetchUniverse(), fetchScreens()])
      .then(([u, s]) => {
        setUniverse((old) => (old?.version === u.version ? old : u));
        setScreens(s);
        setProblem(null);
        saveApiFacts({ universe: u, screens: s });
      })
      .catch((e: Error) => {
        setProblem(e.message);
      });
  }, [online]);

  return (
    <>
      <Header
        universe={universe}
        online={online}
        local={local}
        theme={theme}
        onToggleTheme={toggleTheme}
        onHome={() => navigate({ page: "scan", screen: null })}
      />
      {(problem || !online) && (
        <p class={online ? "error banner" : "notice banner"} role="status">
          {online
            ? problem
            : "You are offline: showing the last results this device saw. Screens still run on this device once its copy of the universe has loaded."}
        </p>
      )}
      {route.page === "symbol" ? (
        <SymbolPage symbol={route.symbol} screen={route.screen} local={local} onBack={() => history.back()} />
      ) : (
        <ScanPage
          screenParam={route.screen}
          screens={screens}
          local={local}
          online={online}
          onSettled={allowDownload}
          onOpenSymbol={(symbol, screen) => navigate({ page: "symbol", symbol, screen })}
        />
      )}
    </>
  );
}
