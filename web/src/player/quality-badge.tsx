import { QUALITY_BADGES, QUALITY_LABELS, qualityRank } from "./quality.ts";
import { settings } from "./settings.ts";
import { currentQuality, isActiveDevice, qualityCeiling } from "./state.ts";

/**
 * What this tab streams now (the rendition hls.js plays), with "capped" when the quality
 * setting asks for more than the listener's plan allows. Links to the settings.
 */
export function QualityBadge() {
  const quality = currentQuality.value;
  if (!isActiveDevice.value || !quality) return null;
  const wanted = settings.value.quality;
  const ceiling = qualityCeiling.value;
  const capped = wanted !== "auto" && ceiling !== null && qualityRank(wanted) > qualityRank(ceiling);
  const label = `Streaming quality: ${QUALITY_LABELS[quality] ?? quality}${wanted === "auto" ? " (automatic)" : ""}${
    capped ? `, capped at ${QUALITY_LABELS[ceiling] ?? ceiling} by your plan` : ""
  }`;
  return (
    <a
      class={`quality-badge ${capped ? "capped" : ""}`}
      href="/settings"
      title={label}
      aria-label={label}
      data-quality={quality}
    >
      {QUALITY_BADGES[quality] ?? quality}
      {capped && <span class="cap-note"> · capped</span>}
    </a>
  );
}
