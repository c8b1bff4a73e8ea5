// Minimal proof of the streaming path: log in, list playable tracks, play one through hls.js.
const $ = (id) => document.getElementById(id);
let accessToken = null;
let hls = null;

async function api(path, init = {}) {
  const headers = { ...(init.headers ?? {}) };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  const res = await fetch(path, { ...init, headers });
  const body = res.status === 204 ? null : await res.json();
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body;
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const tokens = await api("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
    });
    accessToken = tokens.access_token;
    await showLibrary();
  } catch (err) {
    $("login-error").textContent = err.message;
  }
});

async function showLibrary() {
  const me = await api("/v1/me");
  $("whoami").textContent = `${me.display_name} · ${me.product} · ${me.country}`;
  const page = await api("/api/tracks?limit=50");
  const list = $("tracks");
  list.replaceChildren();
  for (const track of page.items) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.textContent = track.name;
    button.addEventListener("click", () => play(track));
    const meta = document.createElement("div");
    meta.className = "meta";
    const minutes = Math.floor(track.duration_ms / 60000);
    const seconds = String(Math.round((track.duration_ms % 60000) / 1000)).padStart(2, "0");
    meta.textContent = `${track.artists.map((a) => a.name).join(", ")} — ${track.album.name} · ${minutes}:${seconds}`;
    li.append(button, meta);
    list.append(li);
  }
  if (page.items.length === 0)
    list.textContent = "No playable tracks yet: the demo catalog may still be transcoding.";
  $("login").hidden = true;
  $("library").hidden = false;
}

async function play(track) {
  const status = $("status");
  const audio = $("audio");
  $("player").hidden = false;
  $("now-title").textContent = track.name;
  $("now-artist").textContent = track.artists.map((a) => a.name).join(", ");
  const choice = $("quality").value;
  try {
    const manifest = await api(`/stream/${track.id}/manifest?quality=${choice === "auto" ? "high" : choice}`);
    hls?.destroy();
    hls = new window.Hls({ abrEwmaDefaultEstimate: 96_000, maxBufferLength: 30, maxMaxBufferLength: 60 });
    hls.on(window.Hls.Events.MANIFEST_PARSED, (_e, data) => {
      if (choice !== "auto") {
        const level = data.levels.findIndex((l) => levelQuality(l) === manifest.quality);
        if (level >= 0) hls.currentLevel = level;
      }
      audio.play().catch(() => {});
    });
    hls.on(window.Hls.Events.LEVEL_SWITCHED, (_e, data) => {
      const level = hls.levels[data.level];
      status.textContent = `Playing ${levelQuality(level)} · ${Math.round(level.bitrate / 1000)} kbps peak · loudness ${manifest.loudness.integrated_lufs.toFixed(1)} LUFS`;
    });
    hls.on(window.Hls.Events.ERROR, (_e, data) => {
      if (data.fatal) status.textContent = `Playback error: ${data.details}`;
    });
    hls.loadSource(manifest.hls_url);
    hls.attachMedia(audio);
    if (manifest.quality !== manifest.requested_quality) {
      status.textContent = `Your plan streams up to ${manifest.quality}.`;
    }
  } catch (err) {
    status.textContent = err.message;
  }
}

/** The rendition name (`low` … `lossless`) a level's playlist URL points at. */
function levelQuality(level) {
  const url = level.uri ?? level.url?.[0] ?? "";
  return new URL(url, location.href).pathname.split("/").at(-2);
}
