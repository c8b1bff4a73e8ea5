import { type IconProps, Svg } from "./icons.tsx";

/**
 * Icons of the player's extras (lyrics, queue, devices and device kinds) as inline SVG: headless
 * and minimal systems have no emoji font, and nothing loads from a CDN. Decorative: the control
 * around each one carries the label.
 */

export const LyricsIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M15.5 2.5a5 5 0 0 1 3.4 8.7l-8.2 7.9a2 2 0 0 1-2.8 0l-.3-.3-2.6 2.6-1.4-1.4 2.6-2.6-.3-.3a2 2 0 0 1 0-2.8l7.9-8.2a5 5 0 0 1 1.7-1.2 5 5 0 0 1 0 0zm-4 3.6-6.2 6.4 4.2 4.2 6.4-6.2a5 5 0 0 1-4.4-4.4zm4-1.6a3 3 0 1 0 0 6 3 3 0 0 0 0-6z" />
  </Svg>
);

export const QueueIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M3 5h14v2H3zM3 10h14v2H3zM3 15h8v2H3zM15 14.2v6.6a.6.6 0 0 0 .9.5l5-3.3a.6.6 0 0 0 0-1l-5-3.3a.6.6 0 0 0-.9.5z" />
  </Svg>
);

export const DevicesIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M3 5a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v2h-2V5H5v10h7v2H8v2h4v2H6v-2H5a2 2 0 0 1-2-2zM16 9h4a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-4a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2zm0 2v8h4v-8zm2 5.6a1.1 1.1 0 1 1 0 2.2 1.1 1.1 0 0 1 0-2.2z" />
  </Svg>
);

export const ComputerIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-6v2h3v2H7v-2h3v-2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm0 2v9h16V6z" />
  </Svg>
);

export const PhoneIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M8 2h8a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm0 2v16h8V4zm4 12.5a1.2 1.2 0 1 1 0 2.4 1.2 1.2 0 0 1 0-2.4z" />
  </Svg>
);

export const SpeakerIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M7 2h10a2 2 0 0 1 2 2v16a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm0 2v16h10V4zm5 6a4 4 0 1 1 0 8 4 4 0 0 1 0-8zm0 2a2 2 0 1 0 0 4 2 2 0 0 0 0-4zm0-6.5a1.3 1.3 0 1 1 0 2.6 1.3 1.3 0 0 1 0-2.6z" />
  </Svg>
);

export const BrowserIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm-1.5 2.2A8 8 0 0 0 4.1 11h3.4c.2-2.5.9-4.9 2-6.8zm3 0c1.1 1.9 1.8 4.3 2 6.8h3.4a8 8 0 0 0-5.4-6.8zM12 4.5c-1 1.5-2.3 3.9-2.5 6.5h5c-.2-2.6-1.5-5-2.5-6.5zM4.1 13a8 8 0 0 0 6.4 6.8c-1.1-1.9-1.8-4.3-2-6.8zm5.4 0c.2 2.6 1.5 5 2.5 6.5 1-1.5 2.3-3.9 2.5-6.5zm7 0c-.2 2.5-.9 4.9-2 6.8a8 8 0 0 0 5.4-6.8z" />
  </Svg>
);

/** The icon for a device kind as the API names it (`Computer`, `Smartphone`, `Speaker`, `Web`). */
export function DeviceKindIcon({ type, size = 22 }: { type: string; size?: number }) {
  if (type === "Smartphone") return <PhoneIcon size={size} />;
  if (type === "Speaker") return <SpeakerIcon size={size} />;
  if (type === "Computer") return <ComputerIcon size={size} />;
  return <BrowserIcon size={size} />;
}
