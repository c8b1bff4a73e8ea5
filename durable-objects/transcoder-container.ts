import { Container } from "@cloudflare/containers";

/** Port the transcoder listens on inside its container image (see transcoder/Dockerfile). */
const CONTAINER_PORT = 8080;

/**
 * Production home of the transcoder: a Cloudflare Container running `transcoder/Dockerfile`.
 * The container reaches R2 and the catalog only through the Worker's `/internal` endpoints
 * (PUBLIC_URL + TRANSCODER_TOKEN), exactly like the local Node process started by `npm run dev`.
 */
export class TranscoderContainer extends Container<Env> {
  override defaultPort = CONTAINER_PORT;
  /** An idle container sleeps after this long; the next job wakes it. */
  override sleepAfter = "10m";

  constructor(ctx: ConstructorParameters<typeof Container<Env>>[0], env: Env) {
    super(ctx, env);
    this.envVars = {
      WORKER_URL: env.PUBLIC_URL,
      TRANSCODER_TOKEN: env.TRANSCODER_TOKEN,
      TRANSCODER_HOST: "0.0.0.0",
      TRANSCODER_PORT: String(CONTAINER_PORT),
    };
  }
}
