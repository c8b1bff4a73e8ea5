import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

/** axe-core's browser bundle, read once. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** One axe rule broken on a page, with where. */
export interface AxeViolation {
  id: string;
  impact: "minor" | "moderate" | "serious" | "critical" | null;
  help: string;
  helpUrl: string;
  /** CSS selectors of the offending nodes, and axe's summary of what to fix for each. */
  nodes: { target: string; summary: string }[];
}

/**
 * Runs axe-core (WCAG 2.x A/AA and best practices) on the page as it is now. The bundle is
 * evaluated through the DevTools protocol, so the app's Content-Security-Policy does not block it.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is a global the bundle just defined.
    const axe = (window as any).axe;
    const results = await axe.run(document, { resultTypes: ["violations"] });
    return results.violations.map(
      (v: {
        id: string;
        impact: AxeViolation["impact"];
        help: string;
        helpUrl: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((node) => ({
          target: node.target.map(String).join(" "),
          summary: (node.failureSummary ?? "").replace(/\s+/g, " ").trim(),
        })),
      }),
    );
  });
}

/** Only what fails the suite: serious and critical. */
export const isBlocking = (violation: AxeViolation): boolean =>
  violation.impact === "serious" || violation.impact === "critical";

/** A readable list: one line per rule, then each node's selector and what to fix. */
export function formatViolations(where: string, violations: readonly AxeViolation[]): string {
  return violations
    .map((v) =>
      [
        `${where}: [${v.impact}] ${v.id} — ${v.help} (${v.helpUrl})`,
        ...v.nodes.slice(0, 8).map((node) => `    ${node.target}\n      ${node.summary}`),
        ...(v.nodes.length > 8 ? [`    … and ${v.nodes.length - 8} more`] : []),
      ].join("\n"),
    )
    .join("\n");
}
