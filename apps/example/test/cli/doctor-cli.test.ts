import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, migrateToLatest } from '@tombstone/server/reference';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIR, buildApp } from '../helpers/app-process.js';

describe('npm run doctor (the built CLI, on a PGlite data directory)', () => {
  let dataDir: string;
  const doctor = (args: string[]) =>
    spawnSync(process.execPath, ['dist/doctor.js', ...args], {
      cwd: APP_DIR,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 60_000,
    });

  beforeAll(async () => {
    await buildApp();
    dataDir = await mkdtemp(join(tmpdir(), 'tombstone-doctor-'));
  }, 120_000);
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('reports the reference schema as data, then fails CI on a unique index that covers deleted rows', async () => {
    const clean = doctor(['--json']);
    expect(clean.status, clean.stderr).toBe(0);
    const findings = JSON.parse(clean.stdout) as Array<{ rule: string; severity: string }>;
    expect(findings.every((f) => f.severity !== 'error')).toBe(true);

    const db = await createDatabase({ dataDir });
    try {
      await migrateToLatest(db);
      await db.schema.createIndex('article_title_key').unique().on('article').column('title').execute();
    } finally {
      await db.destroy();
    }
    const broken = doctor([]);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('ERROR unique-not-partial article.article_title_key');
    expect(broken.stdout).toContain('DROP INDEX "article_title_key"; CREATE UNIQUE INDEX article_title_key');
  }, 120_000);
});
