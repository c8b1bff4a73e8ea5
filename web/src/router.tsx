import { signal } from "@preact/signals";
import type { ComponentChildren } from "preact";

/**
 * Client-side routing on the History API: every page has a deep link (`/album/{id}`), the Worker
 * answers unknown paths with index.html (wrangler.toml's single-page-application mode).
 */

/** The current location: path and query string. */
export const location = signal({ path: window.location.pathname, search: window.location.search });

addEventListener("popstate", () => {
  location.value = { path: window.location.pathname, search: window.location.search };
});

/** Goes to `href` inside the app, adding a history entry (or replacing the current one). */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  const url = new URL(href, window.location.origin);
  if (options.replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  location.value = { path: url.pathname, search: url.search };
  window.scrollTo(0, 0);
}

/** A route table entry: a path pattern with `:params`, and what renders there. */
export interface Route {
  pattern: string;
  render: (params: Record<string, string>) => ComponentChildren;
}

/** Matches `path` against `pattern` (`/album/:id`), returning the decoded params or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const got = path.split("/").filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = got[i] as string;
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return params;
}

/** Renders the first route that matches the current path, else `fallback`. */
export function Router({ routes, fallback }: { routes: Route[]; fallback: ComponentChildren }) {
  const { path } = location.value;
  for (const route of routes) {
    const params = matchPath(route.pattern, path);
    if (params) return <>{route.render(params)}</>;
  }
  return <>{fallback}</>;
}

/** Paths the Worker answers itself: links there load for real. */
const WORKER_PATHS = /^\/(api|v1|stream|share|internal|healthz)(\/|$)/;

// Every same-origin `<a href>` navigates inside the app (a plain click only: new-tab clicks,
// downloads and targets keep the browser's behaviour), so pages use ordinary links.
document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
    return;
  const anchor = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
  if (!anchor || anchor.target || anchor.hasAttribute("download")) return;
  const url = new URL(anchor.href);
  if (url.origin !== window.location.origin || WORKER_PATHS.test(url.pathname)) return;
  event.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});

/** The current query string's parameter `name`. */
export function queryParam(name: string): string | null {
  return new URLSearchParams(location.value.search).get(name);
}
