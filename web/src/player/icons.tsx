import type { ComponentChildren } from "preact";

/**
 * The player's icons as inline SVG (no icon font or emoji: headless and minimal systems have
 * neither, and nothing may load from a CDN). Decorative: the button around each one is labelled.
 */

export type IconProps = { size?: number };

/** A 24×24 icon in the current text colour, hidden from assistive technology. */
export function Svg({ size = 20, children }: IconProps & { children: ComponentChildren }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="currentColor"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const PlayIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M8 5.5v13a1 1 0 0 0 1.5.86l10.4-6.5a1 1 0 0 0 0-1.72L9.5 4.64A1 1 0 0 0 8 5.5z" />
  </Svg>
);

export const PauseIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="6" y="5" width="4" height="14" rx="1" />
    <rect x="14" y="5" width="4" height="14" rx="1" />
  </Svg>
);

export const PreviousIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="5" y="5" width="2.5" height="14" rx="1" />
    <path d="M19 6.2v11.6a1 1 0 0 1-1.55.83L9.3 13.2a1.4 1.4 0 0 1 0-2.4l8.15-5.43A1 1 0 0 1 19 6.2z" />
  </Svg>
);

export const NextIcon = (p: IconProps) => (
  <Svg {...p}>
    <rect x="16.5" y="5" width="2.5" height="14" rx="1" />
    <path d="M5 6.2v11.6a1 1 0 0 0 1.55.83l8.15-5.43a1.4 1.4 0 0 0 0-2.4L6.55 5.37A1 1 0 0 0 5 6.2z" />
  </Svg>
);

export const ShuffleIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M16 4l4 3.5-4 3.5V8.5h-1.6c-1 0-1.9.5-2.5 1.3l-4.7 6.4A4.5 4.5 0 0 1 3.6 18H2v-2h1.6c.9 0 1.7-.4 2.2-1.1l4.7-6.4A5 5 0 0 1 14.4 6.5H16z" />
    <path d="M2 6h1.6c1.45 0 2.8.7 3.6 1.8l.9 1.2-1.2 1.7-1.3-1.7A2.5 2.5 0 0 0 3.6 8H2zM16 13l4 3.5-4 3.5v-2.5h-1.6a5 5 0 0 1-3.9-1.9l-.6-.8 1.2-1.7 1 1.3c.5.7 1.4 1.1 2.3 1.1H16z" />
  </Svg>
);

export const RepeatIcon = ({ one = false, ...p }: IconProps & { one?: boolean }) => (
  <Svg {...p}>
    <path d="M17 2l4 3.5L17 9V6.5H7A2.5 2.5 0 0 0 4.5 9v2h-2V9A4.5 4.5 0 0 1 7 4.5h10zM7 22l-4-3.5L7 15v2.5h10a2.5 2.5 0 0 0 2.5-2.5v-2h2v2a4.5 4.5 0 0 1-4.5 4.5H7z" />
    {one && <path d="M12.6 9.2V15h-1.5v-4.1l-1.2.4V10l2.5-.8z" />}
  </Svg>
);

export const VolumeIcon = ({ level, ...p }: IconProps & { level: "mute" | "low" | "high" }) => (
  <Svg {...p}>
    <path d="M3 9.5v5a1 1 0 0 0 1 1h3l4.4 3.7a1 1 0 0 0 1.6-.77V5.57a1 1 0 0 0-1.6-.77L7 8.5H4a1 1 0 0 0-1 1z" />
    {level === "mute" && (
      <path d="M16.3 8.9l1.7 1.7 1.7-1.7 1.2 1.2-1.7 1.7 1.7 1.7-1.2 1.2-1.7-1.7-1.7 1.7-1.2-1.2 1.7-1.7-1.7-1.7z" />
    )}
    {level !== "mute" && <path d="M15.5 8.4a5 5 0 0 1 0 7.2l-1.1-1.1a3.5 3.5 0 0 0 0-5z" />}
    {level === "high" && <path d="M18 5.9a8.5 8.5 0 0 1 0 12.2l-1.1-1.1a7 7 0 0 0 0-10z" />}
  </Svg>
);
