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

/** An intent applied on this device. */
export interface AppliedIntent {
  /** Hands control back to the session, told whether it accepted the command. */
  release: (accepted: boolean) => void;
  /**
   * Resolves once the audio this tab starts can play: the command waits for that (at most
   * {@link COMMAND_WAIT_MS}), so the first audio has the link and the server to itself. The
   * session hears of it a moment later; the listener hears the music sooner.
   */
  audioFirst?: Promise<void>;
}

/** The longest a command waits for this tab's audio to be able to play, ms. */
const COMMAND_WAIT_MS = 250;

/** Applies an intent locally; returns how to hand control back to the session, or null. */
type IntentHandler = (intent: LocalIntent) => AppliedIntent | null;

let handler: IntentHandler | null = null;

/** The engine installs its handler while it runs (null to remove). */
export function setIntentHandler(next: IntentHandler | null): void {
  handler = next;
}

/** Runs `command` (the REST call) with `intent` applied on this device meanwhile. */
export async function withLocalIntent<T>(intent: LocalIntent, command: () => Promise<T>): Promise<T> {
  const applied = handler?.(intent) ?? null;
  try {
    if (applied?.audioFirst) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        applied.audioFirst,
        new Promise((resolve) => {
          timer = setTimeout(resolve, COMMAND_WAIT_MS);
        }),
      ]);
      clearTimeout(timer);
    }
    const result = await command();
    applied?.release(true);
    return result;
  } catch (err) {
    applied?.release(false);
    throw err;
  }
}
