/** A note's place in a bar: start and length, both in beats. */
export type Hit = readonly [startBeat: number, beats: number];

/**
 * Parses a one-bar rhythm written as sixteenth-note steps: `x` starts a note, `=` holds the
 * note before it, anything else (`.`) is a rest. `"x=======x=..x==="` is a half note, an
 * eighth, a rest and a quarter.
 */
export function parseRhythm(pattern: string): Hit[] {
  const hits: [number, number][] = [];
  for (const [step, char] of [...pattern].entries()) {
    const last = hits.at(-1);
    if (char === "x") hits.push([step / 4, 0.25]);
    else if (char === "=" && last && last[0] + last[1] === step / 4) last[1] += 0.25;
  }
  return hits;
}
