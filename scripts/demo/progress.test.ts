import { describe, expect, it } from "vitest";
import { createProgressReporter, formatProgress } from "./progress.ts";

describe("formatProgress", () => {
  it("shows finished jobs, a ten-cell bar and the overall percentage", () => {
    expect(formatProgress({ done: 7, total: 14, fraction: 0.62 })).toBe(
      "[seed] transcoding 7/14 ██████░░░░ 62%",
    );
  });

  it("clamps the bar at both ends", () => {
    expect(formatProgress({ done: 0, total: 3, fraction: -1 })).toBe("[seed] transcoding 0/3 ░░░░░░░░░░ 0%");
    expect(formatProgress({ done: 3, total: 3, fraction: 1.2 }, 4)).toBe("[seed] transcoding 3/3 ████ 100%");
  });
});

describe("createProgressReporter", () => {
  it("rewrites the status line on every report when there is one", () => {
    const updates: string[] = [];
    const report = createProgressReporter(() => {}, { update: (line) => updates.push(line), end: () => {} });
    report({ done: 0, total: 2, fraction: 0 });
    report({ done: 0, total: 2, fraction: 0.1 });
    expect(updates).toHaveLength(2);
  });

  it("without one, logs a line only when another job has finished (or every few seconds)", () => {
    const lines: string[] = [];
    const report = createProgressReporter((line) => lines.push(line), null);
    report({ done: 0, total: 2, fraction: 0 });
    report({ done: 0, total: 2, fraction: 0.2 });
    report({ done: 1, total: 2, fraction: 0.6 });
    expect(lines).toEqual(["[seed] transcoding 0/2 ░░░░░░░░░░ 0%", "[seed] transcoding 1/2 ██████░░░░ 60%"]);
  });
});
