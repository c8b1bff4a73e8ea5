import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiRequestError, api } from "./client.ts";

/** What a page knows about one API read: still loading, failed, or the data. */
export interface ApiState<T> {
  data: T | undefined;
  error: ApiRequestError | null;
  loading: boolean;
  /** Reads again (keeping the current data on screen until the answer arrives). */
  refetch: () => void;
  /** Replaces the data locally (optimistic updates), without a request. */
  setData: (update: T | ((current: T | undefined) => T)) => void;
}

/** Any thrown value as an {@link ApiRequestError} (a parse error or bug becomes a status-less one). */
export function asApiError(error: unknown): ApiRequestError {
  if (error instanceof ApiRequestError) return error;
  return new ApiRequestError(-1, "client_error", error instanceof Error ? error.message : String(error));
}

/**
 * Reads `path` (a GET through {@link api}) whenever it changes; `null` reads nothing. An answer to
 * an older path is dropped, so fast navigation never shows the previous page's data.
 */
export function useApi<T>(path: string | null): ApiState<T> {
  return useLoader<T>(path, () => api<T>(path as string));
}

/**
 * Like {@link useApi} for any async read keyed by `key` (several requests combined, a computed
 * path): `load` runs when `key` changes or on refetch; `null` loads nothing.
 */
export function useLoader<T>(key: string | null, load: () => Promise<T>): ApiState<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiRequestError | null>(null);
  const [loading, setLoading] = useState(key !== null);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const keyRef = useRef(key);

  useEffect(() => {
    if (key === null) {
      setLoading(false);
      return;
    }
    // A new key starts from nothing; a refetch of the same key keeps what is shown.
    if (keyRef.current !== key) setDataState(undefined);
    keyRef.current = key;
    let current = true;
    setLoading(true);
    setError(null);
    loadRef.current().then(
      (value) => {
        if (!current) return;
        setDataState(value);
        setLoading(false);
      },
      (failure) => {
        if (!current) return;
        setError(asApiError(failure));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [key, generation]);

  const refetch = useCallback(() => setGeneration((n) => n + 1), []);
  const setData = useCallback((update: T | ((current: T | undefined) => T)) => {
    setDataState((current) =>
      typeof update === "function" ? (update as (c: T | undefined) => T)(current) : update,
    );
  }, []);
  return { data, error, loading, refetch, setData };
}
