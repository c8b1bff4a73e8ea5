import { describe, expect, it } from "vitest";
import { UndecodableInputError } from "./errors.ts";
import { parseProbeOutput } from "./probe.ts";

const probe = (stream: object | undefined, format: object = {}) =>
  JSON.stringify({ streams: stream ? [stream] : [], format });

describe("parseProbeOutput", () => {
  it("reads a 16-bit WAV", () => {
    const stream = {
      codec_name: "pcm_s16le",
      sample_rate: "44100",
      channels: 2,
      bits_per_sample: 16,
      duration: "25.0",
    };
    expect(parseProbeOutput(probe(stream))).toEqual({
      codec: "pcm_s16le",
      durationMs: 25000,
      sampleRate: 44100,
      channels: 2,
      bitDepth: 16,
    });
  });

  it("reads a 24-bit FLAC's depth and the container's duration", () => {
    const json = probe(
      { sample_rate: "96000", channels: 2, bits_per_raw_sample: "24", bits_per_sample: 0 },
      { duration: "61.5" },
    );
    expect(parseProbeOutput(json)).toMatchObject({ durationMs: 61500, bitDepth: 24 });
  });

  it("treats a lossy source's missing depth as 16 bits", () => {
    const json = probe({ sample_rate: "44100", channels: 2, bits_per_sample: 0, duration: "3.1" });
    expect(parseProbeOutput(json).bitDepth).toBe(16);
  });

  it("rejects a file without an audio stream as undecodable", () => {
    expect(() => parseProbeOutput(probe(undefined))).toThrow(UndecodableInputError);
  });
});
