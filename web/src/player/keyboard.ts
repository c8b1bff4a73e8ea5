import { navigate } from "../router.tsx";
import { next, pause, previous, resume, seek } from "./controller.ts";
import { settings, updateSettings } from "./settings.ts";
import { isPlaying, playerView, positionMs } from "./state.ts";

/**
 * Keyboard shortcuts, anywhere but in a text field: space play/pause, ←/→ seek 10 s,
 * shift+←/→ previous/next, ↑/↓ volume, `/` search.
 */

const SEEK_STEP_MS = 10_000;
const VOLUME_STEP = 0.05;

/** Starts listening; returns the stop function. */
export function startKeyboardShortcuts(): () => void {
  addEventListener("keydown", onKeyDown);
  return () => removeEventListener("keydown", onKeyDown);
}

function onKeyDown(event: KeyboardEvent): void {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target))
    return;
  const action = actionFor(event);
  if (!action) return;
  event.preventDefault();
  action();
}

function actionFor(event: KeyboardEvent): (() => void) | null {
  const loaded = playerView.value?.track_id != null;
  const quietly = (command: Promise<unknown>) => void command.catch(() => undefined);
  switch (event.key) {
    case " ":
      // A focused button or link handles its own space.
      if (isControl(event.target) || !loaded) return null;
      return () => quietly(isPlaying.value ? pause() : resume());
    case "ArrowRight":
      if (!loaded || isSlider(event.target)) return null;
      return event.shiftKey ? () => quietly(next()) : () => quietly(seek(positionMs.value + SEEK_STEP_MS));
    case "ArrowLeft":
      if (!loaded || isSlider(event.target)) return null;
      return event.shiftKey
        ? () => quietly(previous())
        : () => quietly(seek(positionMs.value - SEEK_STEP_MS));
    case "ArrowUp":
    case "ArrowDown": {
      if (isSlider(event.target) || isScrollable(event.target)) return null;
      const step = event.key === "ArrowUp" ? VOLUME_STEP : -VOLUME_STEP;
      return () => updateSettings({ volume: Math.min(1, Math.max(0, settings.value.volume + step)) });
    }
    case "/":
      return focusSearch;
    default:
      return null;
  }
}

function focusSearch(): void {
  if (location.pathname !== "/search") navigate("/search");
  // The search page renders on the next frame; its input has this id.
  requestAnimationFrame(() => requestAnimationFrame(() => document.getElementById("search-input")?.focus()));
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return (
    target instanceof HTMLInputElement && !["range", "checkbox", "radio", "button"].includes(target.type)
  );
}

function isControl(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLButtonElement ||
    target instanceof HTMLAnchorElement ||
    isSlider(target) ||
    (target instanceof HTMLInputElement && ["checkbox", "radio"].includes(target.type))
  );
}

function isSlider(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement && target.type === "range";
}

/** Up/down inside a list the listener scrolls with the keyboard belongs to it. */
function isScrollable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest("[role=listbox], [role=menu], [role=grid]") !== null;
}
