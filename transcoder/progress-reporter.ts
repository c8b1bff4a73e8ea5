/** Sends progress to the Worker: monotonic, throttled, one request in flight at a time. */
export interface ProgressReporter {
  /** Records progress in 0..1; values below the last reported one are ignored. */
  update(progress: number): void;
  /** Sends the latest value if it was not sent yet, and waits for every send to settle. */
  flush(): Promise<void>;
}

export interface ProgressReporterOptions {
  send: (progress: number) => Promise<void>;
  /** Minimum time between two sends, in milliseconds (the protocol allows a few per second). */
  minIntervalMs?: number;
  now?: () => number;
  /** Called when a send fails; progress is advisory, so a failure never fails the job. */
  onError?: (error: unknown) => void;
}

export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const minInterval = options.minIntervalMs ?? 500;
  const now = options.now ?? Date.now;
  let latest = 0;
  let sent = 0;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let chain = Promise.resolve();

  const sendLatest = () => {
    const value = latest;
    sent = value;
    lastSentAt = now();
    chain = chain.then(() => options.send(value)).catch((error) => options.onError?.(error));
  };

  return {
    update(progress) {
      const clamped = Math.min(1, Math.max(0, progress));
      if (clamped <= latest) return;
      latest = clamped;
      if (now() - lastSentAt >= minInterval) sendLatest();
    },
    async flush() {
      if (latest > sent) sendLatest();
      await chain;
    },
  };
}
