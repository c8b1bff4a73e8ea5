import { DurableObject } from "cloudflare:workers";
import {
  addToQueue,
  currentTrackId,
  EMPTY_STATE,
  orderFor,
  positionAt,
  seek,
  setRepeat,
  setShuffle,
  settle,
  skipNext,
  skipPrevious,
  upcomingTrackIds,
} from "./player-state.ts";
import {
  COUNTED_PLAY_MS,
  type Device,
  type DeviceMessage,
  type DeviceType,
  FREE_SKIPS_PER_HOUR,
  type Outcome,
  type PlayerState,
  type PlayerView,
  type PlayReport,
  type PlayRequest,
  type QueueItem,
  type RepeatState,
  refuse,
  type ServerEvent,
  SKIP_WINDOW_MS,
} from "./protocol.ts";

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
        ms_played INTEGER NOT NULL, context_uri TEXT, device_id TEXT NOT NULL)`);
      this.sql.exec("CREATE INDEX IF NOT EXISTS play_history_played_at ON play_history (played_at DESC)");
      this.sql.exec("CREATE TABLE IF NOT EXISTS skips (at INTEGER NOT NULL)");
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

  listDevices(): (Device & { is_active: boolean })[] {
    return this.devices().map((d) => ({ ...d, is_active: d.id === this.state.device_id }));
  }

  getPlayer(nowMs: number): PlayerView {
    this.settleTo(nowMs);
    return this.view(nowMs);
  }

  /**
   * Starts or resumes playback on a device (default: the active one). Claiming the player from
   * another device pauses that one and tells it so.
   */
  play(request: PlayRequest, nowMs: number): Outcome<PlayerView> {
    this.settleTo(nowMs);
    const deviceId = request.device_id ?? this.state.device_id;
    if (!deviceId) return refuse(404, "no_active_device", "No active device: name one with device_id.");
    if (!this.findDevice(deviceId)) return refuse(404, "device_not_found", "No such device.");
    let next: PlayerState;
    if (request.context) {
      const offset = request.offset ?? 0;
      if (offset < 0 || offset >= request.context.track_ids.length) {
        return refuse(400, "invalid_offset", "The offset is outside the context.");
      }
      next = {
        ...this.state,
        context: request.context,
        index: offset,
        order: orderFor(this.state, request.context.track_ids.length, offset),
        from_queue: null,
        position_ms: request.position_ms ?? 0,
      };
    } else {
      if (!this.state.context)
        return refuse(404, "nothing_to_resume", "Nothing is loaded: send context_uri or uris.");
      next = { ...this.state, position_ms: request.position_ms ?? positionAt(this.state, nowMs) };
    }
    this.claim(deviceId, { ...next, is_playing: true, updated_at: nowMs });
    return { ok: true, value: this.view(nowMs) };
  }

  /** Pauses the player; a named device must be the active one. */
  pause(deviceId: string | undefined, nowMs: number): Outcome<PlayerView> {
    return this.command(deviceId, nowMs, (s) => ({
      ...s,
      position_ms: positionAt(s, nowMs),
      is_playing: false,
      updated_at: nowMs,
    }));
  }

  /** Skips forward. Free listeners get FREE_SKIPS_PER_HOUR in any rolling hour, then 429. */
  next(deviceId: string | undefined, product: "free" | "premium", nowMs: number): Outcome<PlayerView> {
    if (product === "free") {
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
    const outcome = this.command(deviceId, nowMs, (s) => skipNext(s, nowMs));
    if (outcome.ok) {
      this.sql.exec("INSERT INTO skips (at) VALUES (?)", nowMs);
      this.sql.exec("DELETE FROM skips WHERE at <= ?", nowMs - SKIP_WINDOW_MS);
    }
    return outcome;
  }

  previous(deviceId: string | undefined, nowMs: number): Outcome<PlayerView> {
    return this.command(deviceId, nowMs, (s) => skipPrevious(s, nowMs));
  }

  seek(deviceId: string | undefined, positionMs: number, nowMs: number): Outcome<PlayerView> {
    return this.command(deviceId, nowMs, (s) => seek(s, positionMs, nowMs));
  }

  setRepeat(deviceId: string | undefined, repeat: RepeatState, nowMs: number): Outcome<PlayerView> {
    return this.command(deviceId, nowMs, (s) => setRepeat(s, repeat));
  }

  setShuffle(deviceId: string | undefined, on: boolean, nowMs: number): Outcome<PlayerView> {
    return this.command(deviceId, nowMs, (s) => setShuffle(s, on));
  }

  addToQueue(deviceId: string | undefined, item: QueueItem, nowMs: number): Outcome<PlayerView> {
    return this.command(deviceId, nowMs, (s) => addToQueue(s, item));
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
  transfer(deviceId: string, play: boolean | undefined, nowMs: number): Outcome<PlayerView> {
    if (!this.findDevice(deviceId)) return refuse(404, "device_not_found", "No such device.");
    this.settleTo(nowMs);
    const isPlaying = play ?? this.state.is_playing;
    this.claim(deviceId, {
      ...this.state,
      position_ms: positionAt(this.state, nowMs),
      is_playing: isPlaying,
      updated_at: nowMs,
    });
    return { ok: true, value: this.view(nowMs) };
  }

  /** The active device's periodic position report; refused for another device or a stale epoch. */
  reportPosition(deviceId: string, epoch: number, positionMs: number, nowMs: number): Outcome<PlayerView> {
    if (deviceId !== this.state.device_id || epoch !== this.state.epoch) {
      return refuse(409, "stale_epoch", "Another device has taken over playback; stop playing.");
    }
    this.save(seek(this.state, positionMs, nowMs));
    return { ok: true, value: this.view(nowMs) };
  }

  /**
   * Records a listen in this user's history. Returns whether it was new: a duplicated report
   * (same event id) is recorded once.
   */
  recordPlay(report: PlayReport): Outcome<{ recorded: boolean }> {
    if (!this.findDevice(report.device_id)) return refuse(404, "device_not_found", "No such device.");
    const { rowsWritten } = this.sql.exec(
      `INSERT INTO play_history (event_id, track_id, played_at, ms_played, context_uri, device_id)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
      report.event_id,
      report.track_id,
      report.played_at,
      report.ms_played,
      report.context_uri,
      report.device_id,
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
      const outcome = this.reportPosition(deviceId, parsed.epoch, parsed.position_ms, Date.now());
      if (!outcome.ok) send(ws, { type: "error", code: outcome.code, message: outcome.message });
      return;
    }
    send(ws, { type: "error", code: "invalid_message", message: "Unknown message type." });
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    ws.close(code === 1005 ? 1000 : code, "bye");
  }

  private claim(deviceId: string, next: PlayerState): void {
    const previous = this.state.device_id;
    const epoch = this.state.epoch + 1;
    this.save({ ...next, device_id: deviceId, epoch });
    if (previous && previous !== deviceId) {
      this.broadcast({ type: "session_taken_over", by_device_id: deviceId, epoch }, previous);
    }
    this.broadcast({ type: "state", state: this.view(next.updated_at) });
  }

  private view(nowMs: number): PlayerView {
    const device = this.state.device_id ? this.findDevice(this.state.device_id) : null;
    return {
      device: device ? { ...device, is_active: true } : null,
      track_id: currentTrackId(this.state),
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
   * forward first, then applies `change`, stores the result and tells every device.
   */
  private command(
    deviceId: string | undefined,
    nowMs: number,
    change: (state: PlayerState) => PlayerState,
  ): Outcome<PlayerView> {
    if (!this.state.device_id) return refuse(404, "no_active_device", "No active device.");
    if (deviceId && deviceId !== this.state.device_id) {
      return refuse(404, "device_not_active", "That device is not the active one.");
    }
    if (!this.state.context && !this.state.from_queue)
      return refuse(404, "nothing_loaded", "Nothing is loaded.");
    this.settleTo(nowMs);
    this.save(change(this.state));
    this.broadcast({ type: "state", state: this.view(nowMs) });
    return { ok: true, value: this.view(nowMs) };
  }

  /** Brings the stored state up to `nowMs` (tracks that ended while playing have moved on). */
  private settleTo(nowMs: number): void {
    const settled = settle(this.state, nowMs);
    if (settled !== this.state) this.save(settled);
  }

  private save(next: PlayerState): void {
    this.state = next;
    this.sql.exec(
      "INSERT INTO player (id, state) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state",
      JSON.stringify(next),
    );
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

function send(ws: WebSocket, event: ServerEvent): void {
  try {
    ws.send(JSON.stringify(event));
  } catch {
    // A socket closing under us: it will not need the update.
  }
}
