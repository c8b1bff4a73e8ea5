import { describe, expect, it } from "vitest";
import { createProgressReporter } from "./progress-reporter.ts";

describe("createProgressReporter", () => {
  it("sends only increasing values, at most one per interval, and the latest on flush", async () => {
    let clock = 0;
    const sent: number[] = [];
    const reporter = createProgressReporter({
      send: async (value) => void sent.push(value),
      minIntervalMs: 100,
      now: () => clock,
    });
    reporter.update(0.1);
    reporter.update(0.2); // too soon
    clock = 150;
    reporter.update(0.15); // going back: ignored
    reporter.update(0.3);
    reporter.update(0.5); // too soon, sent by flush
    await reporter.flush();
    expect(sent).toEqual([0.1, 0.3, 0.5]);
  });

  it("clamps to 0..1 and keeps going when a send fails", async () => {
    const sent: number[] = [];
    const errors: unknown[] = [];
    let first = true;
    const reporter = createProgressReporter({
      send: async (value) => {
        if (first) {
          first = false;
          throw new Error("409");
        }
        sent.push(value);
      },
      minIntervalMs: 0,
      onError: (error) => errors.push(error),
    });
    reporter.update(0.4);
    reporter.update(7);
    await reporter.flush();
    expect(sent).toEqual([1]);
    expect(errors).toHaveLength(1);
  });
});
