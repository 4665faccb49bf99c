import { describe, expect, it } from 'vitest';
import { parseDuration, parsePurgeArgs } from '../../src/purge-args.js';

describe('purge CLI arguments', () => {
  it('reads durations in seconds, minutes, hours, days and weeks', () => {
    expect(parseDuration('45s')).toBe(45_000);
    expect(parseDuration('90m')).toBe(5_400_000);
    expect(parseDuration('12h')).toBe(43_200_000);
    expect(parseDuration('30d')).toBe(2_592_000_000);
    expect(parseDuration('2W')).toBe(1_209_600_000);
  });

  it('refuses what is not a duration, with an example of one', () => {
    for (const bad of ['30', 'd', '-1d', '1.5h', '30 days', '']) {
      expect(() => parseDuration(bad)).toThrow(/is not a duration: use a number and a unit, e\.g\. 30d/);
    }
  });

  it('turns --older-than into a cutoff before now, with defaults for the rest', () => {
    const now = new Date('2026-11-27T00:00:00Z');
    expect(parsePurgeArgs(['--older-than', '30d'], now)).toEqual({
      olderThan: new Date('2026-10-28T00:00:00Z'),
      age: '30d',
      dryRun: false,
      chunkSize: 1000,
    });
    expect(parsePurgeArgs(['--older-than', '12h', '--dry-run', '--chunk-size', '50'], now)).toMatchObject({
      olderThan: new Date('2026-11-26T12:00:00Z'),
      dryRun: true,
      chunkSize: 50,
    });
  });

  it('refuses a missing cutoff, a bad chunk size and unknown flags', () => {
    expect(() => parsePurgeArgs([])).toThrow(/Missing --older-than/);
    expect(() => parsePurgeArgs(['--older-than', '1d', '--chunk-size', '0'])).toThrow(/--chunk-size must be/);
    expect(() => parsePurgeArgs(['--older-than', '1d', '--chunk-size', 'x'])).toThrow(/--chunk-size must be/);
    expect(() => parsePurgeArgs(['--older-than', '1d', '--everything'])).toThrow();
  });
});
