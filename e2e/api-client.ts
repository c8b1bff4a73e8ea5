/** A tiny client for the end-to-end tests: real HTTP against a running Cadenza. */
export class Cadenza {
  readonly url: string;
  readonly serviceToken: string;

  constructor(url: string, serviceToken: string) {
    this.url = url;
    this.serviceToken = serviceToken;
  }

  async request(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
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
    const body = JSON.stringify({
      email,
      password,
      display_name: email.split("@")[0],
      country: access.country ?? "SE",
    });
    const registered = await this.request("/api/auth/register", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    if (registered.status !== 201 && registered.status !== 409)
      throw new Error(`register: ${registered.status}`);
    if (access.role || access.product) {
      await this.json("/internal/admin/users", {
        method: "POST",
        token: this.serviceToken,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, role: access.role, product: access.product }),
      });
    }
    const tokens = await this.json<{ access_token: string }>("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    return tokens.access_token;
  }

  async upload(
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
      const job = await this.json<Job>(`/api/transcode/jobs/${jobId}`, { token });
      await onPoll?.(job);
      if (job.status === "succeeded" || job.status === "failed") return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${jobId} did not finish within ${timeoutMs / 1000} s`);
  }
}

export interface Job {
  id: string;
  track_id: string;
  status: "queued" | "running" | "succeeded" | "failed";
  progress: number;
  error?: string;
}
