import { waitForHealth } from "../../scripts/stack.ts";

/**
 * `wrangler dev` watches the working tree: when someone saves a file under workers/ while the
 * suite seeds, the Worker restarts and a request in flight fails with 503 "Your worker
 * restarted mid-request" (or the connection drops). Seeding goes through the scripts' client,
 * which has no retry, so for the seeding's duration `fetch` itself retries those failures once
 * the Worker answers again. Only during setup: tests see real failures.
 */
export async function withRetriesAcrossReloads<T>(baseUrl: string, work: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  const retrying: typeof fetch = async (input, init) => {
    for (let attempt = 1; ; attempt++) {
      let failure: string;
      try {
        const response = await original(input, init);
        if (response.status !== 503) return response;
        const text = await response.clone().text();
        if (!/restarted mid-request/i.test(text)) return response;
        failure = text;
      } catch (err) {
        failure = (err as Error).message;
      }
      if (attempt >= 5) throw new Error(`gave up after ${attempt} Worker restarts: ${failure}`);
      await waitForHealth(`${baseUrl}/healthz`, 120_000);
    }
  };
  globalThis.fetch = retrying;
  try {
    return await work();
  } finally {
    globalThis.fetch = original;
  }
}
