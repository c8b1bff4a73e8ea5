import { DurableObject } from "cloudflare:workers";
import { withCatalog } from "../../workers/db/open-catalog.ts";
import { readConfig } from "../../workers/env.ts";
import {
  adDue,
  addToQueue,
  currentDurationMs,
  currentTrackId,
  EMPTY_STATE,
  moveInQueue,
  musicTrackId,
  orderFor,
  positionAt,
  rebase,
  removeFromQueue,
  seek,
  setRepeat,
  setShuffle,
  settle,
  skipNext,
  skipPrevious,
  startAd,
  upcomingContextTrackIds,
  upcomingTrackIds,
} from "./player-state.ts";
import {
  AD_REPORT_TOLERANCE_MS,
  COUNTED_PLAY_MS,
  type Device,
  type DeviceMessage,
  type DeviceType,
  FREE_SKIPS_PER_HOUR,
  FULLY_PLAYED_MARGIN_MS,
  type Listener,
  type ListeningActivity,
  type Outcome,
  PLAY_LIMIT_WINDOW_MS,
  PLAYS_PER_DAY,
  type PlayerState,
  type PlayerView,
  type PlaylistChanged,
  type PlayReport,
  type PlayRequest,
  type QueueItem,
  type QueueView,
  type RecordedPlay,
  type RepeatState,
  type ResumePoint,
  refuse,
  SAME_PLAY_WINDOW_MS,
  type ScheduledAd,
  type ServerEvent,
  SKIP_WINDOW_MS,
  type TrackPlayCount,
} from "./protocol.ts";

/** How long the ads catalogue is kept in memory before it is read again, ms. */
const AD_POOL_TTL_MS = 60_000;
/** The end-of-track alarm is moved only when the end moves by more than this, ms. */
const ALARM_SLACK_MS = 1000;

/** What a device's WebSocket remembers across hibernation. */
interface Attachment {
  deviceId: string;
}

/**
 * One per user: that user's devices, the one player they share, and the WebSockets that keep
 * every device in sync. Only one device plays at a time; every claim bumps `epoch`, and a
 * device holding an older epoch is refused, so one that missed the news cannot keep playing.
 */
export class UserSession extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private state: PlayerState = EMPTY_STATE;
  /** The ads catalogue for the listener's market, as last read. */
  private adPool: { country: string; loadedAt: number; ads: ScheduledAd[] } | null = null;
  /** When the end-of-track alarm is set for, as far as this instance knows. */
  private alarmAt: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS devices (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL,
        volume_percent INTEGER NOT NULL DEFAULT 100, created_at INTEGER NOT NULL)`);
      this.sql.exec(
        "CREATE TABLE IF NOT EXISTS player (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL)",
      );
      this.sql.exec(`CREATE TABLE IF NOT EXISTS play_history (
        event_id TEXT PRIMARY KEY, track_id TEXT NOT NULL, played_at INTEGER NOT NULL,
        ms_played INTEGER NOT NULL, context_uri TEXT, device_id TEXT NOT NULL, kind TEXT, artist_id TEXT)`);
      // Histories begun before listens kept their track's kind and artist gain the columns (NULL for old rows).
      const columns = this.sql
        .exec<{ name: string }>("SELECT name FROM pragma_table_info('play_history')")
        .toArray()
        .map((column) => column.name);
      for (const column of ["kind", "artist_id"].filter((name) => !columns.includes(name))) {
        this.sql.exec(`ALTER TABLE play_history ADD COLUMN ${column} TEXT`);
      }
      this.sql.exec("CREATE INDEX IF NOT EXISTS play_history_played_at ON play_history (played_at DESC)");
      this.sql.exec("CREATE TABLE IF NOT EXISTS skips (at INTEGER NOT NULL)");
      this.sql.exec("CREATE TABLE IF NOT EXISTS stream_starts (track_id TEXT NOT NULL, at INTEGER NOT NULL)");
      this.sql.exec("CREATE INDEX IF NOT EXISTS stream_starts_at ON stream_starts (at)");
      this.sql.exec(`CREATE TABLE IF NOT EXISTS resume_points (
        track_id TEXT PRIMARY KEY, resume_position_ms INTEGER NOT NULL,
        fully_played INTEGER NOT NULL, updated_at INTEGER NOT NULL)`);
      const row = this.sql.exec<{ state: string }>("SELECT state FROM player WHERE id = 1").toArray()[0];
      if (row) this.state = { ...EMPTY_STATE, ...(JSON.parse(row.state) as PlayerState) };
    });
  }

  /** Registers a device; the id is stable from then on. */
  registerDevice(id: string, name: string, type: DeviceType, nowMs: number): Device {
    this.sql.exec(
      "INSERT INTO devices (id, name, type, created_at) VALUES (?, ?, ?, ?)",
      id,
      name,
      type,
      nowMs,
    );
    return { id, name, type, volume_percent: 100 };
  }

  /** Every registered device; `is_connected` while it holds a WebSocket to this session (it can play now). */
  listDevices(): (Device & { is_active: boolean; is_connected: boolean })[] {
    return this.devices().map((d) => ({
      ...d,
      is_active: d.id === this.state.device_id,
      is_connected: this.ctx.getWebSockets(d.id).length > 0,
    }));
  }

  async getPlayer(nowMs: number): Promise<PlayerView> {
    await this.loadAds(this.state.listener, nowMs);
    this.settleTo(nowMs);
    return this.view(nowMs);
  }

  /**
   * Starts or resumes playback on a device (default: the active one). Claiming the player from
   * another device pauses that one and tells it so. An ad that is on keeps playing first; a free
   * listener due an ad hears one before the new music.
   */
  async play(request: PlayRequest, nowMs: number): Promise<Outcome<PlayerView>> {
    await this.loadAds(request.listener, nowMs);
    this.settleTo(nowMs);
    const deviceId = request.device_id ?? this.state.device_id;
    if (!deviceId) return refuse(404, "no_active_device", "No active device: name one with device_id.");
    if (!this.findDevice(deviceId)) return refuse(404, "device_not_found", "No such device.");
    const current = { ...rebase(this.state, nowMs), listener: request.listener };
    let next: PlayerState;
    if (request.context) {
      const offset = request.offset ?? 0;
      if (offset < 0 || offset >= request.context.track_ids.length) {
        return refuse(400, "invalid_offset", "The offset is outside the context.");
      }
      const startAt =
        request.position_ms ??
        (request.context.resumable ? this.resumeAt(request.context.track_ids[offset] as string) : 0);
      const music = {
        ...current,
        context: request.context,
        index: offset,
        order: orderFor(current, request.context.track_ids.length, offset),
        from_queue: null,
        position_ms: startAt,
        is_playing: true,
        updated_at: nowMs,
      };
      next = current.ad
        ? // The ad on now finishes first; the new music waits behind it.
          { ...music, ad: { ...current.ad, music_position_ms: startAt }, position_ms: current.position_ms }
        : adDue(music, nowMs)
          ? startAd(music, this.ads(), nowMs)
          : music;
    } else {
      if (!current.context && !current.from_queue)
        return refuse(404, "nothing_to_resume", "Nothing is loaded: send context_uri or uris.");
      next = {
        ...current,
        position_ms: current.ad ? current.position_ms : (request.position_ms ?? current.position_ms),
        is_playing: true,
      };
    }
    this.claim(deviceId, next);
    return { ok: true, value: this.view(nowMs) };
  }

  /** Pauses the player; a named device must be the active one. */
  async pause(deviceId: string | undefined, nowMs: number): Promise<Outcome<PlayerView>> {
    return this.command(deviceId, nowMs, (s) => ({ ...s, is_playing: false }));
  }

  /**
   * Skips forward. Free listeners get FREE_SKIPS_PER_HOUR in any rolling hour, then 429; nobody
   * skips an ad.
   */
  async next(deviceId: string | undefined, listener: Listener, nowMs: number): Promise<Outcome<PlayerView>> {
    await this.loadAds(listener, nowMs);
    this.settleTo(nowMs);
    if (this.state.ad) return adRefusal();
    if (listener.product === "free") {
      const recent = this.sql
        .exec<{ at: number }>("SELECT at FROM skips WHERE at > ? ORDER BY at", nowMs - SKIP_WINDOW_MS)
        .toArray();
      if (recent.length >= FREE_SKIPS_PER_HOUR) {
        const retryAfter = Math.ceil(((recent[0]?.at ?? nowMs) + SKIP_WINDOW_MS - nowMs) / 1000);
        return refuse(
          429,
          "skip_limit",
          `Free accounts can skip ${FREE_SKIPS_PER_HOUR} times an hour.`,
          retryAfter,
        );
      }
    }
    const ads = this.ads();
    const outcome = this.command(deviceId, nowMs, (s) => skipNext({ ...s, listener }, nowMs, ads));
    if (outcome.ok) {
      this.sql.exec("INSERT INTO skips (at) VALUES (?)", nowMs);
      this.sql.exec("DELETE FROM skips WHERE at <= ?", nowMs - SKIP_WINDOW_MS);
    }
    return outcome;
  }

  async previous(deviceId: string | undefined, nowMs: number): Promise<Outcome<PlayerView>> {
    return this.command(deviceId, nowMs, (s) => skipPrevious(s, nowMs), { notDuringAd: true });
  }

  async seek(deviceId: string | undefined, positionMs: number, nowMs: number): Promise<Outcome<PlayerView>> {
    return this.command(deviceId, nowMs, (s) => seek(s, positionMs, nowMs), { notDuringAd: true });
  }

  async setRepeat(
    deviceId: string | undefined,
    repeat: RepeatState,
    nowMs: number,
  ): Promise<Outcome<PlayerView>> {
    return this.command(deviceId, nowMs, (s) => setRepeat(s, repeat));
  }

  async setShuffle(deviceId: string | undefined, on: boolean, nowMs: number): Promise<Outcome<PlayerView>> {
    return this.command(deviceId, nowMs, (s) => setShuffle(s, on));
  }

  async addToQueue(
    deviceId: string | undefined,
    item: QueueItem,
    nowMs: number,
  ): Promise<Outcome<PlayerView>> {
    return this.command(deviceId, nowMs, (s) => addToQueue(s, item));
  }

  /** The queue as the listener edits it, with up to `contextLimit` of the context's next tracks. */
  async getQueue(nowMs: number, contextLimit = 50): Promise<QueueView> {
    await this.loadAds(this.state.listener, nowMs);
    this.settleTo(nowMs);
    return this.queueView(contextLimit);
  }

  /**
   * Takes the queued track at `position` out of the queue, from any of the user's devices. With
   * `trackId`, the track there must be that one (409 `queue_changed` otherwise: the queue moved
   * on since the caller looked, and removing by position alone would take the wrong track).
   */
  async removeFromQueue(
    position: number,
    trackId: string | undefined,
    nowMs: number,
  ): Promise<Outcome<QueueView>> {
    await this.loadAds(this.state.listener, nowMs);
    this.settleTo(nowMs);
    const refused = this.checkQueuePosition(position, 1, trackId);
    if (refused) return refused;
    const outcome = this.command(undefined, nowMs, (s) => removeFromQueue(s, position));
    return outcome.ok ? { ok: true, value: this.queueView() } : outcome;
  }

  /**
   * Moves `rangeLength` queued tracks from `rangeStart` to before the one at `insertBefore`
   * (positions before the move), from any of the user's devices; `trackId` as in removeFromQueue.
   */
  async moveInQueue(
    move: { rangeStart: number; insertBefore: number; rangeLength: number; trackId?: string },
    nowMs: number,
  ): Promise<Outcome<QueueView>> {
    await this.loadAds(this.state.listener, nowMs);
    this.settleTo(nowMs);
    const refused = this.checkQueuePosition(move.rangeStart, move.rangeLength, move.trackId);
    if (refused) return refused;
    if (move.insertBefore > this.state.queue.length) {
      return refuse(400, "invalid_position", "insert_before is past the end of the queue.");
    }
    const outcome = this.command(undefined, nowMs, (s) =>
      moveInQueue(s, move.rangeStart, move.insertBefore, move.rangeLength),
    );
    return outcome.ok ? { ok: true, value: this.queueView() } : outcome;
  }

  /** Sets the volume of the active (or named) device, 0..100. */
  setVolume(deviceId: string | undefined, volumePercent: number, nowMs: number): Outcome<PlayerView> {
    const target = deviceId ?? this.state.device_id;
    if (!target) return refuse(404, "no_active_device", "No active device.");
    if (!this.findDevice(target)) return refuse(404, "device_not_found", "No such device.");
    this.sql.exec("UPDATE devices SET volume_percent = ? WHERE id = ?", volumePercent, target);
    this.broadcast({ type: "state", state: this.view(nowMs) });
    return { ok: true, value: this.view(nowMs) };
  }

  /** Moves playback to `deviceId`; keeps playing (or starts, with `play`) there. */
  async transfer(
    deviceId: string,
    play: boolean | undefined,
    listener: Listener,
    nowMs: number,
  ): Promise<Outcome<PlayerView>> {
    if (!this.findDevice(deviceId)) return refuse(404, "device_not_found", "No such device.");
    await this.loadAds(listener, nowMs);
    this.settleTo(nowMs);
    const current = rebase(this.state, nowMs);
    this.claim(deviceId, { ...current, listener, is_playing: play ?? current.is_playing });
    return { ok: true, value: this.view(nowMs) };
  }

  /**
   * The active device's periodic position report; refused for another device or a stale epoch.
   * A report about a track the player has left changes nothing; an ad cannot be reported past.
   */
  async reportPosition(
    deviceId: string,
    epoch: number,
    positionMs: number,
    nowMs: number,
    trackId?: string,
  ): Promise<Outcome<PlayerView>> {
    if (deviceId !== this.state.device_id || epoch !== this.state.epoch) {
      return refuse(409, "stale_epoch", "Another device has taken over playback; stop playing.");
    }
    await this.loadAds(this.state.listener, nowMs);
    this.settleTo(nowMs);
    if (trackId !== undefined && trackId !== currentTrackId(this.state)) {
      return { ok: true, value: this.view(nowMs) };
    }
    const position = this.state.ad
      ? Math.min(positionMs, positionAt(this.state, nowMs) + AD_REPORT_TOLERANCE_MS)
      : positionMs;
    this.save(seek(rebase(this.state, nowMs), position, nowMs));
    return { ok: true, value: this.view(nowMs) };
  }

  /**
   * Counts the start of a stream against the listener's daily plays (seed §12: 1000 a day, for
   * everyone). Starting the same track again within SAME_PLAY_WINDOW_MS is the same play.
   */
  startStream(trackId: string, nowMs: number): Outcome<{ counted: boolean }> {
    const again = this.sql
      .exec(
        "SELECT 1 FROM stream_starts WHERE track_id = ? AND at > ? LIMIT 1",
        trackId,
        nowMs - SAME_PLAY_WINDOW_MS,
      )
      .toArray();
    if (again.length > 0) return { ok: true, value: { counted: false } };
    // Only a new start writes: starts older than the window go first, so the count is the day's.
    this.sql.exec("DELETE FROM stream_starts WHERE at <= ?", nowMs - PLAY_LIMIT_WINDOW_MS);
    const { n, oldest } = this.sql
      .exec<{ n: number; oldest: number | null }>(
        "SELECT count(*) AS n, min(at) AS oldest FROM stream_starts",
      )
      .one();
    if (n >= PLAYS_PER_DAY) {
      const retryAfter = Math.ceil(((oldest ?? nowMs) + PLAY_LIMIT_WINDOW_MS - nowMs) / 1000);
      return refuse(429, "play_limit", `Accounts may start ${PLAYS_PER_DAY} plays a day.`, retryAfter);
    }
    this.sql.exec("INSERT INTO stream_starts (track_id, at) VALUES (?, ?)", trackId, nowMs);
    return { ok: true, value: { counted: true } };
  }

  /** Where the listener left each of `trackIds` that resumes (items never left are absent). */
  resumePoints(trackIds: string[]): Record<string, ResumePoint> {
    const points: Record<string, ResumePoint> = {};
    for (const id of trackIds) {
      const row = this.sql
        .exec<{ resume_position_ms: number; fully_played: number }>(
          "SELECT resume_position_ms, fully_played FROM resume_points WHERE track_id = ?",
          id,
        )
        .toArray()[0];
      if (row)
        points[id] = { resume_position_ms: row.resume_position_ms, fully_played: row.fully_played === 1 };
    }
    return points;
  }

  /** The end-of-track alarm: moves the player on and tells every device what plays now. */
  override async alarm(): Promise<void> {
    this.alarmAt = null;
    const nowMs = Date.now();
    await this.loadAds(this.state.listener, nowMs);
    const before = this.state;
    this.pauseIfDeviceGone(nowMs);
    this.settleTo(nowMs);
    if (this.state !== before) this.broadcast({ type: "state", state: this.view(nowMs) });
    else this.scheduleAlarm();
  }

  /**
   * The playing device's last connection closed a grace period ago and it has not come back
   * (the tab was closed): the player pauses where the music stopped, so no device claims to
   * play in silence and the listener resumes from there.
   */
  private pauseIfDeviceGone(nowMs: number): void {
    const lostAt = this.state.device_lost_at;
    if (lostAt === null || nowMs < lostAt + this.disconnectGraceMs() - ALARM_SLACK_MS) return;
    const deviceId = this.state.device_id;
    if (!this.state.is_playing || !deviceId || this.isConnected(deviceId)) {
      this.save({ ...this.state, device_lost_at: null });
      return;
    }
    // Where it stopped: when the connection closed, unless the player moved on since.
    const at = Math.max(lostAt, this.state.updated_at);
    this.settleTo(at);
    this.save({ ...rebase(this.state, at), is_playing: false, device_lost_at: null });
  }

  /** How long a playing device whose last connection closed has to come back (a reload takes a second or two). */
  private disconnectGraceMs(): number {
    return readConfig(this.env).PLAYER_DISCONNECT_GRACE_SECONDS * 1000;
  }

  /** Whether `deviceId` holds an open connection to this session (besides `except`). */
  private isConnected(deviceId: string, except?: WebSocket): boolean {
    return this.ctx.getWebSockets(deviceId).some((ws) => ws !== except && ws.readyState === WebSocket.OPEN);
  }

  /**
   * Records a listen in this user's history. Returns whether it was new: a duplicated report
   * (same event id) is recorded once.
   */
  recordPlay(report: RecordedPlay): Outcome<{ recorded: boolean }> {
    if (!this.findDevice(report.device_id)) return refuse(404, "device_not_found", "No such device.");
    const { rowsWritten } = this.sql.exec(
      `INSERT INTO play_history (event_id, track_id, played_at, ms_played, context_uri, device_id, kind, artist_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
      report.event_id,
      report.track_id,
      report.played_at,
      report.ms_played,
      report.context_uri,
      report.device_id,
      report.kind,
      report.artist_id,
    );
    return { ok: true, value: { recorded: rowsWritten > 0 } };
  }

  /**
   * Counted listens, newest first: before `before` or after `after` (epoch ms, exclusive),
   * at most `limit`.
   */
  recentlyPlayed(page: { limit: number; before?: number; after?: number }): PlayReport[] {
    return this.sql
      .exec<Row<PlayReport>>(
        `SELECT event_id, track_id, played_at, ms_played, context_uri, device_id FROM play_history
         WHERE ms_played >= ? AND played_at < ? AND played_at > ? ORDER BY played_at DESC LIMIT ?`,
        COUNTED_PLAY_MS,
        page.before ?? Number.MAX_SAFE_INTEGER,
        page.after ?? -1,
        page.limit,
      )
      .toArray();
  }

  /**
   * Counted listens per track that started at or after `sinceMs` (epoch ms), in no particular
   * order: what top lists and listening stats are ranked from.
   */
  playCounts(sinceMs: number): TrackPlayCount[] {
    return this.sql
      .exec<Row<TrackPlayCount>>(
        `SELECT track_id, max(kind) AS kind, max(artist_id) AS artist_id, count(*) AS plays,
           sum(ms_played) AS ms_played, max(played_at) AS last_played_at
         FROM play_history WHERE played_at >= ? AND ms_played >= ? GROUP BY track_id`,
        sinceMs,
        COUNTED_PLAY_MS,
      )
      .toArray();
  }

  /**
   * What this user's followers may see: the music playing now and the latest counted listen.
   * Reads only: the player is played forward in memory, not stored.
   */
  listeningActivity(nowMs: number): ListeningActivity {
    const state = settle(this.state, nowMs, this.ads());
    const trackId = musicTrackId(state);
    const nowPlaying =
      state.is_playing && trackId
        ? {
            track_id: trackId,
            context_uri: state.context?.uri ?? null,
            started_at: nowMs - (state.ad ? state.ad.music_position_ms : positionAt(state, nowMs)),
          }
        : null;
    const last = this.sql
      .exec<{ track_id: string; context_uri: string | null; played_at: number }>(
        `SELECT track_id, context_uri, played_at FROM play_history
         WHERE ms_played >= ? AND kind IS NOT 'episode' ORDER BY played_at DESC LIMIT 1`,
        COUNTED_PLAY_MS,
      )
      .toArray()[0];
    return { now_playing: nowPlaying, last_play: last ?? null };
  }

  /** Tells every connected device of this user that a playlist they own or edit changed. */
  notifyPlaylistChanged(event: PlaylistChanged): void {
    this.broadcast(event);
  }

  /** WebSocket upgrade for `GET /api/player/connect` (the Worker has checked the token). */
  override async fetch(request: Request): Promise<Response> {
    const deviceId = new URL(request.url).searchParams.get("device_id") ?? "";
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return Response.json(
        { error: { status: 426, message: "Expected a WebSocket upgrade.", code: "upgrade_required" } },
        { status: 426 },
      );
    }
    if (!this.findDevice(deviceId)) {
      return Response.json(
        { error: { status: 404, message: "No such device; register it first.", code: "device_not_found" } },
        { status: 404 },
      );
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [deviceId]);
    server.serializeAttachment({ deviceId } satisfies Attachment);
    // The playing device is back (a reload): it keeps playing.
    if (deviceId === this.state.device_id && this.state.device_lost_at !== null)
      this.save({ ...this.state, device_lost_at: null });
    server.send(JSON.stringify({ type: "state", state: this.view(Date.now()) } satisfies ServerEvent));
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const { deviceId } = ws.deserializeAttachment() as Attachment;
    let parsed: DeviceMessage;
    try {
      parsed = JSON.parse(
        typeof message === "string" ? message : new TextDecoder().decode(message),
      ) as DeviceMessage;
    } catch {
      return send(ws, { type: "error", code: "invalid_message", message: "Messages are JSON." });
    }
    if (parsed.type === "position" && Number.isFinite(parsed.epoch) && Number.isFinite(parsed.position_ms)) {
      const trackId = typeof parsed.track_id === "string" ? parsed.track_id : undefined;
      const outcome = await this.reportPosition(
        deviceId,
        parsed.epoch,
        parsed.position_ms,
        Date.now(),
        trackId,
      );
      if (!outcome.ok) send(ws, { type: "error", code: outcome.code, message: outcome.message });
      else if (trackId !== undefined && trackId !== outcome.value.track_id) {
        send(ws, { type: "state", state: outcome.value });
      }
      return;
    }
    send(ws, { type: "error", code: "invalid_message", message: "Unknown message type." });
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    ws.close(code === 1005 ? 1000 : code, "bye");
    this.noteDisconnect(ws);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.noteDisconnect(ws);
  }

  /** The playing device lost its last connection: start the grace period (see {@link pauseIfDeviceGone}). */
  private noteDisconnect(ws: WebSocket): void {
    const { deviceId } = ws.deserializeAttachment() as Attachment;
    const state = this.state;
    if (deviceId !== state.device_id || !state.is_playing || state.device_lost_at !== null) return;
    if (this.isConnected(deviceId, ws)) return;
    this.save({ ...state, device_lost_at: Date.now() });
  }

  private claim(deviceId: string, next: PlayerState): void {
    const previous = this.state.device_id;
    const epoch = this.state.epoch + 1;
    this.save({ ...next, device_id: deviceId, epoch, device_lost_at: null });
    if (previous && previous !== deviceId) {
      this.broadcast({ type: "session_taken_over", by_device_id: deviceId, epoch }, previous);
    }
    this.broadcast({ type: "state", state: this.view(next.updated_at) });
  }

  private queueView(contextLimit = 50): QueueView {
    return {
      current_track_id: musicTrackId(this.state),
      ad_playing: this.state.ad !== null,
      queued_track_ids: this.state.queue.map((item) => item.track_id),
      context_uri: this.state.context?.uri ?? null,
      next_from_context_ids: upcomingContextTrackIds(this.state, contextLimit),
    };
  }

  /** Refuses a queue range that is not there (400), or whose first track is not `trackId` (409). */
  private checkQueuePosition(
    start: number,
    length: number,
    trackId: string | undefined,
  ): Outcome<never> | null {
    const { queue } = this.state;
    if (trackId !== undefined && queue[start]?.track_id !== trackId) {
      return refuse(409, "queue_changed", "The queue has changed; look at it again.");
    }
    if (start + length > queue.length) {
      return refuse(400, "invalid_position", "That position is outside the queue.");
    }
    return null;
  }

  private view(nowMs: number): PlayerView {
    const device = this.state.device_id ? this.findDevice(this.state.device_id) : null;
    return {
      device: device ? { ...device, is_active: true } : null,
      track_id: currentTrackId(this.state),
      currently_playing_type: this.state.ad ? "ad" : "track",
      ad_id: this.state.ad?.ad_id ?? null,
      next_track_ids: upcomingTrackIds(this.state),
      context_uri: this.state.context?.uri ?? null,
      progress_ms: positionAt(this.state, nowMs),
      is_playing: this.state.is_playing,
      shuffle_state: this.state.shuffle,
      repeat_state: this.state.repeat,
      epoch: this.state.epoch,
      timestamp: nowMs,
    };
  }

  /**
   * Runs a command that needs an active device (the named one, when given): plays time
   * forward first, then applies `change`, stores the result and tells every device. Commands
   * that would cut an ad short are refused while one plays.
   */
  private command(
    deviceId: string | undefined,
    nowMs: number,
    change: (state: PlayerState) => PlayerState,
    options: { notDuringAd?: boolean } = {},
  ): Outcome<PlayerView> {
    if (!this.state.device_id) return refuse(404, "no_active_device", "No active device.");
    if (deviceId && deviceId !== this.state.device_id) {
      return refuse(404, "device_not_active", "That device is not the active one.");
    }
    if (!this.state.context && !this.state.from_queue)
      return refuse(404, "nothing_loaded", "Nothing is loaded.");
    this.settleTo(nowMs);
    if (options.notDuringAd && this.state.ad) return adRefusal();
    this.save(change(rebase(this.state, nowMs)));
    this.broadcast({ type: "state", state: this.view(nowMs) });
    return { ok: true, value: this.view(nowMs) };
  }

  /** Brings the stored state up to `nowMs` (tracks that ended while playing have moved on). */
  private settleTo(nowMs: number): void {
    const settled = settle(this.state, nowMs, this.ads());
    if (settled !== this.state) this.save(settled);
  }

  private save(next: PlayerState): void {
    this.keepResumePoints(this.state, next);
    this.state = next;
    this.sql.exec(
      "INSERT INTO player (id, state) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state",
      JSON.stringify(next),
    );
    this.scheduleAlarm();
  }

  /**
   * Sets the alarm for the end of what plays now, so every device hears of the next track (or
   * ad) when it starts, not when someone next asks — or, sooner, for the end of a lost device's
   * grace period.
   */
  private scheduleAlarm(): void {
    const state = this.state;
    if (!state.is_playing) return;
    const duration = currentDurationMs(state);
    const endsAt =
      duration === undefined ? null : state.updated_at + Math.max(0, duration - state.position_ms);
    const pauseAt = state.device_lost_at === null ? null : state.device_lost_at + this.disconnectGraceMs();
    const at = endsAt === null ? pauseAt : pauseAt === null ? endsAt : Math.min(endsAt, pauseAt);
    if (at === null) return;
    if (this.alarmAt !== null && Math.abs(this.alarmAt - at) <= ALARM_SLACK_MS) return;
    this.alarmAt = at;
    void this.ctx.storage.setAlarm(at);
  }

  /** Remembers where the listener is in (and where they left) items of a resumable context. */
  private keepResumePoints(before: PlayerState, after: PlayerState): void {
    const keep = (state: PlayerState, positionMs: number) => {
      const trackId = musicTrackId(state);
      const duration = state.from_queue?.duration_ms ?? state.context?.durations_ms[state.index];
      if (!trackId || duration === undefined || !state.context?.resumable || state.from_queue) return;
      const fullyPlayed = positionMs >= duration - FULLY_PLAYED_MARGIN_MS;
      this.sql.exec(
        `INSERT INTO resume_points (track_id, resume_position_ms, fully_played, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (track_id) DO UPDATE SET resume_position_ms = excluded.resume_position_ms,
           fully_played = excluded.fully_played, updated_at = excluded.updated_at`,
        trackId,
        fullyPlayed ? 0 : positionMs,
        fullyPlayed ? 1 : 0,
        after.updated_at,
      );
    };
    const left = musicTrackId(before) !== musicTrackId(after) || before.context !== after.context;
    if (left && !before.ad) keep(before, positionAt(before, after.updated_at));
    if (!after.ad) keep(after, after.position_ms);
  }

  /** Where a resumable item starts: where the listener left it, or the top when they finished it. */
  private resumeAt(trackId: string): number {
    const point = this.resumePoints([trackId])[trackId];
    return point && !point.fully_played ? point.resume_position_ms : 0;
  }

  /** The ads the player may schedule now (empty for premium listeners or an empty catalogue). */
  private ads(): ScheduledAd[] {
    return this.state.listener?.product === "free" ? (this.adPool?.ads ?? []) : [];
  }

  /**
   * Reads the ads catalogue for a free listener's market when the copy in memory is missing or
   * old. A failed read keeps the music going without ads rather than failing playback.
   */
  private async loadAds(listener: Listener | null, nowMs: number): Promise<void> {
    if (listener?.product !== "free") return;
    const fresh = this.adPool?.country === listener.country && nowMs - this.adPool.loadedAt < AD_POOL_TTL_MS;
    if (fresh) return;
    try {
      const rows = await withCatalog(this.env, (db) => db.listActiveAds(listener.country));
      this.adPool = {
        country: listener.country,
        loadedAt: nowMs,
        ads: rows.map((r) => ({ ad_id: r.adId, track_id: r.trackId, duration_ms: r.durationMs })),
      };
    } catch (err) {
      console.error(`ads catalogue unavailable, playing on without ads: ${(err as Error).message}`);
    }
  }

  private broadcast(event: ServerEvent, deviceId?: string): void {
    for (const ws of this.ctx.getWebSockets(deviceId)) send(ws, event);
  }

  private devices(): Device[] {
    return this.sql
      .exec<Row<Device>>("SELECT id, name, type, volume_percent FROM devices ORDER BY created_at")
      .toArray();
  }

  private findDevice(id: string): Device | null {
    return (
      this.sql
        .exec<Row<Device>>("SELECT id, name, type, volume_percent FROM devices WHERE id = ?", id)
        .toArray()[0] ?? null
    );
  }
}

/** An interface as a SQL row type (a mapped type, so it satisfies SqlStorage's record constraint). */
type Row<T> = { [K in keyof T]: T[K] };

function adRefusal(): Outcome<never> {
  return refuse(
    403,
    "ad_playing",
    "An ad is playing; it cannot be skipped or seeked. Music resumes after it.",
  );
}

function send(ws: WebSocket, event: ServerEvent): void {
  try {
    ws.send(JSON.stringify(event));
  } catch {
    // A socket closing under us: it will not need the update.
  }
}
