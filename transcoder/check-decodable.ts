import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseOutTimeUs } from "./encode.ts";
import { UndecodableInputError } from "./errors.ts";
import { probeSource } from "./probe.ts";
import type { ProbeResult } from "./protocol.ts";
import { ProcessError, runProcess } from "./run-process.ts";

export type { ProbeResult };

export interface DecodeOutcome {
  /** Duration the file's headers announce, in milliseconds; 0 when unknown. */
  headerMs: number;
  /** Duration that actually decoded, in milliseconds. */
  decodedMs: number;
  /** ffmpeg's warnings and errors from the full decode. */
  stderr: string;
}

// A demuxer flags a short read at the end of the file (a cut WAV) as a corrupt packet.
const CORRUPT_PACKET = /corrupt input packet|Packet corrupt/;

/**
 * Judges a full decode. Decoding errors alone do not reject a file (a glitch in the middle of an
 * MP3 still plays); audio that stops well before the length its headers announce, or a cut-off
 * last packet, means the upload was truncated.
 */
export function judgeDecode(
  outcome: DecodeOutcome,
): { ok: true } | { ok: false; reason: "truncated"; message: string } {
  const { headerMs, decodedMs } = outcome;
  const tolerance = Math.max(500, headerMs * 0.01);
  if (headerMs > 0 && decodedMs < headerMs - tolerance) {
    const message = `the file decodes to ${(decodedMs / 1000).toFixed(1)} s but announces ${(headerMs / 1000).toFixed(1)} s`;
    return { ok: false, reason: "truncated", message };
  }
  if (CORRUPT_PACKET.test(outcome.stderr)) {
    return { ok: false, reason: "truncated", message: "the file ends in a cut-off packet" };
  }
  return { ok: true };
}

/**
 * Decodes a whole file with ffmpeg to tell a playable upload from an undecodable or truncated
 * one. Throws only on local faults (ffmpeg missing), never because of the file.
 */
export async function checkDecodable(
  tools: { ffmpeg: string; ffprobe: string },
  file: string,
): Promise<ProbeResult> {
  let source: Awaited<ReturnType<typeof probeSource>>;
  try {
    source = await probeSource(tools.ffprobe, file);
  } catch (error) {
    if (error instanceof UndecodableInputError)
      return { ok: false, reason: "undecodable", message: error.message };
    throw error;
  }
  let decodedUs = 0;
  let stderr = "";
  const args = ["-hide_banner", "-nostdin", "-v", "warning", "-nostats", "-progress", "pipe:1"];
  args.push("-i", file, "-map", "0:a:0", "-f", "null", "-");
  try {
    stderr = await runProcess(tools.ffmpeg, args, {
      onStdoutLine: (line) => {
        decodedUs = Math.max(decodedUs, parseOutTimeUs(line) ?? 0);
      },
    });
  } catch (error) {
    if (!(error instanceof ProcessError)) throw error;
    stderr = error.stderr;
  }
  if (decodedUs === 0) {
    const detail = stderr.trim().split("\n").at(-1);
    return {
      ok: false,
      reason: "undecodable",
      message: `the file decodes to no audio${detail ? ` (${detail})` : ""}`,
    };
  }
  const decodedMs = Math.round(decodedUs / 1000);
  const verdict = judgeDecode({ headerMs: source.durationMs, decodedMs, stderr });
  if (!verdict.ok) return verdict;
  return {
    ok: true,
    duration_ms: decodedMs,
    codec: source.codec,
    sample_rate: source.sampleRate,
    channels: source.channels,
    bit_depth: source.bitDepth,
  };
}

/**
 * Checks an uploaded body: stores it in a temporary file (named with the upload's extension,
 * a hint for formats ffmpeg cannot sniff), decodes it, and removes it.
 */
export async function checkUploadDecodable(
  tools: { ffmpeg: string; ffprobe: string },
  body: Readable,
  filename: string,
  tmpRoot: string = tmpdir(),
): Promise<ProbeResult> {
  const dir = await mkdtemp(join(tmpRoot, "cadenza-probe-"));
  try {
    const extension = /^\.[0-9A-Za-z]{1,10}$/.test(extname(filename)) ? extname(filename) : "";
    const file = join(dir, `upload${extension}`);
    await pipeline(body, createWriteStream(file));
    return await checkDecodable(tools, file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
