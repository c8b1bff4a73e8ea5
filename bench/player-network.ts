import type { CDPSession } from "playwright-core";

/** A network the browser is throttled to (CDP `Network.emulateNetworkConditions`). */
export interface NetworkProfile {
  name: string;
  downloadKbps: number;
  uploadKbps: number;
  /** Added to every request, ms. */
  latencyMs: number;
}

export const PROFILES: NetworkProfile[] = [
  { name: "10 Mbps / 40 ms", downloadKbps: 10_000, uploadKbps: 5_000, latencyMs: 40 },
  { name: "1.6 Mbps / 150 ms", downloadKbps: 1_600, uploadKbps: 750, latencyMs: 150 },
];

/** Applies a network profile to the page (kbps → bytes/s for CDP). */
export async function throttle(
  cdp: CDPSession,
  profile: Pick<NetworkProfile, "downloadKbps" | "uploadKbps" | "latencyMs">,
): Promise<void> {
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: profile.latencyMs,
    downloadThroughput: (profile.downloadKbps * 1000) / 8,
    uploadThroughput: (profile.uploadKbps * 1000) / 8,
  });
}
