/** One transcode the seeder waits for. */
export interface PendingJob {
  jobId: string;
  /** Track title, for messages. */
  title: string;
}

/** How far the transcodes have got. */
export interface JobsProgress {
  /** Jobs that have succeeded. */
  done: number;
  total: number;
  /** Overall completion 0..1: finished jobs count 1, running ones their own progress. */
  fraction: number;
}

/**
 * One progress line, e.g. `[seed] transcoding 7/14 ████████░░ 62%`, with a bar `width`
 * characters wide.
 */
export function formatProgress(progress: JobsProgress, width = 10): string {
  return `[seed] transcoding ${progress.done}/${progress.total} ${progressBar(progress.fraction, width)}`;
}

/** A bar `width` characters wide and the percentage, e.g. `████████░░ 80%`, for 0..1. */
export function progressBar(fraction: number, width = 10): string {
  const clamped = Math.max(0, Math.min(1, fraction));
  const filled = Math.round(clamped * width);
  return `${"█".repeat(filled)}${"░".repeat(width - filled)} ${Math.floor(clamped * 100)}%`;
}

/** A line rewritten in place (a terminal), for live progress. */
export interface StatusLine {
  update(line: string): void;
  end(): void;
}

/** Milliseconds between progress lines when there is no terminal to update in place. */
const PLAIN_PROGRESS_EVERY_MS = 5000;

/**
 * A progress callback: rewrites the status line when there is one, else logs a line whenever
 * another job finishes and at least every few seconds.
 */
export function createProgressReporter(log: (line: string) => void, statusLine: StatusLine | null) {
  let lastLoggedAt = 0;
  let lastDone = -1;
  return (progress: JobsProgress) => {
    const line = formatProgress(progress);
    if (statusLine) return statusLine.update(line);
    const now = Date.now();
    if (progress.done === lastDone && now - lastLoggedAt < PLAIN_PROGRESS_EVERY_MS) return;
    lastDone = progress.done;
    lastLoggedAt = now;
    log(line);
  };
}

/** A status line on stdout when it is a terminal, else null. */
export function terminalStatusLine(): StatusLine | null {
  if (!process.stdout.isTTY) return null;
  return {
    update: (line) => process.stdout.write(`\r\x1b[2K${line}`),
    end: () => process.stdout.write("\n"),
  };
}
