/** A whole immutable object held in memory. */
export interface HotObject {
  bytes: Uint8Array;
  etag: string;
}

/**
 * A small least-recently-used memory tier in front of the Cache API, per isolate. Segments are
 * immutable (their key names the encode), so nothing here is ever stale; the popular ones — the
 * first segments of the tracks everyone is starting — are served without a cache round trip.
 * Bounded by total bytes; objects over `maxObjectBytes` are never held.
 */
export class HotObjects {
  private readonly entries = new Map<string, HotObject>();
  private bytes = 0;
  private readonly maxBytes: number;
  private readonly maxObjectBytes: number;

  constructor(maxBytes: number, maxObjectBytes: number) {
    this.maxBytes = maxBytes;
    this.maxObjectBytes = maxObjectBytes;
  }

  get(key: string): HotObject | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert: a Map iterates in insertion order, so the oldest entry is the least recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, object: HotObject): void {
    const size = object.bytes.byteLength;
    if (size > this.maxObjectBytes || this.entries.has(key)) return;
    this.entries.set(key, object);
    this.bytes += size;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes.byteLength;
    }
  }

  /** Bytes held now. */
  get size(): number {
    return this.bytes;
  }
}
