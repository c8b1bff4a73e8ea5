import { Hono } from "hono";
import { z } from "zod";
import type { CatalogDb } from "../db/catalog-db.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { openPlaylist, tokenMatches } from "../services/playlists.ts";
import { signPlaylistCover } from "../stream/signing.ts";
import { validate } from "../validation.ts";
import { escapeHtml } from "./html.ts";
import { playlistImages } from "./playlist-shapes.ts";

const SHARE_TYPES = ["track", "album", "artist", "playlist", "show", "episode"] as const;
type ShareType = (typeof SHARE_TYPES)[number];

const ShareParams = z.object({ type: z.enum(SHARE_TYPES), id: z.string().min(1).max(64) });
const ShareQuery = z.object({ token: z.string().max(64).optional(), invite: z.string().max(64).optional() });

/** What a share page shows: OpenGraph's title, description, image and kind. */
interface Preview {
  title: string;
  description: string;
  image: string;
  ogType: string;
}

/** OpenGraph types per shared kind (the music.* vocabulary where there is one). */
const OG_TYPES: Record<ShareType, string> = {
  track: "music.song",
  album: "music.album",
  artist: "profile",
  playlist: "music.playlist",
  show: "website",
  episode: "website",
};

/**
 * `GET /share/{type}/{id}`: the public link to a track, album, artist, playlist, show or
 * episode — an HTML page with OpenGraph tags (so chat apps and social sites draw a card) that
 * opens the item in the web player. A private playlist opens only with its unlisted link's
 * `token`; an `invite` link asks the visitor to join as a collaborator. Anything else that is
 * not public is a 404 page, the same as something that does not exist.
 */
export const shareApp = new Hono<AppEnv>().get(
  "/:type/:id",
  validate("param", ShareParams),
  validate("query", ShareQuery),
  async (c) => {
    const { type, id } = c.req.valid("param");
    const { token, invite } = c.req.valid("query");
    const origin = new URL(c.req.url).origin;
    const preview = await findPreview(c.var.db, type, id, origin, {
      token,
      invite,
      signingKey: c.var.config.SIGNING_KEY,
    });
    if (!preview) return c.html(page(notFoundPage(origin)), 404, headers());
    const open = new URL(`${origin}/${type}/${id}`);
    if (token) open.searchParams.set("share_token", token);
    if (invite) open.searchParams.set("invite", invite);
    const url = new URL(c.req.url);
    return c.html(
      page({ ...preview, url: url.toString(), openUrl: open.toString(), invited: Boolean(invite) }),
      200,
      headers(),
    );
  },
);

function headers() {
  return {
    "cache-control": "public, max-age=300",
    "content-security-policy": "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  };
}

async function findPreview(
  db: CatalogDb,
  type: ShareType,
  id: string,
  origin: string,
  secrets: { token?: string; invite?: string; signingKey: string },
): Promise<Preview | null> {
  const image = (kind: string, imageId: string) => `${origin}/api/images/${kind}/${imageId}`;
  switch (type) {
    case "track": {
      const [track] = await db.findPlayableTracks([id]);
      const details = track ? await db.findTrackDetails(track.id) : null;
      if (!details) return null;
      return {
        title: details.track.title,
        description: `Song · ${details.artist.name} · ${details.album.name}`,
        image: image("album", details.album.id),
        ogType: OG_TYPES.track,
      };
    }
    case "album": {
      const [album] = await db.findPlayableAlbums([id]);
      if (!album) return null;
      const year = album.album.releaseDate?.slice(0, 4);
      return {
        title: album.album.name,
        description: [
          capitalise(album.album.albumType),
          album.artist.name,
          year,
          `${album.totalTracks} songs`,
        ]
          .filter(Boolean)
          .join(" · "),
        image: image("album", id),
        ogType: OG_TYPES.album,
      };
    }
    case "artist": {
      const [artist] = await db.findPlayableArtists([id]);
      if (!artist) return null;
      return {
        title: artist.artist.name,
        description: ["Artist", ...artist.genres.slice(0, 2)].join(" · "),
        image: image("artist", id),
        ogType: OG_TYPES.artist,
      };
    }
    case "show": {
      const show = await db.findShow(id);
      if (!show) return null;
      return {
        title: show.album.name,
        description: `Podcast · ${show.show.publisher}${show.show.description ? ` · ${show.show.description}` : ""}`,
        image: image("show", id),
        ogType: OG_TYPES.show,
      };
    }
    case "episode": {
      const episode = await db.findEpisode(id);
      if (!episode) return null;
      return {
        title: episode.track.title,
        description: `Episode · ${episode.show.album.name} · ${episode.episode.releaseDate}`,
        image: image("show", episode.show.show.id),
        ogType: OG_TYPES.episode,
      };
    }
    case "playlist": {
      const details = await db.findPlaylist(id);
      if (!details) return null;
      const { playlist } = details;
      const invited = playlist.collaborative && tokenMatches(playlist.inviteToken, secrets.invite);
      if (!invited) {
        // An anonymous visitor sees what a user without rights would: public, or the unlisted link.
        try {
          await openPlaylist(db, id, "", { shareToken: secrets.token });
        } catch (err) {
          if (err instanceof ApiError && err.status === 404) return null;
          throw err;
        }
      }
      const sig = playlist.public ? null : await signPlaylistCover(secrets.signingKey, id);
      const count = `${playlist.itemCount} ${playlist.itemCount === 1 ? "song" : "songs"}`;
      return {
        title: playlist.name,
        description: [`Playlist by ${details.owner.displayName}`, count, playlist.description]
          .filter(Boolean)
          .join(" · "),
        image: playlistImages(details, origin, sig)[0]?.url ?? "",
        ogType: OG_TYPES.playlist,
      };
    }
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function notFoundPage(origin: string) {
  return {
    title: "Not found",
    description: "This link does not lead anywhere: it may be private, or gone.",
    image: "",
    ogType: "website",
    url: origin,
    openUrl: origin,
    invited: false,
  };
}

function page(view: Preview & { url: string; openUrl: string; invited: boolean }): string {
  const meta = (property: string, content: string) =>
    content ? `<meta property="${property}" content="${escapeHtml(content)}">` : "";
  const action = view.invited ? "Join as a collaborator" : "Open in Cadenza";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(view.title)} · Cadenza</title>
<meta name="description" content="${escapeHtml(view.description)}">
${meta("og:site_name", "Cadenza")}
${meta("og:title", view.title)}
${meta("og:description", view.description)}
${meta("og:type", view.ogType)}
${meta("og:url", view.url)}
${meta("og:image", view.image)}
<meta name="twitter:card" content="summary">
<style>
body{font-family:system-ui,sans-serif;background:#121212;color:#f5f5f5;display:grid;place-items:center;min-height:100vh;margin:0}
main{max-width:22rem;padding:1.5rem;text-align:center}
img{width:100%;aspect-ratio:1;border-radius:.5rem;object-fit:cover}
a{display:inline-block;margin-top:1rem;padding:.75rem 1.5rem;border-radius:2rem;background:#1ed760;color:#000;font-weight:700;text-decoration:none}
p{color:#b3b3b3}
</style>
</head>
<body>
<main>
${view.image ? `<img src="${escapeHtml(view.image)}" alt="">` : ""}
<h1>${escapeHtml(view.title)}</h1>
<p>${escapeHtml(view.description)}</p>
<a href="${escapeHtml(view.openUrl)}">${action}</a>
</main>
</body>
</html>`;
}
