/** Display formats shared by the pages. */

/** `m:ss` (or `h:mm:ss`) for a duration in ms. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** A long duration in words: "1 hr 5 min", "42 min", "35 sec". */
export function formatLongDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)} sec`;
  const h = Math.floor(minutes / 60);
  return h > 0 ? `${h} hr ${minutes % 60} min` : `${minutes} min`;
}

/** "3 songs", "1 song". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

/** A date as "12 Mar 2024" (or the year alone for year-precision dates). */
export function formatDate(iso: string): string {
  if (/^\d{4}$/.test(iso)) return iso;
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}

/** "5 minutes ago", "yesterday", "3 days ago" for an ISO time or epoch ms. */
export function formatRelative(when: string | number): string {
  const ms = Date.now() - (typeof when === "number" ? when : new Date(when).getTime());
  if (!Number.isFinite(ms)) return "";
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} hr ago`;
  const days = Math.floor(hours / 24);
  if (days === 1) return "yesterday";
  if (days < 30) return `${days} days ago`;
  return formatDate(new Date(Date.now() - ms).toISOString());
}
