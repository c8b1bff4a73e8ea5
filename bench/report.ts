/** What a benchmark hands back, and how it is printed and written to RESULTS.md. */

/** One measured figure; `goal` and `pass` only on the figures that have a goal. */
export interface Figure {
  metric: string;
  /** Already formatted, with its unit. */
  value: string;
  goal?: string;
  pass?: boolean;
}

export interface BenchReport {
  /** The name `node bench/run.ts <name>` selects it by. */
  name: string;
  title: string;
  figures: Figure[];
  /** Method and caveats, one Markdown bullet each. */
  notes: string[];
  /** Extra Markdown (e.g. a per-phase breakdown), written after the notes. */
  details?: string;
}

function verdict(figure: Figure): string {
  if (figure.pass === undefined) return "";
  return figure.pass ? "PASS" : "MISS";
}

/** A plain-text table of every figure, for the terminal. */
export function formatTable(reports: readonly BenchReport[]): string {
  const rows = reports.flatMap((report) =>
    report.figures.map((f) => [report.name, f.metric, f.value, f.goal ?? "", verdict(f)]),
  );
  const header = ["bench", "metric", "value", "goal", "result"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** The Markdown section of one benchmark: its figures as a table, then notes and details. */
export function renderSection(report: BenchReport): string {
  const rows = report.figures.map((f) => {
    const result = verdict(f);
    return [f.metric, f.value, f.goal ?? "", result ? `**${result}**` : ""];
  });
  const lines = [`## ${report.title}`, "", markdownTable(["metric", "value", "goal", "result"], rows)];
  if (report.notes.length > 0) lines.push("", ...report.notes.map((note) => `- ${note}`));
  if (report.details) lines.push("", report.details.trim());
  return lines.join("\n");
}

/** A Markdown table from a header row and data rows, columns padded as Biome formats them. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const length = (cell: string) => [...cell].length;
  const widths = header.map((h, i) => Math.max(3, length(h), ...rows.map((row) => length(row[i] ?? ""))));
  const line = (cells: readonly string[]) =>
    `| ${widths.map((w, i) => (cells[i] ?? "") + " ".repeat(w - length(cells[i] ?? ""))).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
