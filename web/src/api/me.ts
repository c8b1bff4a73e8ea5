import { effect, signal } from "@preact/signals";
import { api, session } from "./client.ts";
import type { Me } from "./types.ts";

/** The signed-in listener (`/v1/me`), once loaded; null before, and after signing out. */
export const currentUser = signal<Me | null>(null);

let loading: Promise<Me> | null = null;

/** Loads `/v1/me` once per session (every caller shares the one request); rejects on failure. */
export function loadCurrentUser(): Promise<Me> {
  if (currentUser.value) return Promise.resolve(currentUser.value);
  loading ??= api<Me>("/v1/me")
    .then((me) => {
      currentUser.value = me;
      return me;
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}

// Signing out forgets the listener (signing in again loads the new one).
effect(() => {
  if (!session.value) currentUser.value = null;
});
