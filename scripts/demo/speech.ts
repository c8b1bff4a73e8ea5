import ESpeakNg from "espeak-ng";

/**
 * Speaks `text` with eSpeak NG (the npm build, WebAssembly: nothing to install) and returns a
 * 16-bit mono WAV at 22.05 kHz. `voice` is an eSpeak voice such as `en-us` or `en-gb+m3`;
 * `wordsPerMinute` sets the pace.
 */
export async function speak(text: string, voice = "en-us", wordsPerMinute = 165): Promise<Uint8Array> {
  const espeak = await ESpeakNg({
    arguments: ["-w", "speech.wav", "-v", voice, "-s", String(wordsPerMinute), text],
  });
  return espeak.FS.readFile("speech.wav");
}
