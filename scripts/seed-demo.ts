/**
 * Seeds a running Cadenza with the demo catalog through its HTTP API (nothing touches the
 * database directly). Run it as `node scripts/seed-demo.ts`; it reads `CADENZA_URL` (default
 * `http://127.0.0.1:8787`), `TRANSCODER_TOKEN` (else `.dev.vars` in the working directory) and
 * optionally `SEED_TIMEOUT_MS`. `npm run dev` calls {@link seedDemo} itself.
 */
import { existsSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { CadenzaApiError, type CadenzaClient, createCadenzaClient } from "./cadenza-client.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./demo/accounts.ts";
import { DEMO_ADS, type DemoAd, type DemoCatalogTrack, listDemoTracks } from "./demo/catalog.ts";
import { writeFlac } from "./demo/encode.ts";
import { demoLyrics } from "./demo/lyrics.ts";
import { DEMO_SHOWS, type DemoEpisode, type DemoShow } from "./demo/podcasts.ts";
import {
  createProgressReporter,
  type PendingJob,
  type StatusLine,
  terminalStatusLine,
} from "./demo/progress.ts";
import { renderDemoTrack } from "./demo/render-track.ts";
import { speak } from "./demo/speech.ts";
import { SAMPLE_RATE, synthesizeSong } from "./demo/synth.ts";
import { waitForJobs } from "./demo/wait-for-jobs.ts";
import { readDevVars } from "./stack.ts";

export interface SeedOptions {
  /** Cadenza's base URL, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** The service token (`TRANSCODER_TOKEN`) that may set users' roles. */
  token: string;
  log: (line: string) => void;
  /** Live progress line; default: one on stdout when it is a terminal. `null` logs progress every few seconds instead. */
  statusLine?: StatusLine | null;
  /** Give up when the transcodes have not all finished after this long, milliseconds (default 10 min). */
  timeoutMs?: number;
  /** Pause between job polls, milliseconds (default 1000). */
  pollIntervalMs?: number;
  /** The tracks to seed (default: the whole demo catalog). */
  tracks?: readonly DemoCatalogTrack[];
  /** The ads to seed (default: the demo ads catalogue). */
  ads?: readonly DemoAd[];
  /** The podcasts to seed (default: the demo shows). */
  shows?: readonly DemoShow[];
}

export interface SeedResult {
  /** True when the catalog was already seeded and nothing was done. */
  skipped: boolean;
  /** Ids of the tracks uploaded by this run. */
  trackIds: string[];
}

/**
 * Seeds a running Cadenza through its HTTP API: creates the demo accounts (or logs into them),
 * gives them their role and product, then — unless the catalog already has at least as many
 * playable tracks as the demo — synthesises each missing demo track, uploads it as the label
 * account, and waits until every transcode has succeeded. Rejects with a clear message when a
 * request, a transcode or the timeout fails.
 */
export async function seedDemo(options: SeedOptions): Promise<SeedResult> {
  const { log } = options;
  const client = createCadenzaClient(options.baseUrl);
  const tracks = options.tracks ?? listDemoTracks();
  log(`[seed] seeding the demo catalog at ${options.baseUrl}`);
  const accounts = await prepareDemoAccounts(client, options.token, log);
  const { label, admin } = accounts;
  const existing = await listPlayableTitles(client, label);
  const missing =
    existing.total >= tracks.length ? [] : tracks.filter((track) => !existing.titles.has(track.title));
  // Like tracks, an ad whose transcode never finished (a run stopped midway) is uploaded again.
  const adTitles = new Set(
    (await client.listAds(admin)).items.filter((ad) => ad.playable).map((ad) => ad.title),
  );
  const missingAds = (options.ads ?? DEMO_ADS).filter((ad) => !adTitles.has(ad.title));
  const missingEpisodes = await findMissingEpisodes(client, label, options.shows ?? DEMO_SHOWS, log);
  if (missing.length === 0 && missingAds.length === 0 && missingEpisodes.length === 0) {
    log(
      `[seed] the catalog already has ${existing.total} playable tracks, the demo ads and the demo podcasts: nothing to do`,
    );
    await ensureDemoPlaylists(client, accounts, log);
    return { skipped: true, trackIds: [] };
  }
  const jobs = [
    ...(await uploadTracks(client, label, missing, log)),
    ...(await uploadAds(client, admin, missingAds, log)),
    ...(await uploadEpisodes(client, label, missingEpisodes, log)),
  ];
  const statusLine = options.statusLine === undefined ? terminalStatusLine() : options.statusLine;
  const report = createProgressReporter(log, statusLine);
  // The admin account sees every job: the label's tracks and its own ads. On a slow machine the
  // wait outlives an access token, so a 401 logs in again.
  let adminToken = admin;
  const getJob = async (id: string) => {
    try {
      return await client.getJob(adminToken, id);
    } catch (err) {
      if (!(err instanceof CadenzaApiError && err.status === 401)) throw err;
      adminToken = (await client.login(DEMO_ACCOUNTS.admin.email, DEMO_PASSWORD)).access_token;
      return client.getJob(adminToken, id);
    }
  };
  try {
    await waitForJobs(
      jobs,
      { getJob, now: Date.now, sleep: (ms) => sleep(ms) },
      {
        timeoutMs: options.timeoutMs ?? 10 * 60_000,
        pollIntervalMs: options.pollIntervalMs ?? 1000,
        onProgress: report,
      },
    );
  } finally {
    statusLine?.end();
  }
  log(`[seed] done: ${jobs.length} demo tracks, ads and episodes uploaded and transcoded`);
  // Fresh tokens: the ones from before the wait may have expired.
  const login = async (email: string) => (await client.login(email, DEMO_PASSWORD)).access_token;
  await ensureDemoPlaylists(
    client,
    {
      label: await login(DEMO_ACCOUNTS.artist.email),
      premium: await login(DEMO_ACCOUNTS.premium.email),
      free: await login(DEMO_ACCOUNTS.free.email),
    },
    log,
  );
  return { skipped: false, trackIds: jobs.map((job) => job.trackId) };
}

/**
 * Registers (or finds) each demo account, sets its role and product, and returns the access
 * tokens of the label (uploads music) and admin (uploads ads) accounts.
 */
async function prepareDemoAccounts(client: CadenzaClient, serviceToken: string, log: (line: string) => void) {
  let labelToken = "";
  let adminToken = "";
  const listeners: Record<string, string> = {};
  for (const account of Object.values(DEMO_ACCOUNTS)) {
    const created = await client.register({ ...account, password: DEMO_PASSWORD });
    try {
      await client.setUserAccess(serviceToken, {
        email: account.email,
        role: account.role,
        product: account.product,
      });
    } catch (err) {
      throw new Error(
        `could not set the role of ${account.email} (is TRANSCODER_TOKEN the server's?): ${(err as Error).message}`,
      );
    }
    // Log in after the role change, so the token carries the new role.
    const tokens = await client.login(account.email, DEMO_PASSWORD);
    log(
      `[seed] ${created ? "created" : "found"} ${account.email} (${account.country}, ${account.role}, ${account.product})`,
    );
    if (account.role === "artist") labelToken = tokens.access_token;
    if (account.role === "admin") adminToken = tokens.access_token;
    if (account.role === "listener") listeners[account.product] = tokens.access_token;
  }
  return {
    label: labelToken,
    admin: adminToken,
    premium: listeners.premium as string,
    free: listeners.free as string,
  };
}

/**
 * The demo playlists, created once (found again by name): premium@'s public mix of the whole
 * catalog, and a private collaborative one free@ can add to.
 */
async function ensureDemoPlaylists(
  client: CadenzaClient,
  accounts: { label: string; premium: string; free: string },
  log: (line: string) => void,
) {
  const existing = new Set((await client.listMyPlaylists(accounts.premium)).items.map((p) => p.name));
  const ids = await listPlayableIds(client, accounts.label);
  const wanted = [
    {
      name: DEMO_PLAYLISTS.mix,
      description: "Every song in the demo catalog.",
      public: true,
      uris: ids.map((id) => `cadenza:track:${id}`),
    },
    {
      name: DEMO_PLAYLISTS.shared,
      description: "A collaborative playlist: Parker and Freya both add to it.",
      public: false,
      collaborative: true,
      uris: ids.slice(0, 4).map((id) => `cadenza:track:${id}`),
    },
  ];
  for (const { uris, ...playlist } of wanted) {
    if (existing.has(playlist.name)) continue;
    const { id } = await client.createPlaylist(accounts.premium, playlist);
    for (let start = 0; start < uris.length; start += 100) {
      await client.addToPlaylist(accounts.premium, id, uris.slice(start, start + 100));
    }
    if (playlist.collaborative)
      await client.addCollaborator(accounts.premium, id, (await client.me(accounts.free)).id);
    log(`[seed] created the playlist "${playlist.name}" (${uris.length} songs)`);
  }
}

/** The demo playlists' names. */
export const DEMO_PLAYLISTS = { mix: "Cadenza Demo Mix", shared: "Road Trip (shared)" } as const;

async function listPlayableIds(client: CadenzaClient, token: string): Promise<string[]> {
  return (await listPlayable(client, token)).items.map((item) => item.id);
}

/** Total playable tracks and their titles. */
async function listPlayableTitles(client: CadenzaClient, token: string) {
  const { total, items } = await listPlayable(client, token);
  return { total, titles: new Set(items.map((item) => item.name)) };
}

/** Every playable track (id and title) in catalog order, read page by page. */
async function listPlayable(client: CadenzaClient, token: string) {
  const items: { id: string; name: string }[] = [];
  let total = 0;
  for (let offset = 0; offset === 0 || offset < total; offset += 50) {
    const page = await client.listPlayableTracks(token, 50, offset);
    total = page.total;
    items.push(...page.items);
    if (page.items.length === 0) break;
  }
  return { total, items };
}

/** Synthesises and uploads each track through a temporary directory that is always removed. */
async function uploadTracks(
  client: CadenzaClient,
  token: string,
  tracks: readonly DemoCatalogTrack[],
  log: (line: string) => void,
): Promise<(PendingJob & { trackId: string })[]> {
  const dir = await mkdtemp(join(tmpdir(), "cadenza-seed-"));
  // `finally` does not run when something calls process.exit() mid-upload (dev.ts on Ctrl-C).
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once("exit", removeDir);
  const jobs: (PendingJob & { trackId: string })[] = [];
  try {
    for (const [index, track] of tracks.entries()) {
      const file = join(dir, `${track.isrc}.flac`);
      const startedAt = Date.now();
      await renderDemoTrack(track, file);
      const renderedMs = Date.now() - startedAt;
      const { track_id, job_id } = await client.uploadTrack(token, file, `${track.isrc}.flac`, {
        ...track,
        lyrics: demoLyrics(track),
      });
      await rm(file, { force: true });
      jobs.push({ jobId: job_id, trackId: track_id, title: track.title });
      log(
        `[seed] uploaded ${index + 1}/${tracks.length}: ${track.artist} — ${track.title} ` +
          `(${track.durationSec} s, rendered in ${renderedMs} ms)`,
      );
    }
  } finally {
    process.off("exit", removeDir);
    await rm(dir, { recursive: true, force: true });
  }
  return jobs;
}

/** Synthesises and uploads each demo ad as the admin account. */
async function uploadAds(
  client: CadenzaClient,
  token: string,
  ads: readonly DemoAd[],
  log: (line: string) => void,
): Promise<(PendingJob & { trackId: string })[]> {
  if (ads.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), "cadenza-seed-ads-"));
  try {
    const jobs: (PendingJob & { trackId: string })[] = [];
    for (const ad of ads) {
      const file = join(dir, "ad.flac");
      await writeFlac(synthesizeSong(ad.song, ad.durationSec), SAMPLE_RATE, file, {
        title: ad.title,
        artist: ad.advertiser,
        album: ad.title,
        genre: "Advertisement",
        date: "2026-01-01",
        track: 1,
      });
      const { track_id, job_id } = await client.uploadAd(token, file, ad);
      jobs.push({ jobId: job_id, trackId: track_id, title: ad.title });
      log(`[seed] uploaded the ad "${ad.title}" (${ad.durationSec} s)`);
    }
    return jobs;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A demo episode not yet playable, with the id of its (found or newly created) show. */
interface MissingEpisode {
  showId: string;
  voice: string;
  episode: DemoEpisode;
}

/** Creates the demo shows that do not exist yet and lists the episodes none of them has yet. */
async function findMissingEpisodes(
  client: CadenzaClient,
  token: string,
  shows: readonly DemoShow[],
  log: (line: string) => void,
): Promise<MissingEpisode[]> {
  const existing = new Map((await client.listShows(token)).items.map((show) => [show.name, show.id]));
  const missing: MissingEpisode[] = [];
  for (const show of shows) {
    let showId = existing.get(show.name);
    if (!showId) {
      showId = (await client.createShow(token, show)).show_id;
      log(`[seed] created the show "${show.name}"`);
    }
    const titles = new Set(await client.listEpisodeTitles(token, showId));
    for (const episode of show.episodes) {
      if (!titles.has(episode.title)) missing.push({ showId, voice: show.voice, episode });
    }
  }
  return missing;
}

/** Speaks each missing episode's script with eSpeak NG and uploads it to its show. */
async function uploadEpisodes(
  client: CadenzaClient,
  token: string,
  episodes: readonly MissingEpisode[],
  log: (line: string) => void,
): Promise<(PendingJob & { trackId: string })[]> {
  const jobs: (PendingJob & { trackId: string })[] = [];
  for (const { showId, voice, episode } of episodes) {
    const wav = await speak(episode.script, voice);
    const { episode_id, job_id } = await client.uploadEpisode(token, showId, wav, episode);
    jobs.push({ jobId: job_id, trackId: episode_id, title: episode.title });
    log(`[seed] uploaded the episode "${episode.title}" (spoken by eSpeak NG, ${voice})`);
  }
  return jobs;
}

/** `TRANSCODER_TOKEN` from the environment, else from `.dev.vars` in the working directory. */
function readServiceToken(): string | undefined {
  if (process.env.TRANSCODER_TOKEN) return process.env.TRANSCODER_TOKEN;
  const cwd = process.cwd();
  return existsSync(join(cwd, ".dev.vars")) ? readDevVars(cwd).TRANSCODER_TOKEN : undefined;
}

async function main(): Promise<void> {
  const token = readServiceToken();
  if (!token) {
    throw new Error("no service token: set TRANSCODER_TOKEN, or run from a directory with a .dev.vars file");
  }
  const timeoutMs = process.env.SEED_TIMEOUT_MS ? Number(process.env.SEED_TIMEOUT_MS) : undefined;
  await seedDemo({
    baseUrl: process.env.CADENZA_URL ?? "http://127.0.0.1:8787",
    token,
    log: (line) => console.log(line),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Exit through process.exit() on Ctrl-C or a kill, so the temporary files' exit hook runs.
  process.once("SIGINT", () => process.exit(130));
  process.once("SIGTERM", () => process.exit(143));
  main().catch((err: unknown) => {
    console.error(`[seed] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
