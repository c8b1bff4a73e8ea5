import { takenOverBy } from "./state.ts";

/**
 * "Playback moved to …": shown beside the devices button when another device took the player
 * from this tab (this one has paused), until dismissed or this tab plays again.
 */
export function TakeoverNotice({ onShowDevices }: { onShowDevices: () => void }) {
  const by = takenOverBy.value;
  return (
    <div class="takeover-notice-region" role="status" aria-live="polite">
      {by && (
        <div class="takeover-notice" data-testid="takeover-notice">
          <p>
            Playback moved to <strong>{by}</strong>
          </p>
          <div class="takeover-actions">
            <button type="button" class="link" onClick={onShowDevices}>
              Devices
            </button>
            <button
              type="button"
              class="icon-button"
              aria-label="Dismiss"
              onClick={() => {
                takenOverBy.value = null;
              }}
            >
              <span aria-hidden="true">✕</span>
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
