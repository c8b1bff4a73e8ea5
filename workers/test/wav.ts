/**
 * Builds a small PCM WAV in memory (no ffmpeg inside workerd): a C-major chord with an
 * envelope, optionally tagged with a RIFF INFO chunk (INAM title, IART artist, IPRD album,
 * IGNR genre) and an embedded cover (an ID3v2.3 APIC frame in an `id3 ` chunk) so tag reading
 * can be tested.
 */
export function makeWav(
  options: {
    seconds?: number;
    tags?: Record<"INAM" | "IART" | "IPRD" | "IGNR", string>;
    /** Default 44100; a low rate keeps a long file small. */
    sampleRate?: number;
    /** Embedded front cover art: the image's bytes and MIME type. */
    cover?: { bytes: Uint8Array; mimeType: string };
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
  const tags = options.tags ? infoChunk(options.tags) : new Uint8Array(0);
  const id3 = options.cover ? id3Chunk(options.cover.bytes, options.cover.mimeType) : new Uint8Array(0);
  const info = new Uint8Array(tags.length + id3.length);
  info.set(tags);
  info.set(id3, tags.length);
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

/** An `id3 ` chunk holding an ID3v2.3 tag with one APIC (front cover) frame. */
function id3Chunk(picture: Uint8Array, mimeType: string): Uint8Array {
  const head = new TextEncoder().encode(`\0${mimeType}\0\x03\0`); // Latin-1, MIME, front cover, no description
  const frame = new Uint8Array(10 + head.length + picture.length);
  frame.set(new TextEncoder().encode("APIC"), 0);
  new DataView(frame.buffer).setUint32(4, head.length + picture.length);
  frame.set(head, 10);
  frame.set(picture, 10 + head.length);
  const tag = new Uint8Array(10 + frame.length);
  tag.set([0x49, 0x44, 0x33, 3, 0, 0], 0);
  // The tag size is "syncsafe": 7 bits per byte.
  for (let i = 0; i < 4; i++) tag[6 + i] = (frame.length >>> (7 * (3 - i))) & 0x7f;
  tag.set(frame, 10);
  const chunk = new Uint8Array(8 + tag.length + (tag.length % 2));
  chunk.set(new TextEncoder().encode("id3 "), 0);
  new DataView(chunk.buffer).setUint32(4, tag.length, true);
  chunk.set(tag, 8);
  return chunk;
}
