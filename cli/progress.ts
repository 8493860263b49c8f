// Progress bars for long work (ingest, demo build, publish) with rate and ETA, drawn on
// stderr only when it is a terminal so piped output and CI logs stay clean.

import cliProgress from "cli-progress";

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

export function progressBar(label: string, unit: "bytes" | string): Progress {
  if (!process.stderr.isTTY || process.env.CI) return silent;
  const started = performance.now();
  const bytes = unit === "bytes";
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label.padEnd(10)} [{bar}] {percentage}% | {shown} | {rate} | ETA {eta_formatted}`,
      barsize: 30,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let startedBar = false;
  return {
    update(done, total) {
      const seconds = Math.max((performance.now() - started) / 1000, 1e-3);
      const shown = bytes ? `${(done / 1e6).toFixed(1)}/${(total / 1e6).toFixed(1)} MB` : `${done}/${total} ${unit}`;
      const rate = bytes ? `${(done / 1e6 / seconds).toFixed(1)} MB/s` : `${(done / seconds).toFixed(1)} ${unit}/s`;
      if (!startedBar) {
        bar.start(total, done, { shown, rate });
        startedBar = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { shown, rate });
      }
    },
    stop() {
      if (startedBar) bar.stop();
    },
  };
}
