import cliProgress from 'cli-progress';

export interface Progress {
  /** done out of total; step names what is being done now. */
  update(done: number, total: number, step: string): void;
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

/** A progress bar on a terminal; nothing when the output goes to a file or a pipe (cron, scripts). */
export function progressBar(title: string): Progress {
  if (!process.stdout.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      format: `${title} [{bar}] {percentage} % | {etape} | {duration_formatted}`,
      stream: process.stdout,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, step) {
      if (!started) {
        bar.start(total, done, { etape: step });
        started = true;
        return;
      }
      bar.setTotal(total);
      bar.update(done, { etape: step });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
