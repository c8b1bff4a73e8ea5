import { type Agent, request } from "node:http";

/** One fixed-duration load run against one URL. */
export interface LoadOptions {
  url: string;
  /** HTTP method, default GET (requests carry no body). */
  method?: string;
  /** When set, request `index` goes to this URL instead of `url` (e.g. a varying query). */
  urlFor?: (index: number) => string;
  /** The status every answer must have (default 200). */
  expectedStatus?: number;
  headers?: Record<string, string>;
  /** Keep-alive agent whose pool holds at least `concurrency` sockets. */
  agent: Agent;
  /** Requests in flight at once. */
  concurrency: number;
  /** How long new requests are issued, milliseconds; in-flight ones are then awaited. */
  durationMs: number;
  /** Stops issuing after this many requests even when time remains. */
  maxRequests: number;
  /** When set, every body must be exactly this many bytes. */
  expectedBytes?: number;
  /** Checks the first complete body; throw to abort the run. */
  checkFirstBody?: (body: Buffer) => void;
  /** A request not answered in full within this many milliseconds aborts the run (default 15 s). */
  requestTimeoutMs?: number;
}

/** A request of a load run took longer than its timeout: the server stalled. */
export class RequestTimeoutError extends Error {
  override name = "RequestTimeoutError";
}

export interface LoadResult {
  /** Completed requests (all answered with the expected status). */
  requests: number;
  /** From the first request sent to the last response ended, seconds. */
  elapsedSeconds: number;
  /** Body bytes received. */
  bytes: number;
  /** Per-request latency (send to last body byte), milliseconds. */
  latenciesMs: Float64Array;
}

interface Answer {
  status: number;
  bytes: number;
  body?: Buffer;
}

/** One request over `agent`; resolves with the whole answer, rejects after `timeoutMs`. */
export function send(
  method: string,
  url: URL,
  headers: Record<string, string>,
  agent: Agent,
  keepBody: boolean,
  timeoutMs: number,
  expectedStatus = 200,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers, method }, (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (keepBody || status !== expectedStatus) chunks.push(chunk);
      });
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status, bytes, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined });
      });
      res.on("error", reject);
    });
    const timer = setTimeout(() => {
      reject(new RequestTimeoutError(`${method} ${url.pathname} got no full answer within ${timeoutMs} ms`));
      req.destroy();
    }, timeoutMs);
    req.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end();
  });
}

/**
 * Keeps `concurrency` requests (GET unless told) in flight until the duration or the request cap runs
 * out. Any other status than expected (200), or a body of the wrong size, aborts the run: a load run
 * that measures error pages measures nothing. A request unanswered after `requestTimeoutMs`
 * aborts it with RequestTimeoutError, so a run always ends.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  const method = options.method ?? "GET";
  const expectedStatus = options.expectedStatus ?? 200;
  const headers = options.headers ?? {};
  const timeoutMs = options.requestTimeoutMs ?? 15_000;
  const latencies = new Float64Array(options.maxRequests);
  let issued = 0;
  let completed = 0;
  let bytes = 0;
  let failure: Error | undefined;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const client = async () => {
    while (!failure && issued < options.maxRequests && performance.now() < deadline) {
      const index = issued++;
      const sent = performance.now();
      try {
        const target = options.urlFor ? new URL(options.urlFor(index)) : url;
        const answer = await send(
          method,
          target,
          headers,
          options.agent,
          index === 0,
          timeoutMs,
          expectedStatus,
        );
        if (answer.status !== expectedStatus) {
          throw new Error(
            `${method} ${target.pathname} → ${answer.status}: ${answer.body?.toString().slice(0, 300)}`,
          );
        }
        if (options.expectedBytes !== undefined && answer.bytes !== options.expectedBytes) {
          throw new Error(
            `GET ${url.pathname} gave ${answer.bytes} bytes, expected ${options.expectedBytes}`,
          );
        }
        if (index === 0) options.checkFirstBody?.(answer.body ?? Buffer.alloc(0));
        latencies[completed++] = performance.now() - sent;
        bytes += answer.bytes;
      } catch (error) {
        failure ??= error as Error;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  if (failure) throw failure;
  return {
    requests: completed,
    elapsedSeconds: (performance.now() - started) / 1000,
    bytes,
    latenciesMs: latencies.slice(0, completed),
  };
}

/** Completed requests per second of one run. */
export const requestsPerSecond = (r: LoadResult) => r.requests / r.elapsedSeconds;

/** Every latency of every run, pooled, milliseconds. */
export function pooledLatencies(results: readonly LoadResult[]): Float64Array {
  const all = new Float64Array(results.reduce((n, r) => n + r.latenciesMs.length, 0));
  let at = 0;
  for (const r of results) {
    all.set(r.latenciesMs, at);
    at += r.latenciesMs.length;
  }
  return all;
}
