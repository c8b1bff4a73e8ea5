import { useEffect, useRef } from "preact/hooks";
import type { PagedState } from "../api/use-pages.ts";

/**
 * The end of a paged list: loads the next page when it scrolls into view (infinite scroll), and
 * is a real button too (keyboards, and browsers without IntersectionObserver).
 */
export function LoadMore<T>({ state, what }: { state: PagedState<T>; what: string }) {
  const button = useRef<HTMLButtonElement>(null);
  const { hasMore, loadMore, loadingMore, error } = state;
  useEffect(() => {
    const target = button.current;
    if (!target || !hasMore || error || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) loadMore();
      },
      { rootMargin: "400px" },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasMore, loadMore, error]);
  if (!hasMore) return null;
  return (
    <div class="load-more-row">
      {error && <p class="error">{error.message}</p>}
      <button ref={button} type="button" class="outline load-more" onClick={loadMore} disabled={loadingMore}>
        {loadingMore ? "Loading…" : error ? `Try loading more ${what} again` : `Load more ${what}`}
      </button>
    </div>
  );
}
