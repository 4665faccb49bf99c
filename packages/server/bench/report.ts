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
 * Median time per call of `fn` in microseconds, over `rounds` rounds of `iterations` calls each,
 * after a warm-up. Interleave the subject and its baseline (see {@link compare}) so that machine
 * noise hits both alike.
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

/**
 * Runs `subject` and `baseline` alternately for `rounds` rounds and returns the median µs per call
 * of each and their ratio (subject ÷ baseline).
 */
export function compare(
  subject: () => unknown,
  baseline: () => unknown,
  { iterations = 2000, rounds = 15 }: { iterations?: number; rounds?: number } = {},
): { subjectUs: number; baselineUs: number; ratio: number } {
  timeSync(subject, iterations);
  timeSync(baseline, iterations);
  const s: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    s.push(timeSync(subject, iterations));
    b.push(timeSync(baseline, iterations));
  }
  const subjectUs = median(s);
  const baselineUs = median(b);
  return { subjectUs, baselineUs, ratio: subjectUs / baselineUs };
}
