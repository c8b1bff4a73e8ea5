import { useEffect, useState } from "preact/hooks";
import { api, logOut } from "../api/client.ts";
import { currentUser, loadCurrentUser } from "../api/me.ts";
import { showError, showToast } from "../components/toast.tsx";
import { type QualitySetting, settings, updateSettings } from "../player/settings.ts";
import "./pages.css";

/** The qualities a listener may pick; the server caps free accounts at `high` (160 kbps). */
const QUALITIES: { value: QualitySetting; label: string; premium?: boolean }[] = [
  { value: "auto", label: "Automatic" },
  { value: "low", label: "Low (24 kbps)" },
  { value: "normal", label: "Normal (96 kbps)" },
  { value: "high", label: "High (160 kbps)" },
  { value: "very_high", label: "Very high (320 kbps)", premium: true },
  { value: "lossless", label: "Lossless (FLAC)", premium: true },
];

/** `/settings`: streaming quality, loudness normalisation, privacy, and the account. */
export function SettingsPage() {
  useEffect(() => {
    loadCurrentUser().catch(() => undefined);
  }, []);
  const me = currentUser.value;
  const free = me?.product === "free";
  const { quality, normalise } = settings.value;
  return (
    <section class="page settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>

      <section class="settings-group" aria-labelledby="settings-audio">
        <h2 id="settings-audio">Audio quality</h2>
        <div class="setting-row">
          <label for="setting-quality">
            Streaming quality
            <span class="hint" id="quality-hint">
              {free
                ? "Free accounts stream at up to High (160 kbps). Go Premium for Very high and Lossless."
                : "Automatic picks the best quality your connection keeps up with."}
            </span>
          </label>
          <select
            id="setting-quality"
            aria-describedby="quality-hint"
            value={quality}
            onChange={(event) => {
              updateSettings({ quality: (event.currentTarget as HTMLSelectElement).value as QualitySetting });
              showToast("Streaming quality saved");
            }}
          >
            {QUALITIES.map((option) => (
              <option key={option.value} value={option.value} disabled={free && option.premium}>
                {option.label}
                {free && option.premium ? " — Premium" : ""}
              </option>
            ))}
          </select>
        </div>
        <div class="setting-row">
          <label for="setting-normalise">
            Normalise volume
            <span class="hint">
              Plays every track at a similar loudness, from each track's measured loudness.
            </span>
          </label>
          <input
            id="setting-normalise"
            class="switch"
            type="checkbox"
            role="switch"
            aria-checked={normalise}
            checked={normalise}
            onChange={(event) =>
              updateSettings({ normalise: (event.currentTarget as HTMLInputElement).checked })
            }
          />
        </div>
      </section>

      <PrivacySettings />

      <section class="settings-group" aria-labelledby="settings-account">
        <h2 id="settings-account">Account</h2>
        {me && (
          <dl class="account-details">
            <dt>Name</dt>
            <dd>
              <a href={`/user/${me.id}`}>{me.display_name}</a>
            </dd>
            <dt>Email</dt>
            <dd>{me.email}</dd>
            <dt>Plan</dt>
            <dd>{me.product === "premium" ? "Premium" : "Free"}</dd>
            <dt>Country</dt>
            <dd>{me.country}</dd>
          </dl>
        )}
        <button type="button" class="outline" onClick={() => logOut()}>
          Log out
        </button>
      </section>
    </section>
  );
}

/** "Share my listening activity" (`/api/me/privacy`): off keeps the listener out of friend activity. */
function PrivacySettings() {
  const [share, setShare] = useState<boolean | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api<{ share_activity: boolean }>("/api/me/privacy").then(
      (answer) => setShare(answer.share_activity),
      () => setFailed(true),
    );
  }, []);
  const change = async (next: boolean) => {
    setShare(next);
    try {
      await api("/api/me/privacy", { method: "PUT", body: { share_activity: next } });
      showToast(next ? "Your followers can see what you play" : "Your listening is private");
    } catch (error) {
      setShare(!next);
      showError(error);
    }
  };
  return (
    <section class="settings-group" aria-labelledby="settings-privacy">
      <h2 id="settings-privacy">Privacy</h2>
      <div class="setting-row">
        <label for="setting-share-activity">
          Share my listening activity
          <span class="hint">People who follow you see what you're playing in their Friend Activity.</span>
        </label>
        <input
          id="setting-share-activity"
          class="switch"
          type="checkbox"
          role="switch"
          aria-checked={share === true}
          checked={share === true}
          disabled={share === null}
          onChange={(event) => change((event.currentTarget as HTMLInputElement).checked)}
        />
      </div>
      {failed && <p class="error">Couldn't load your privacy settings. Reload the page to try again.</p>}
    </section>
  );
}
