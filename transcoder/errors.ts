/**
 * The input can never be transcoded (not audio, truncated beyond repair, no audio stream).
 * A job that hits this is marked failed and not retried; every other error is transient and
 * makes the Queue retry the job.
 */
export class UndecodableInputError extends Error {
  override name = "UndecodableInputError";
}
