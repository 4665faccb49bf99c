/** One benchmark result: a ratio against a baseline measured in the same run. */
export interface BenchResult {
  area: string;
  name: string;
  ratio: number;
  target: number;
  /** Extra numbers for humans (µs per op, statement counts…), printed after the line. */
  detail?: string;
}

/** Prints the line outside checks read: `bench <area>.<name>: ratio <r> (target <= <t>)`. */
export function report(result: BenchResult): void {
  const line = `bench ${result.area}.${result.name}: ratio ${result.ratio.toFixed(3)} (target <= ${result.target})`;
  console.log(result.detail ? `${line}  # ${result.detail}` : line);
}

/**
 * Microseconds per call of `fn`, over one batch of `iterations` calls. Callers alternate batches
 * of a subject and its baseline so that machine noise hits both alike.
 */
export function timeSync(fn: () => unknown, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1000 / iterations;
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
