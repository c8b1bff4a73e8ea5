import { session } from "./api/client.ts";
import { LoginPage, SignupPage } from "./pages/login.tsx";
import { location, navigate, Router } from "./router.tsx";
import { routes } from "./routes.tsx";
import { Shell } from "./shell.tsx";

/** Signed out: the login and sign-up pages only (remembering where the listener was going). */
function SignedOut() {
  const { path, search } = location.value;
  if (path === "/signup") return <SignupPage />;
  if (path !== "/login") {
    navigate(`/login?next=${encodeURIComponent(path + search)}`, { replace: true });
    return null;
  }
  return <LoginPage />;
}

export function App() {
  if (!session.value) return <SignedOut />;
  const { path } = location.value;
  if (path === "/login" || path === "/signup") {
    navigate(new URLSearchParams(location.value.search).get("next") ?? "/", { replace: true });
    return null;
  }
  return (
    <Shell>
      <Router routes={routes} fallback={<NotFound />} />
    </Shell>
  );
}

function NotFound() {
  return (
    <section class="page empty-state" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Page not found</h1>
      <p>Nothing lives at {location.value.path}.</p>
      <a href="/">Go home</a>
    </section>
  );
}
