import { type CadenzaClient, createCadenzaClient, type TranscodeJob } from "../scripts/cadenza-client.ts";

export type Job = TranscodeJob;

/**
 * The end-to-end suite's handle on a running Cadenza: the scripts' API client for the typed
 * calls, plus raw requests for tests that assert on statuses and bytes.
 */
export class Cadenza {
  readonly url: string;
  readonly serviceToken: string;
  readonly api: CadenzaClient;

  constructor(url: string, serviceToken: string) {
    this.url = url;
    this.serviceToken = serviceToken;
    this.api = createCadenzaClient(url);
  }

  /** A raw request; `path` may be a full URL (signed stream URLs). */
  request(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.token) headers.set("authorization", `Bearer ${init.token}`);
    return fetch(path.startsWith("http") ? path : `${this.url}${path}`, { ...init, headers });
  }

  async json<T>(path: string, init: RequestInit & { token?: string } = {}): Promise<T> {
    const res = await this.request(path, init);
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path} → ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** Registers (or logs in) an account and gives it a role/product; returns an access token. */
  async account(
    email: string,
    access: { role?: string; product?: string; country?: string } = {},
  ): Promise<string> {
    const password = "end-to-end-password";
    await this.api.register({
      email,
      password,
      displayName: email.split("@")[0] as string,
      country: access.country ?? "SE",
    });
    if (access.role || access.product) {
      await this.api.setUserAccess(this.serviceToken, { email, role: access.role, product: access.product });
    }
    // Log in after the change so the token carries the new role and product.
    return (await this.api.login(email, password)).access_token;
  }

  /** Registers a player device for the token's user; returns its id. */
  async registerDevice(token: string, name: string, type: string): Promise<string> {
    const device = await this.json<{ device_id: string }>("/api/player/devices", {
      method: "POST",
      token,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, type }),
    });
    return device.device_id;
  }

  /** The WebSocket URL a device connects to (the token rides in the query). */
  deviceSocketUrl(deviceId: string, token: string): string {
    return `${this.url.replace(/^http/, "ws")}/api/player/connect?device_id=${deviceId}&access_token=${token}`;
  }

  /** Uploads raw bytes with optional form fields; returns the raw response. */
  upload(
    token: string,
    bytes: Uint8Array,
    filename: string,
    fields: Record<string, string> = {},
  ): Promise<Response> {
    const form = new FormData();
    form.set("file", new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "audio/flac" }), filename);
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    return this.request("/api/tracks", { method: "POST", body: form, token });
  }

  /** Polls a job until it ends; `onPoll` sees every state on the way. */
  async waitForJob(
    token: string,
    jobId: string,
    onPoll?: (job: Job) => void | Promise<void>,
    timeoutMs = 180_000,
  ): Promise<Job> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const job = await this.api.getJob(token, jobId);
      await onPoll?.(job);
      if (job.status === "succeeded" || job.status === "failed") return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${jobId} did not finish within ${timeoutMs / 1000} s`);
  }
}
