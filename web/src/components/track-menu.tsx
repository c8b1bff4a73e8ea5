import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { isLiked, loadLikedStates, setTrackLiked } from "../api/library.ts";
import type { SimplifiedArtist } from "../api/types.ts";
import { addToQueue } from "../player/controller.ts";
import { navigate } from "../router.tsx";
import { addToPlaylistMenuItem } from "./playlist-menu.ts";
import { showError, showToast } from "./toast.tsx";
import "./track-menu.css";

/** One entry of a track's menu. Give `onSelect`, or `submenu` for a nested list ("Add to playlist ▸"). */
export interface TrackMenuItem {
  label: string;
  onSelect?: () => void | Promise<void>;
  /** The nested entries, loaded when the entry is chosen (they replace the menu, with a Back entry). */
  submenu?: () => TrackMenuItem[] | Promise<TrackMenuItem[]>;
  /** A destructive action (drawn in the danger colour). */
  danger?: boolean;
}

/** What the menu needs of a track (any track shape; `album` when it is known). */
export interface MenuTrack {
  id: string;
  name: string;
  uri: string;
  type?: string;
  artists?: SimplifiedArtist[];
  album?: { id: string; name: string };
}

/** The standard entries for a track: queue, like, album, artist, share. */
function standardItems(track: MenuTrack): TrackMenuItem[] {
  const items: TrackMenuItem[] = [
    {
      label: "Add to queue",
      onSelect: async () => {
        await addToQueue(track.uri);
        showToast("Added to queue");
      },
    },
    addToPlaylistMenuItem(track),
  ];
  if (track.type === undefined || track.type === "track") {
    const liked = isLiked(track.id) === true;
    items.push({
      label: liked ? "Remove from Liked Songs" : "Save to Liked Songs",
      onSelect: async () => {
        await setTrackLiked(track.id, !liked);
        showToast(liked ? "Removed from Liked Songs" : "Added to Liked Songs");
      },
    });
  }
  if (track.album) {
    const albumId = track.album.id;
    // A playlist's episode carries its show where a track carries its album.
    const show = track.type === "episode";
    items.push({
      label: show ? "Go to show" : "Go to album",
      onSelect: () => navigate(`/${show ? "show" : "album"}/${albumId}`),
    });
  }
  for (const artist of track.artists ?? [])
    items.push({
      label: (track.artists?.length ?? 0) > 1 ? `Go to ${artist.name}` : "Go to artist",
      onSelect: () => navigate(`/artist/${artist.id}`),
    });
  items.push({ label: "Share: copy link", onSelect: () => copyShareLink(track.type ?? "track", track.id) });
  return items;
}

/** Copies the item's public share link (`/share/{type}/{id}`, with OpenGraph tags for previews). */
export async function copyShareLink(type: string, id: string): Promise<void> {
  const url = `${window.location.origin}/share/${type}/${id}`;
  try {
    await navigator.clipboard.writeText(url);
    showToast("Link copied to clipboard");
  } catch {
    showToast(`Share link: ${url}`);
  }
}

/**
 * The "More options for <title>" button and its menu: the standard entries, then `extraItems`
 * (the playlist pages add "Add to playlist ▸" and "Remove from this playlist"). Keyboard: the
 * arrows move, Home/End jump, Enter chooses, Escape closes and gives focus back to the button.
 */
export function TrackMenu({ track, extraItems = [] }: { track: MenuTrack; extraItems?: TrackMenuItem[] }) {
  const open = useSignal(false);
  const entries = useSignal<TrackMenuItem[] | null>(null);
  const nested = useSignal(false);
  const position = useSignal<MenuPlace>({ top: 0, left: 0 });
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  const close = (refocus = true) => {
    open.value = false;
    nested.value = false;
    if (refocus) trigger.current?.focus();
  };
  const show = async () => {
    const rect = trigger.current?.getBoundingClientRect();
    if (rect) position.value = placeBelowOrAbove(rect);
    await loadLikedStates([track.id]);
    entries.value = [...standardItems(track), ...extraItems];
    nested.value = false;
    open.value = true;
  };

  useEffect(() => {
    if (!open.value) return;
    menu.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus();
    const outside = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && event.target !== trigger.current) close(false);
    };
    const away = () => close(false);
    document.addEventListener("pointerdown", outside);
    window.addEventListener("resize", away);
    document.querySelector("#main")?.addEventListener("scroll", away, { passive: true });
    return () => {
      document.removeEventListener("pointerdown", outside);
      window.removeEventListener("resize", away);
      document.querySelector("#main")?.removeEventListener("scroll", away);
    };
  }, [open.value, entries.value]);

  const choose = async (item: TrackMenuItem) => {
    if (item.submenu) {
      try {
        const children = await item.submenu();
        entries.value = children;
        nested.value = true;
      } catch (error) {
        showError(error);
      }
      return;
    }
    close();
    try {
      await item.onSelect?.();
    } catch (error) {
      showError(error);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const focus = (n: number) => items[(n + items.length) % items.length]?.focus();
    if (event.key === "ArrowDown") focus(at + 1);
    else if (event.key === "ArrowUp") focus(at - 1);
    else if (event.key === "Home") focus(0);
    else if (event.key === "End") focus(items.length - 1);
    else if (event.key === "Escape") close();
    else if (event.key === "Tab") close(false);
    else return;
    if (event.key !== "Tab") event.preventDefault();
  };

  const menuId = `track-menu-${track.id}`;
  return (
    <>
      <button
        ref={trigger}
        type="button"
        class="icon-button track-menu-button"
        aria-label={`More options for ${track.name}`}
        aria-haspopup="menu"
        aria-expanded={open.value}
        aria-controls={open.value ? menuId : undefined}
        onClick={() => (open.value ? close() : show())}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open.value && entries.value && (
        <div
          ref={menu}
          id={menuId}
          class="track-menu"
          role="menu"
          tabIndex={-1}
          aria-label={`Options for ${track.name}`}
          style={{
            left: `${position.value.left}px`,
            top: position.value.top === undefined ? undefined : `${position.value.top}px`,
            bottom: position.value.bottom === undefined ? undefined : `${position.value.bottom}px`,
          }}
          onKeyDown={onKeyDown}
        >
          {nested.value && (
            <button type="button" role="menuitem" class="track-menu-back" onClick={() => show()}>
              ← Back
            </button>
          )}
          {entries.value.length === 0 && <p class="track-menu-empty">Nothing here yet</p>}
          {entries.value.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              class={item.danger ? "danger" : undefined}
              aria-haspopup={item.submenu ? "menu" : undefined}
              onClick={() => choose(item)}
            >
              {item.label}
              {item.submenu && <span aria-hidden="true"> ▸</span>}
            </button>
          ))}
        </div>
      )}
    </>
  );
}

/** A fixed position: `top` when the menu opens downwards, `bottom` when it opens upwards (CSS px). */
interface MenuPlace {
  left: number;
  top?: number;
  bottom?: number;
}

/** Where the menu goes: under the button's right edge, or above it when the viewport ends first. */
function placeBelowOrAbove(rect: DOMRect): MenuPlace {
  const width = 240;
  const maxHeight = 320;
  const left = Math.max(8, Math.min(rect.right - width, window.innerWidth - width - 8));
  if (rect.bottom + 4 + maxHeight <= window.innerHeight || rect.top < maxHeight)
    return { left, top: rect.bottom + 4 };
  return { left, bottom: window.innerHeight - rect.top + 4 };
}
