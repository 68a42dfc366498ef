/** The label value that stands for every value past the cap. */
export const OTHER_LABEL = '(other)';

/**
 * Keeps a metric label's values few whatever clients send: the first `max` distinct values, each at
 * most `maxLength` characters, are kept as they are; any later one is counted as `(other)`.
 * Prometheus keeps a series per value, so an unbounded label is a memory leak an attacker can drive.
 */
export function createBoundedLabel(max: number, maxLength = 100): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= max || value.length > maxLength) return OTHER_LABEL;
    seen.add(value);
    return value;
  };
}
