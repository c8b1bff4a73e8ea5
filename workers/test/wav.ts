/**
 * Builds a small PCM WAV in memory (no ffmpeg inside workerd): a C-major chord with an
 * envelope, optionally tagged with a RIFF INFO chunk (INAM title, IART artist, IPRD album,
 * IGNR genre) so tag reading can be tested.
 */
export function makeWav(
  options: {
    seconds?: number;
    tags?: Record<"INAM" | "IART" | "IPRD" | "IGNR", string>;
    /** Default 44100; a low rate keeps a long file small. */
    sampleRate?: number;
  } = {},
) {
  const sampleRate = options.sampleRate ?? 44100;
  const channels = 2;
  const frames = Math.round((options.seconds ?? 2) * sampleRate);
  const pcm = new Int16Array(frames * channels);
  for (let i = 0; i < frames; i++) {
    const t = i / sampleRate;
    const envelope = Math.min(1, t * 20) * Math.exp(-((t % 0.5) * 3));
    const v =
      (Math.sin(2 * Math.PI * 261.63 * t) +
        Math.sin(2 * Math.PI * 329.63 * t) +
        Math.sin(2 * Math.PI * 392 * t)) /
      3;
    pcm[i * 2] = Math.round(v * envelope * 12000);
    pcm[i * 2 + 1] = Math.round(v * envelope * 11000);
  }
  const info = options.tags ? infoChunk(options.tags) : new Uint8Array(0);
  const dataBytes = pcm.byteLength;
  const out = new Uint8Array(44 + info.length + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[offset + i] = s.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, out.length - 8, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  out.set(info, 36);
  ascii(36 + info.length, "data");
  view.setUint32(40 + info.length, dataBytes, true);
  out.set(new Uint8Array(pcm.buffer), 44 + info.length);
  return out;
}

function infoChunk(tags: Record<string, string>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [id, value] of Object.entries(tags)) {
    const text = new TextEncoder().encode(`${value}\0`);
    const padded = new Uint8Array(8 + text.length + (text.length % 2));
    padded.set(new TextEncoder().encode(id), 0);
    new DataView(padded.buffer).setUint32(4, text.length, true);
    padded.set(text, 8);
    parts.push(padded);
  }
  const body = parts.reduce((n, p) => n + p.length, 0);
  const chunk = new Uint8Array(12 + body);
  chunk.set(new TextEncoder().encode("LIST"), 0);
  new DataView(chunk.buffer).setUint32(4, body + 4, true);
  chunk.set(new TextEncoder().encode("INFO"), 8);
  let offset = 12;
  for (const p of parts) {
    chunk.set(p, offset);
    offset += p.length;
  }
  return chunk;
}
