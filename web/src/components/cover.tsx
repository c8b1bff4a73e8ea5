import type { Image } from "../api/types.ts";
import "./cover.css";

/**
 * A cover image at a fixed size, lazily loaded, with a placeholder behind it while it loads
 * (and if it fails). `alt` empty marks it decorative (the title beside it says what it is).
 */
export function Cover({
  images,
  src,
  alt = "",
  size = 48,
  round = false,
  class: className = "",
}: {
  images?: Image[] | null;
  src?: string | null;
  alt?: string;
  /** Edge length in CSS pixels; `"fill"` takes its container's width. */
  size?: number | "fill";
  round?: boolean;
  class?: string;
}) {
  const url = src ?? images?.[0]?.url ?? null;
  const style = size === "fill" ? undefined : { width: `${size}px`, height: `${size}px` };
  return (
    <span
      class={`cover ${round ? "cover-round" : ""} ${size === "fill" ? "cover-fill" : ""} ${className}`}
      style={style}
    >
      {url && (
        <img
          src={url}
          alt={alt}
          loading="lazy"
          decoding="async"
          width={size === "fill" ? 640 : size}
          height={size === "fill" ? 640 : size}
          onError={(event) => {
            (event.currentTarget as HTMLImageElement).style.visibility = "hidden";
          }}
        />
      )}
    </span>
  );
}
