import { useSignal } from "@preact/signals";
import type { ComponentChildren, TargetedSubmitEvent } from "preact";
import { ApiRequestError, logIn, sessionExpired, signUp } from "../api/client.ts";
import { location } from "../router.tsx";

/** Markets a new account can pick (ISO 3166-1 alpha-2); the browser names them in its language. */
const COUNTRIES = [
  "US",
  "GB",
  "DE",
  "FR",
  "SE",
  "NL",
  "ES",
  "IT",
  "BR",
  "MX",
  "CA",
  "AU",
  "JP",
  "KR",
  "IN",
  "ZA",
  "NG",
  "PL",
  "NO",
  "DK",
  "FI",
  "IE",
  "AT",
  "CH",
  "BE",
  "PT",
  "AR",
  "CL",
  "CO",
  "NZ",
];
const countryNames = new Intl.DisplayNames(undefined, { type: "region" });

/** Whether this is a local run, where the demo accounts exist. */
const isLocal = ["localhost", "127.0.0.1"].includes(window.location.hostname);

function useSubmit(action: (form: FormData) => Promise<void>) {
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const onSubmit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    busy.value = true;
    error.value = null;
    try {
      await action(new FormData(event.currentTarget));
    } catch (err) {
      error.value = err instanceof ApiRequestError ? err.message : String(err);
    } finally {
      busy.value = false;
    }
  };
  return { error, busy, onSubmit };
}

function AuthLayout(props: { title: string; children: ComponentChildren }) {
  return (
    <main class="auth" aria-labelledby="auth-title">
      <div class="auth-card">
        <p class="brand" aria-hidden="true">
          Cadenza
        </p>
        <h1 id="auth-title">{props.title}</h1>
        {props.children}
      </div>
    </main>
  );
}

export function LoginPage() {
  const { error, busy, onSubmit } = useSubmit((form) =>
    logIn(String(form.get("email")), String(form.get("password"))),
  );
  const next = new URLSearchParams(location.value.search).get("next");
  return (
    <AuthLayout title="Log in to Cadenza">
      {sessionExpired.value && (
        <p class="notice" role="status">
          Your session expired. Log in again to keep listening.
        </p>
      )}
      <form class="stack" onSubmit={onSubmit}>
        <label>
          Email
          <input name="email" type="email" autocomplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button class="primary" type="submit" disabled={busy.value}>
          {busy.value ? "Logging in…" : "Log in"}
        </button>
        <p class="error" role="alert">
          {error.value}
        </p>
      </form>
      <p>
        No account? <a href={`/signup${next ? `?next=${encodeURIComponent(next)}` : ""}`}>Sign up</a>
      </p>
      {isLocal && (
        <p class="hint">
          Demo accounts on this local server: free@, premium@, artist@ and admin@cadenza.local, password{" "}
          <code>cadenza-demo</code>.
        </p>
      )}
    </AuthLayout>
  );
}

export function SignupPage() {
  const { error, busy, onSubmit } = useSubmit((form) =>
    signUp({
      email: String(form.get("email")),
      password: String(form.get("password")),
      display_name: String(form.get("display_name")),
      country: String(form.get("country")),
    }),
  );
  const guess = navigator.language.split("-")[1]?.toUpperCase();
  return (
    <AuthLayout title="Sign up for Cadenza">
      <form class="stack" onSubmit={onSubmit}>
        <label>
          Email
          <input name="email" type="email" autocomplete="email" required />
        </label>
        <label>
          What should we call you?
          <input name="display_name" autocomplete="nickname" required maxLength={100} />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autocomplete="new-password"
            required
            minLength={10}
            maxLength={200}
            aria-describedby="password-rule"
          />
        </label>
        <p id="password-rule" class="hint">
          At least 10 characters.
        </p>
        <label>
          Country
          <select name="country" required>
            {COUNTRIES.map((code) => (
              <option key={code} value={code} selected={code === (guess ?? "US")}>
                {countryNames.of(code)}
              </option>
            ))}
          </select>
        </label>
        <button class="primary" type="submit" disabled={busy.value}>
          {busy.value ? "Creating your account…" : "Sign up"}
        </button>
        <p class="error" role="alert">
          {error.value}
        </p>
      </form>
      <p>
        Have an account? <a href="/login">Log in</a>
      </p>
    </AuthLayout>
  );
}
