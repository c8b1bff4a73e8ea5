import { waitForHealth } from "../scripts/stack.ts";
import { RequestTimeoutError } from "./http-load.ts";

/** wrangler dev lines that mean the Worker was rebuilt, or failed to build, while a round ran. */
const RELOAD_LINE = /Reloading local server|Local server updated|Detected changes|\[ERROR\]/;

/**
 * Keeps rounds that straddle a Worker rebuild out of the figures. `wrangler dev` watches the
 * working tree, and others edit workers/ while benchmarks run: a rebuild stalls requests (for as
 * long as the tree does not build), so such a round measures the rebuild, not Cadenza.
 */
export class ReloadGuard {
  /** Why each discarded round was discarded, in order. */
  readonly discarded: string[] = [];
  private readonly output: readonly string[];
  private readonly healthUrl: string;
  private readonly log: (line: string) => void;

  /** `output`: the stack's live output lines; `healthUrl`: the Worker's /healthz. */
  constructor(output: readonly string[], healthUrl: string, log: (line: string) => void) {
    this.output = output;
    this.healthUrl = healthUrl;
    this.log = log;
  }

  /**
   * Runs `round`; when wrangler dev reloaded during it or a request timed out, waits for the
   * Worker to answer again and runs it anew, `attempts` times in all, then gives up.
   */
  async run<T>(round: () => Promise<T>, attempts = 3): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const from = this.output.length;
      let reason: string | undefined;
      let result: T | undefined;
      try {
        result = await round();
      } catch (error) {
        if (!(error instanceof RequestTimeoutError)) throw error;
        reason = error.message;
      }
      reason ??= this.output.slice(from).find((line) => RELOAD_LINE.test(line));
      if (reason === undefined) return result as T;
      this.discarded.push(reason);
      if (attempt >= attempts) throw new Error(`${attempts} rounds in a row were disturbed; last: ${reason}`);
      this.log(`round discarded (${reason}); waiting for the Worker, then running it again`);
      await waitForHealth(this.healthUrl, 120_000);
    }
  }
}
