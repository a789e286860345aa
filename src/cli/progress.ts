/**
 * A progress bar on stderr for runs that take more than about a second — only on a terminal,
 * never with --quiet, and never on stdout, so it cannot end up in CSV or JSON.
 */
import cliProgress from 'cli-progress';

export function progressReporter(enabled: boolean, delayMs = 1000): { onProgress?: (done: number, total: number) => void; stop: () => void } {
  if (!enabled) return { stop: () => undefined };
  const started = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    onProgress(done, total) {
      if (!bar && Date.now() - started >= delayMs && done < total) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: 'adm-code {bar} {value}/{total} files', hideCursor: true, clearOnComplete: true, barsize: 30 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar?.update(done);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
