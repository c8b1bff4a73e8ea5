import { Agent } from "node:http";
import type { PlayerView, ServerEvent } from "../durable-objects/user-session/protocol.ts";
import { Cadenza } from "../e2e/api-client.ts";
import { freePort } from "../scripts/free-port.ts";
import { type EdgeFixture, startEdgeFixture } from "./edge-fixture.ts";
import { type LoadOptions, type LoadResult, requestsPerSecond, runLoad, send } from "./http-load.ts";
import { ReloadGuard } from "./reload-guard.ts";
import type { BenchReport } from "./report.ts";
import { summarizeSessions } from "./sessions-report.ts";
import { fixed, median, runInterleaved } from "./stats.ts";
import { startWorkerdDirect, type WorkerdDirect } from "./workerd-direct.ts";

/** Length of the song the devices play, seconds (seek targets stay well inside it). */
export const SESSIONS_SONG_SECONDS = 30;
/** State changes A sends (and B must see), one at a time; as many sequential /healthz requests. */
export const PROPAGATION_CHANGES = 1000;
/** First seek target, ms; each change seeks `PROPAGATION_STEP_MS` further. */
const PROPAGATION_FIRST_MS = 1_000;
const PROPAGATION_STEP_MS = 20;
/** Wall-time cap of the whole propagation phase, ms. */
const PROPAGATION_BUDGET_MS = 180_000;
/** One change not seen by B within this long fails the benchmark, ms. */
const CHANGE_TIMEOUT_MS = 10_000;

/** Requests in flight at once in the load rounds (and sockets in each keep-alive pool). */
export const LOAD_CONCURRENCY = 64;
/** Length of one timed load round, ms. */
export const LOAD_ROUND_MS = 5_000;
/** Timed load rounds per target, interleaved. */
export const LOAD_ROUNDS = 4;
/** Untimed warm-up per target, ms. */
export const LOAD_WARMUP_MS = 1_500;
const MAX_REQUESTS = 100_000;

/** In-flight levels of the sweep on workerd-direct: where does p99 stay within the goal? */
export const SWEEP_LEVELS = [1, 2, 4, 8, 16, 32, 64];
/** Length of one sweep round, ms, and rounds per level and target (interleaved). */
export const SWEEP_ROUND_MS = 2_000;
export const SWEEP_ROUNDS = 2;

/** HTTP targets, and the UserSession called by RPC from a Worker beside it (no HTTP, no JWT). */
export type SweepTarget = LoadTarget | "rpcRead" | "rpcWrite";
export type Sweep = { concurrency: number; results: Record<SweepTarget, LoadResult[]> }[];

export type LoadTarget = "devices" | "volume" | "healthz";

/** What the propagation phase measured, milliseconds per sample. */
export interface Propagation {
  /** Send of `PUT seek` → B's `state` event with that position. */
  seekToEvent: number[];
  /** Send of `PUT seek` → its 204 answer, on A's side. */
  seekToAnswer: number[];
  /** Sequential `GET /healthz` round trips, interleaved with the changes. */
  healthz: number[];
}

/** A connected device: every `state` event it hears, with its arrival time. */
class Device {
  readonly ws: WebSocket;
  private waiter: { match: (s: PlayerView) => boolean; resolve: (at: number) => void } | undefined;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.addEventListener("message", (message) => {
      const at = performance.now();
      const event = JSON.parse(String(message.data)) as ServerEvent;
      if (event.type !== "state" || !this.waiter?.match(event.state)) return;
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve(at);
    });
  }

  opened(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.ws.addEventListener("open", () => resolve(), { once: true });
      this.ws.addEventListener("error", () => reject(new Error("WebSocket failed to open")), { once: true });
    });
  }

  /** Resolves with the arrival time of the next `state` event that `match`es. */
  next(match: (s: PlayerView) => boolean, timeoutMs: number, what: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`no state event with ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        match,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
    });
  }
}

/**
 * The sessions benchmark: one premium listener with two devices on WebSockets. First, 1000
 * sequential seeks sent by A over HTTP, each timed until B hears it, interleaved with 1000
 * sequential /healthz round trips; then 64-in-flight load rounds on the user's DO (read:
 * devices, write: volume) interleaved with /healthz.
 */
export async function benchSessions(log: (line: string) => void): Promise<BenchReport> {
  const fixture = await startEdgeFixture(log, SESSIONS_SONG_SECONDS);
  try {
    const guard = new ReloadGuard(fixture.stack.output, `${fixture.stack.url}/healthz`, log);
    const { cadenza, listenerToken: token, trackId } = fixture;
    const deviceA = await cadenza.registerDevice(token, "Bench A", "computer");
    const deviceB = await cadenza.registerDevice(token, "Bench B", "smartphone");
    const wsUrl = (id: string) => cadenza.deviceSocketUrl(id, token);
    const a = new Device(wsUrl(deviceA));
    const b = new Device(wsUrl(deviceB));
    try {
      await Promise.all([a.opened(), b.opened()]);
      const playing = b.next((s) => s.track_id === trackId && s.is_playing, CHANGE_TIMEOUT_MS, "the track");
      const res = await cadenza.request(`/v1/me/player/play?device_id=${deviceA}`, {
        method: "PUT",
        token,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ uris: [`cadenza:track:${trackId}`], position_ms: 0 }),
      });
      if (res.status !== 204) throw new Error(`play → ${res.status}: ${await res.text()}`);
      await playing;
      log(`propagation: ${PROPAGATION_CHANGES} seeks A → B, interleaved with as many /healthz`);
      const propagation = await measurePropagation(fixture, deviceA, b, log);
      log("one user's DO under load");
      const load = await measureLoad(fixture, deviceA, guard, log);
      log("the same load on the bundle run by one workerd, without wrangler dev's proxy");
      const direct = await startWorkerdDirect(fixture.workDir, await freePort());
      let directLoad: Record<LoadTarget, LoadResult[]>;
      let sweep: Sweep;
      try {
        const directDevice = await new Cadenza(direct.url, cadenza.serviceToken).registerDevice(
          token,
          "Bench direct",
          "web",
        );
        const onDirect = { ...fixture, stack: { ...fixture.stack, url: direct.url } };
        directLoad = await measureLoad(onDirect, directDevice, guard, log);
        log("sweep of requests in flight on workerd-direct, over HTTP and by RPC");
        const me = (await (await cadenza.request("/v1/me", { token })).json()) as { id: string };
        sweep = await measureSweep(onDirect, direct, { userId: me.id, deviceId: directDevice }, log);
      } finally {
        await direct.close();
      }
      return summarizeSessions(propagation, load, { discarded: guard.discarded }, directLoad, sweep);
    } finally {
      a.ws.close();
      b.ws.close();
    }
  } finally {
    await fixture.close();
  }
}

async function measurePropagation(
  fixture: EdgeFixture,
  deviceA: string,
  b: Device,
  log: (line: string) => void,
): Promise<Propagation> {
  const { stack, listenerToken } = fixture;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const auth = { authorization: `Bearer ${listenerToken}` };
  const healthUrl = new URL(`${stack.url}/healthz`);
  const result: Propagation = { seekToEvent: [], seekToAnswer: [], healthz: [] };
  const seek = async (positionMs: number) => {
    const url = new URL(`${stack.url}/v1/me/player/seek?device_id=${deviceA}&position_ms=${positionMs}`);
    const heard = b.next(
      (s) => Math.abs(s.progress_ms - positionMs) < PROPAGATION_STEP_MS / 2,
      CHANGE_TIMEOUT_MS,
      `progress_ms ≈ ${positionMs}`,
    );
    const sent = performance.now();
    const answer = await send("PUT", url, auth, agent, true, CHANGE_TIMEOUT_MS, 204);
    const answered = performance.now();
    if (answer.status !== 204) {
      throw new Error(`seek → ${answer.status}: ${answer.body?.toString().slice(0, 300)}`);
    }
    const at = await heard;
    result.seekToEvent.push(at - sent);
    result.seekToAnswer.push(answered - sent);
  };
  const health = async () => {
    const sent = performance.now();
    const answer = await send("GET", healthUrl, {}, agent, false, CHANGE_TIMEOUT_MS);
    if (answer.status !== 200) throw new Error(`healthz → ${answer.status}`);
    result.healthz.push(performance.now() - sent);
  };
  try {
    // Warm-up: a few of each, not recorded.
    for (let i = 0; i < 20; i++) {
      await seek(PROPAGATION_FIRST_MS + PROPAGATION_STEP_MS * (PROPAGATION_CHANGES + i));
      await health();
    }
    result.seekToEvent.length = 0;
    result.seekToAnswer.length = 0;
    result.healthz.length = 0;
    const deadline = performance.now() + PROPAGATION_BUDGET_MS;
    for (let i = 0; i < PROPAGATION_CHANGES && performance.now() < deadline; i++) {
      // Alternate which goes first, so neither always follows the other.
      if (i % 2 === 0) {
        await seek(PROPAGATION_FIRST_MS + PROPAGATION_STEP_MS * i);
        await health();
      } else {
        await health();
        await seek(PROPAGATION_FIRST_MS + PROPAGATION_STEP_MS * i);
      }
      if ((i + 1) % 250 === 0) log(`  ${i + 1} changes`);
    }
    return result;
  } finally {
    agent.destroy();
  }
}

async function measureLoad(
  fixture: EdgeFixture,
  deviceA: string,
  guard: ReloadGuard,
  log: (line: string) => void,
): Promise<Record<LoadTarget, LoadResult[]>> {
  const newAgent = () => new Agent({ keepAlive: true, maxSockets: LOAD_CONCURRENCY });
  const agents = { devices: newAgent(), volume: newAgent(), healthz: newAgent() };
  const targets = loadTargets(fixture, deviceA, agents, LOAD_CONCURRENCY);
  try {
    for (const target of Object.values(targets)) {
      await guard.run(() => runLoad({ ...target, durationMs: LOAD_WARMUP_MS }));
    }
    const round = (name: LoadTarget) => () =>
      guard.run(() => runLoad({ ...targets[name], durationMs: LOAD_ROUND_MS }));
    return await runInterleaved(
      LOAD_ROUNDS,
      { devices: round("devices"), volume: round("volume"), healthz: round("healthz") },
      (name, i, result) =>
        log(`round ${i + 1} ${name}: ${(result.requests / result.elapsedSeconds).toFixed(0)} req/s`),
    );
  } finally {
    for (const agent of Object.values(agents)) agent.destroy();
  }
}

/** The three HTTP load targets at `concurrency` in flight, each over its own keep-alive pool. */
function loadTargets(
  fixture: EdgeFixture,
  deviceA: string,
  agents: Record<LoadTarget, Agent>,
  concurrency: number,
): Record<LoadTarget, Omit<LoadOptions, "durationMs">> {
  const { stack, listenerToken } = fixture;
  const auth = { authorization: `Bearer ${listenerToken}` };
  const common = { concurrency, maxRequests: MAX_REQUESTS };
  return {
    devices: {
      ...common,
      url: `${stack.url}/v1/me/player/devices`,
      headers: auth,
      agent: agents.devices,
      checkFirstBody(body) {
        const parsed = JSON.parse(body.toString()) as { devices?: { id: string }[] };
        if (!parsed.devices?.some((d) => d.id === deviceA)) {
          throw new Error(`devices without device A: ${body.toString().slice(0, 200)}`);
        }
      },
    },
    volume: {
      ...common,
      method: "PUT",
      url: `${stack.url}/v1/me/player/volume?device_id=${deviceA}&volume_percent=50`,
      urlFor: (i) => `${stack.url}/v1/me/player/volume?device_id=${deviceA}&volume_percent=${i % 101}`,
      expectedStatus: 204,
      headers: auth,
      agent: agents.volume,
    },
    healthz: {
      ...common,
      url: `${stack.url}/healthz`,
      agent: agents.healthz,
      checkFirstBody(body) {
        if (body.toString() !== '{"ok":true}') throw new Error(`healthz answered ${body.toString()}`);
      },
    },
  };
}

/**
 * At each level of requests in flight: the HTTP read and write paths and /healthz, and the same
 * read and write as direct RPC calls from a Worker on the same workerd, interleaved.
 */
export async function measureSweep(
  fixture: EdgeFixture,
  direct: WorkerdDirect,
  who: { userId: string; deviceId: string },
  log: (line: string) => void,
): Promise<Sweep> {
  const sweep: Sweep = [];
  for (const concurrency of SWEEP_LEVELS) {
    // A fresh keep-alive pool per run: a pool left idle while the other targets run can meet
    // workerd closing its sockets just as a request goes out ("socket hang up").
    const http = (name: LoadTarget) => async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
      const agents = { devices: agent, volume: agent, healthz: agent };
      try {
        return await runLoad({
          ...loadTargets(fixture, who.deviceId, agents, concurrency)[name],
          durationMs: SWEEP_ROUND_MS,
        });
      } finally {
        agent.destroy();
      }
    };
    const rpc = (op: "read" | "write") => async (): Promise<LoadResult> => {
      const r = await direct.probeRpc({ ...who, op, concurrency, durationMs: SWEEP_ROUND_MS });
      return {
        requests: r.requests,
        elapsedSeconds: r.elapsedMs / 1000,
        bytes: 0,
        latenciesMs: Float64Array.from(r.latenciesMs),
      };
    };
    {
      // Untimed warm-up of each, then the timed rounds.
      for (const warm of [http("devices"), http("volume"), http("healthz"), rpc("read"), rpc("write")])
        await warm();
      const results = await runInterleaved(SWEEP_ROUNDS, {
        devices: http("devices"),
        volume: http("volume"),
        healthz: http("healthz"),
        rpcRead: rpc("read"),
        rpcWrite: rpc("write"),
      });
      sweep.push({ concurrency, results });
      const rate = (name: SweepTarget) => fixed(median(results[name].map(requestsPerSecond)), 0);
      log(
        `  ${concurrency} in flight: devices ${rate("devices")}, volume ${rate("volume")}, healthz ${rate("healthz")}, rpc read ${rate("rpcRead")}, rpc write ${rate("rpcWrite")} req/s`,
      );
    }
  }
  return sweep;
}
