import { accessToken, api } from "../api/client.ts";
import { describeThisTab } from "./device-name.ts";
import { connected, deviceId, type PlayerView, playerView, takenOverBy } from "./state.ts";
import { holdClaim, isClaimedElsewhere } from "./tab-claim.ts";

/**
 * This browser tab as one of the user's devices: registered once per tab (the id survives a
 * reload, a new tab is a new device), with a WebSocket to the user's session that pushes every
 * change of the player. Reconnects with backoff and a fresh token; stops on sign-out.
 */

/** A playlist the user owns or edits changed (pushed by the session; pages refresh on it). */
export interface PlaylistChangedEvent {
  playlist_id: string;
  snapshot_id: string;
  action: string;
  by_user_id: string;
}

type ServerEvent =
  | { type: "state"; state: PlayerView }
  | { type: "session_taken_over"; by_device_id: string; epoch: number }
  | { type: "error"; code: string; message: string }
  | ({ type: "playlist_changed" } & PlaylistChangedEvent);

const DEVICE_KEY = "cadenza.device";
const MAX_BACKOFF_MS = 15_000;

interface StoredDevice {
  userId: string;
  id: string;
  name: string;
}

let running = false;
let registered: Promise<void> = Promise.resolve();
let socket: WebSocket | null = null;
let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
let failures = 0;
let releaseClaim: () => void = () => undefined;
const playlistListeners = new Set<(event: PlaylistChangedEvent) => void>();

/** Calls `listener` for every `playlist_changed` push; returns the unsubscribe function. */
export function onPlaylistChanged(listener: (event: PlaylistChangedEvent) => void): () => void {
  playlistListeners.add(listener);
  return () => playlistListeners.delete(listener);
}

/** Registers this tab (if needed) and keeps its socket open until {@link stopDevice}. */
export async function startDevice(): Promise<void> {
  if (running) return;
  running = true;
  addEventListener("online", reconnectNow);
  registered = ensureRegistered(false).catch(() => {
    // Offline at start: the reconnect loop registers once the API answers.
  });
  await registered;
  void connect();
}

/**
 * This tab's device id once registration settled (at most `timeoutMs` later), or null: commands
 * issued right after sign-in wait for it, so they land on this tab and not on a stale device.
 */
export async function registeredDeviceId(timeoutMs = 5000): Promise<string | null> {
  if (deviceId.value) return deviceId.value;
  await Promise.race([registered, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
  return deviceId.value;
}

/** Closes the socket and forgets the player (sign-out). */
export function stopDevice(): void {
  running = false;
  removeEventListener("online", reconnectNow);
  clearTimeout(reconnectTimer);
  const ws = socket;
  socket = null;
  ws?.close(1000, "signed out");
  releaseClaim();
  connected.value = false;
  playerView.value = null;
  takenOverBy.value = null;
  deviceId.value = null;
}

/** Sends a message to the session when the socket is open (position reports); false when not sent. */
export function sendToSession(message: {
  type: "position";
  epoch: number;
  position_ms: number;
  track_id?: string;
}): boolean {
  if (socket?.readyState !== WebSocket.OPEN) return false;
  socket.send(JSON.stringify(message));
  return true;
}

async function ensureRegistered(force: boolean): Promise<void> {
  const userId = subjectOf(await accessToken());
  const stored = readStoredDevice();
  const copied = stored !== null && (await isClaimedElsewhere(stored.id));
  if (!force && !copied && stored && stored.userId === userId) {
    claimDevice(stored.id);
    return;
  }
  const name = stored && !copied ? stored.name : describeThisTab();
  const device = await api<{ device_id: string; name: string }>("/api/player/devices", {
    method: "POST",
    body: { name, type: "web" },
  });
  sessionStorage.setItem(DEVICE_KEY, JSON.stringify({ userId, id: device.device_id, name: device.name }));
  claimDevice(device.device_id);
}

function claimDevice(id: string): void {
  releaseClaim();
  releaseClaim = holdClaim(id);
  deviceId.value = id;
}

async function connect(): Promise<void> {
  if (!running || socket) return;
  const token = await accessToken().catch(() => null);
  if (!running || socket) return;
  if (!token || !deviceId.value) return scheduleReconnect();
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const query = new URLSearchParams({ access_token: token, device_id: deviceId.value });
  const ws = new WebSocket(`${scheme}://${location.host}/api/player/connect?${query}`);
  socket = ws;
  ws.onopen = () => {
    failures = 0;
    connected.value = true;
  };
  ws.onmessage = (message) => {
    if (socket !== ws) return;
    try {
      handle(JSON.parse(String(message.data)) as ServerEvent);
    } catch {
      // A message we cannot read changes nothing; the next state will.
    }
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    connected.value = false;
    scheduleReconnect();
  };
}

function scheduleReconnect(): void {
  if (!running) return;
  clearTimeout(reconnectTimer);
  failures++;
  const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(failures - 1, 5)) * (0.75 + Math.random() / 2);
  reconnectTimer = setTimeout(() => void recover(), delay);
}

/**
 * A socket that will not open may mean the device is gone (state reset) or the token is stale:
 * the device list answers both (api() refreshes the token; a missing id registers anew).
 */
async function recover(): Promise<void> {
  if (!running) return;
  if (failures >= 2 || !deviceId.value) {
    try {
      const { devices } = await api<{ devices: { id: string }[] }>("/v1/me/player/devices");
      const known = devices.some((d) => d.id === deviceId.value);
      if (!known) await ensureRegistered(true);
    } catch {
      // Still offline: try again later.
    }
  }
  void connect();
}

function reconnectNow(): void {
  failures = 0;
  clearTimeout(reconnectTimer);
  void connect();
}

function handle(event: ServerEvent): void {
  switch (event.type) {
    case "state":
      playerView.value = event.state;
      if (event.state.device?.id === deviceId.value) takenOverBy.value = null;
      else if (takenOverBy.value !== null && event.state.device) takenOverBy.value = event.state.device.name;
      return;
    case "session_taken_over":
      if (event.by_device_id !== deviceId.value) void nameTakeover(event.by_device_id);
      return;
    case "playlist_changed":
      for (const listener of playlistListeners) listener(event);
      return;
    case "error":
      // stale_epoch: another device plays; the state that says so is on its way.
      return;
  }
}

async function nameTakeover(byDeviceId: string): Promise<void> {
  takenOverBy.value = "another device";
  try {
    const { devices } = await api<{ devices: { id: string; name: string }[] }>("/v1/me/player/devices");
    const name = devices.find((d) => d.id === byDeviceId)?.name;
    if (name && takenOverBy.value !== null) takenOverBy.value = name;
  } catch {
    // The generic wording stays.
  }
}

function readStoredDevice(): StoredDevice | null {
  try {
    return JSON.parse(sessionStorage.getItem(DEVICE_KEY) ?? "null") as StoredDevice | null;
  } catch {
    return null;
  }
}

/** The user id (`sub`) inside an access token, or "" when unreadable. */
function subjectOf(token: string | null): string {
  try {
    const payload = token?.split(".")[1] ?? "";
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    return String((JSON.parse(json) as { sub?: unknown }).sub ?? "");
  } catch {
    return "";
  }
}
