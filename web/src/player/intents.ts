/**
 * Commands from this tab take effect here at once when this tab plays (a skip swaps to the
 * prefetched track before the session has answered), while the command goes to the session;
 * once it answers, the engine follows the session's state again (which undoes a refused one).
 */

/** What the listener asked this tab to do. */
export type LocalIntent =
  | { kind: "pause" }
  | { kind: "resume" }
  | { kind: "seek"; positionMs: number }
  | { kind: "next" }
  | { kind: "previous" }
  /** Play `trackId` (from `positionMs`), which the command about to be sent will put on. */
  | { kind: "start"; trackId: string; positionMs: number; contextUri: string | null };

/**
 * Applies an intent locally; returns the function that hands control back to the session (told
 * whether the session accepted the command), or null.
 */
type IntentHandler = (intent: LocalIntent) => ((accepted: boolean) => void) | null;

let handler: IntentHandler | null = null;

/** The engine installs its handler while it runs (null to remove). */
export function setIntentHandler(next: IntentHandler | null): void {
  handler = next;
}

/** Runs `command` (the REST call) with `intent` applied on this device meanwhile. */
export async function withLocalIntent<T>(intent: LocalIntent, command: () => Promise<T>): Promise<T> {
  const release = handler?.(intent) ?? null;
  try {
    const result = await command();
    release?.(true);
    return result;
  } catch (err) {
    release?.(false);
    throw err;
  }
}
