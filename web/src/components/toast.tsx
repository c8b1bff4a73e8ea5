import { signal } from "@preact/signals";
import { render } from "preact";
import "./toast.css";

/**
 * Short confirmations ("Added to queue", "Link copied") and failures of background actions, shown
 * at the bottom of the screen and read out by screen readers (a polite live region).
 */

interface Toast {
  id: number;
  message: string;
  kind: "info" | "error";
}

const toasts = signal<Toast[]>([]);
let nextId = 1;
/** How long a toast stays, ms. */
const TOAST_MS = 3500;

/** Shows `message` for a few seconds. */
export function showToast(message: string, kind: Toast["kind"] = "info"): void {
  const toast = { id: nextId++, message, kind };
  toasts.value = [...toasts.value.slice(-2), toast];
  setTimeout(() => {
    toasts.value = toasts.value.filter((t) => t.id !== toast.id);
  }, TOAST_MS);
}

/** Shows a failed action's message (an {@link ApiRequestError}'s, or a generic one). */
export function showError(error: unknown, fallback = "Something went wrong."): void {
  showToast(error instanceof Error && error.message ? error.message : fallback, "error");
}

function Toaster() {
  return (
    <div class="toaster" role="status" aria-live="polite">
      {toasts.value.map((toast) => (
        <p key={toast.id} class={`toast toast-${toast.kind}`}>
          {toast.message}
        </p>
      ))}
    </div>
  );
}

// The live region exists from the start (screen readers only announce changes to a region they
// already know), outside the page so navigation never removes it.
const host = document.createElement("div");
document.body.append(host);
render(<Toaster />, host);
