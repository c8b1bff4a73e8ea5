/**
 * A minimal ISO-BMFF (MP4) reader: just enough to time CMAF segments. Offsets and sizes are in
 * bytes; durations in track timescale ticks unless the name says otherwise.
 */

interface Box {
  type: string;
  /** Offset of the box payload (after the header) in the buffer. */
  start: number;
  /** Offset one past the box's last byte. */
  end: number;
}

const CONTAINERS = new Set(["moov", "trak", "mdia", "minf", "stbl", "mvex", "moof", "traf"]);

function* childBoxes(view: DataView, start: number, end: number): Generator<Box> {
  let at = start;
  while (at + 8 <= end) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(
      view.getUint8(at + 4),
      view.getUint8(at + 5),
      view.getUint8(at + 6),
      view.getUint8(at + 7),
    );
    let header = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) {
      size = end - at; // runs to the end of its parent
    }
    if (size < header || at + size > end) throw new Error(`malformed MP4: box "${type}" at ${at} overruns`);
    yield { type, start: at + header, end: at + size };
    at += size;
  }
}

/** Every box at a path like `moov/trak/mdia/mdhd`, in file order. */
function findBoxes(view: DataView, path: string[], start = 0, end = view.byteLength): Box[] {
  const [head, ...rest] = path;
  const found: Box[] = [];
  for (const box of childBoxes(view, start, end)) {
    if (box.type !== head) continue;
    if (rest.length === 0) found.push(box);
    else if (CONTAINERS.has(box.type)) found.push(...findBoxes(view, rest, box.start, box.end));
  }
  return found;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Timing defaults a track's init segment declares. */
export interface InitInfo {
  /** Ticks per second of the (single) track's media timeline, from `mdhd`. */
  timescale: number;
  /** Sample duration in ticks from `mvex/trex`, used when a fragment states none. */
  defaultSampleDuration?: number;
}

/** Reads the track timescale (and the `trex` default sample duration) from an init segment. */
export function readInitInfo(init: Uint8Array): InitInfo {
  const view = viewOf(init);
  const mdhd = findBoxes(view, ["moov", "trak", "mdia", "mdhd"])[0];
  if (!mdhd) throw new Error("malformed init segment: no moov/trak/mdia/mdhd box");
  // Full box: version(1) flags(3), then creation and modification times (4 or 8 bytes each).
  const version = view.getUint8(mdhd.start);
  const timescale = view.getUint32(mdhd.start + (version === 1 ? 20 : 12));
  const trex = findBoxes(view, ["moov", "mvex", "trex"])[0];
  // trex: version/flags(4) track_ID(4) default_sample_description_index(4) default_sample_duration(4)
  const defaultSampleDuration = trex ? view.getUint32(trex.start + 12) : undefined;
  return { timescale, defaultSampleDuration };
}

function trafDurationTicks(view: DataView, traf: Box, init: InitInfo): number {
  let defaultDuration = init.defaultSampleDuration;
  const tfhd = findBoxes(view, ["tfhd"], traf.start, traf.end)[0];
  if (tfhd) {
    const flags = view.getUint32(tfhd.start) & 0xffffff;
    let at = tfhd.start + 8; // version/flags, track_ID
    if (flags & 0x01) at += 8; // base_data_offset
    if (flags & 0x02) at += 4; // sample_description_index
    if (flags & 0x08) defaultDuration = view.getUint32(at);
  }
  let ticks = 0;
  for (const trun of findBoxes(view, ["trun"], traf.start, traf.end)) {
    const flags = view.getUint32(trun.start) & 0xffffff;
    const count = view.getUint32(trun.start + 4);
    if (!(flags & 0x100)) {
      if (defaultDuration === undefined) throw new Error("malformed segment: no sample durations");
      ticks += count * defaultDuration;
      continue;
    }
    let at = trun.start + 8 + (flags & 0x01 ? 4 : 0) + (flags & 0x04 ? 4 : 0);
    // Per-sample fields in order: duration, size, flags, composition offset (4 bytes each).
    const stride = 4 * [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length;
    for (let i = 0; i < count; i++, at += stride) ticks += view.getUint32(at);
  }
  return ticks;
}

/** Sums the sample durations of every fragment (`moof/traf/trun`) of a media segment, in ticks. */
export function readSegmentDurationTicks(segment: Uint8Array, init: InitInfo): number {
  const view = viewOf(segment);
  const trafs = findBoxes(view, ["moof", "traf"]);
  if (trafs.length === 0) throw new Error("malformed media segment: no moof/traf box");
  return trafs.reduce((sum, traf) => sum + trafDurationTicks(view, traf, init), 0);
}

/**
 * Converts consecutive segment durations from ticks to milliseconds, rounding at the cumulative
 * boundaries so the sum is the rounded total and no drift builds up over a long track. A
 * segment with any samples gets at least 1 ms, so it never reads as empty.
 */
export function segmentDurationsMs(ticks: readonly number[], timescale: number): number[] {
  let total = 0;
  let previousMs = 0;
  return ticks.map((segmentTicks) => {
    total += segmentTicks;
    const ms = Math.max(Math.round((total * 1000) / timescale) - previousMs, segmentTicks > 0 ? 1 : 0);
    previousMs += ms;
    return ms;
  });
}
