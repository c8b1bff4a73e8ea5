import type { ComponentChildren } from "preact";
import { FriendActivity } from "./components/friend-activity.tsx";
import { Sidebar } from "./components/sidebar.tsx";
import { PlayerBar } from "./player/player-bar.tsx";

/**
 * The signed-in layout: navigation, the page, and the player bar along the bottom. Landmarks:
 * `nav` (navigation), `main` (the page, focus target of the skip link), `footer` (the player).
 */
export function Shell({ children }: { children: ComponentChildren }) {
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar />
      <main id="main" class="content" tabIndex={-1}>
        {children}
      </main>
      <FriendActivity />
      <PlayerBar />
    </div>
  );
}
