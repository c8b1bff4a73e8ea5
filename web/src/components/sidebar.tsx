import { logOut } from "../api/client.ts";
import { location } from "../router.tsx";
import { PlaylistSidebar } from "./playlist-sidebar.tsx";
import "./sidebar.css";

const LINKS = [
  { href: "/", label: "Home", icon: "⌂" },
  { href: "/search", label: "Search", icon: "⌕" },
  { href: "/library", label: "Your Library", icon: "▤" },
  { href: "/collection/tracks", label: "Liked Songs", icon: "♥" },
] as const;

/** The main navigation: a column on wide screens, a bar along the bottom at phone width. */
export function Sidebar() {
  const { path } = location.value;
  const current = (href: string) => (href === "/" ? path === "/" : path.startsWith(href));
  return (
    <nav class="sidebar" aria-label="Main">
      <a class="brand" href="/">
        Cadenza
      </a>
      <ul>
        {LINKS.map((link) => (
          <li key={link.href}>
            <a href={link.href} aria-current={current(link.href) ? "page" : undefined}>
              <span class="icon" aria-hidden="true">
                {link.icon}
              </span>
              <span class="label">{link.label}</span>
            </a>
          </li>
        ))}
      </ul>
      <PlaylistSidebar />
      <div class="sidebar-account">
        <a href="/me" aria-current={path.startsWith("/user/") || path === "/me" ? "page" : undefined}>
          Profile
        </a>
        <a href="/settings" aria-current={path === "/settings" ? "page" : undefined}>
          Settings
        </a>
        <button class="link logout" type="button" onClick={() => logOut()}>
          Log out
        </button>
      </div>
    </nav>
  );
}
