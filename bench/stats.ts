/** Small statistics for benchmark samples. */

/** The median of `values` (mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * The `p`-th percentile (0..100) of `values` by linear interpolation between the closest ranks;
 * NaN when empty.
 */
export function percentile(values: readonly number[] | Float64Array, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (rank - below);
}

/**
 * Runs every variant once per round, `rounds` times, rotating the order each round (A,B,C then
 * B,C,A …) so no variant always runs first on a warming or noisy machine. Variants run one at a
 * time, never concurrently. Returns each variant's samples in round order.
 */
export async function runInterleaved<K extends string, T>(
  rounds: number,
  variants: Record<K, () => Promise<T>>,
  onSample?: (name: K, round: number, sample: T) => void,
): Promise<Record<K, T[]>> {
  const names = Object.keys(variants) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as T[]])) as Record<K, T[]>;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length] as K;
      const sample = await variants[name]();
      samples[name].push(sample);
      onSample?.(name, round, sample);
    }
  }
  return samples;
}

/** Formats a number with `digits` decimals, or "n/a" when it is not finite. */
export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}
