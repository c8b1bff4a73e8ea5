import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { type ApiRequestError, api } from "./client.ts";
import type { Paging } from "./types.ts";
import { asApiError } from "./use-api.ts";

/** A list read page by page: what is loaded so far, and how to read more. */
export interface PagedState<T> {
  items: T[];
  total: number;
  /** True until the first page answers (or fails). */
  loading: boolean;
  loadingMore: boolean;
  error: ApiRequestError | null;
  hasMore: boolean;
  loadMore: () => void;
  /** Starts again from the first page. */
  reload: () => void;
  /** Changes the loaded items locally (an unlike removes its row at once). */
  update: (change: (items: T[]) => T[]) => void;
}

/**
 * Reads an offset-paged list (`/v1/me/tracks`, `/v1/me/albums`…) `pageSize` items at a time;
 * `pick` finds the paging object in the answer (e.g. `(a) => a.playlists`).
 */
export function useOffsetPages<T, Answer = Paging<T>>(
  path: string,
  pageSize = 50,
  pick: (answer: Answer) => Paging<T> = (answer) => answer as unknown as Paging<T>,
): PagedState<T> {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<ApiRequestError | null>(null);
  const [generation, setGeneration] = useState(0);
  const pickRef = useRef(pick);
  pickRef.current = pick;
  const state = useRef({ offset: 0, busy: false, generation: 0 });

  const fetchPage = useCallback(
    async (offset: number, gen: number) => {
      state.current.busy = true;
      try {
        const join = path.includes("?") ? "&" : "?";
        const page = pickRef.current(await api<Answer>(`${path}${join}limit=${pageSize}&offset=${offset}`));
        if (gen !== state.current.generation) return;
        state.current.offset = offset + page.items.length;
        setItems((current) => (offset === 0 ? page.items : [...current, ...page.items]));
        setTotal(page.total);
        setError(null);
      } catch (failure) {
        if (gen === state.current.generation) setError(asApiError(failure));
      } finally {
        if (gen === state.current.generation) {
          state.current.busy = false;
          setLoading(false);
          setLoadingMore(false);
        }
      }
    },
    [path, pageSize],
  );

  useEffect(() => {
    const gen = ++state.current.generation;
    state.current.offset = 0;
    setLoading(true);
    setItems([]);
    fetchPage(0, gen);
  }, [fetchPage, generation]);

  const hasMore = state.current.offset < total;
  const loadMore = useCallback(() => {
    if (state.current.busy || state.current.offset >= total) return;
    setLoadingMore(true);
    fetchPage(state.current.offset, state.current.generation);
  }, [fetchPage, total]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const update = useCallback((change: (items: T[]) => T[]) => {
    setItems((current) => {
      const next = change(current);
      const removed = current.length - next.length;
      if (removed !== 0) {
        state.current.offset -= removed;
        setTotal((t) => t - removed);
      }
      return next;
    });
  }, []);
  return { items, total, loading, loadingMore, error, hasMore, loadMore, reload, update };
}
