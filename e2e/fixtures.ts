import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFlac } from "../scripts/demo/encode.ts";
import { SAMPLE_RATE, type StyleName, synthesizeSong } from "../scripts/demo/synth.ts";
import { freePort } from "../scripts/free-port.ts";
import { prepare } from "../scripts/prepare.ts";
import { readDevVars, type Stack, startStack } from "../scripts/stack.ts";
import { Cadenza } from "./api-client.ts";

/** A fresh local Cadenza for one test file: its own ports, state and temp dir. */
export interface E2eStack {
  stack: Stack;
  cadenza: Cadenza;
  /** Temp dir for the file's scratch files; removed by `stop`. */
  work: string;
  stop(): Promise<void>;
}

export async function startE2eStack(name: string): Promise<E2eStack> {
  prepare();
  const work = mkdtempSync(join(tmpdir(), `cadenza-e2e-${name}-`));
  const stack = await startStack({
    port: await freePort(),
    transcoderPort: await freePort(),
    persistTo: join(work, "state"),
  });
  return {
    stack,
    cadenza: new Cadenza(stack.url, readDevVars().TRANSCODER_TOKEN as string),
    work,
    async stop() {
      await stack.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * A short synthesised song as tagged FLAC bytes (title `{title}`, artist "E2E Ensemble"), for
 * uploads: `seconds` long, in `style`, distinct per `seed`.
 */
export async function generateSong(
  work: string,
  song: { seed: number; seconds: number; title: string; style?: StyleName },
): Promise<Uint8Array> {
  const pcm = synthesizeSong(
    {
      seed: song.seed,
      bpm: 118,
      key: 57,
      mode: "minor",
      progression: [1, 6, 3, 7],
      sections: [
        { kind: "intro", bars: 2 },
        { kind: "verse", bars: 4 },
        { kind: "chorus", bars: 4 },
        { kind: "outro", bars: 2 },
      ],
      style: song.style ?? "electronic",
    },
    song.seconds,
  );
  const path = join(work, `song-${song.seed}.flac`);
  await writeFlac(pcm, SAMPLE_RATE, path, {
    title: song.title,
    artist: "E2E Ensemble",
    album: "Pipelines",
    genre: "Electronic",
    date: "2026-11-30",
    track: song.seed,
  });
  return readFileSync(path);
}
