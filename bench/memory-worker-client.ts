import type { EncodeDescription, SourceFacts, StartedJob } from "../transcoder/protocol.ts";
import type { WorkerClient } from "../transcoder/worker-client.ts";

/**
 * The Worker's `/internal` side in memory, so a benchmarked job pays for its own work and not
 * for HTTP: the original is served from a byte array, uploads are copied into a Map, and the
 * publish description is kept for checking. A `fail` call throws: a benchmark run must not fail.
 */
export class MemoryWorkerClient implements WorkerClient {
  /** Every uploaded object by key. */
  readonly objects = new Map<string, Uint8Array>();
  published: EncodeDescription | undefined;
  private readonly job: StartedJob;
  private readonly original: Uint8Array;

  /** `source`: the upload probe's facts, as the Worker hands them to a job in production. */
  constructor(original: Uint8Array, jobId: string, source: SourceFacts | null = null) {
    this.original = original;
    this.job = {
      status: "running",
      track_id: "bench-track",
      original_key: `originals/bench-track/${jobId}.flac`,
      encode_id: `bench-encode-${jobId}`,
      kind: "music",
      source,
    };
  }

  async start(): Promise<StartedJob> {
    return this.job;
  }

  async fetchOriginal(key: string): Promise<ReadableStream<Uint8Array>> {
    if (key !== this.job.original_key) throw new Error(`no object ${key}`);
    return new Blob([this.original as Uint8Array<ArrayBuffer>]).stream();
  }

  async reportProgress(): Promise<void> {}

  async putObject(key: string, body: Uint8Array<ArrayBuffer>): Promise<void> {
    this.objects.set(key, new Uint8Array(body));
  }

  async publish(_jobId: string, description: EncodeDescription): Promise<void> {
    this.published = description;
  }

  async fail(jobId: string, _encodeId: string, error: string): Promise<void> {
    throw new Error(`the benchmarked job ${jobId} failed: ${error}`);
  }
}
