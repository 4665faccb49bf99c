import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The monorepo's root. */
export const REPO_DIR = fileURLToPath(new URL('../../../../', import.meta.url));

/** The tarballs `npm pack` made of the three packages, by package name. */
export type Tarballs = Record<'@tombstone/shared' | '@tombstone/server' | '@tombstone/sdk', string>;

/**
 * Packs the built workspaces with `npm pack` (what `npm publish` would upload) into a new
 * temporary folder. The packages must be built (turbo builds them before these tests).
 */
export async function packPackages(): Promise<{ dir: string; tarballs: Tarballs }> {
  const dir = await mkdtemp(join(tmpdir(), 'tombstone-pack-'));
  const workspaces = ['packages/shared', 'packages/server', 'packages/sdk'];
  await run('npm', ['pack', '--silent', '--pack-destination', dir, ...workspaces.flatMap((w) => ['-w', w])], {
    cwd: REPO_DIR,
  });
  const files = await readdir(dir);
  const find = (prefix: string) => {
    const file = files.find((f) => f.startsWith(prefix));
    if (!file) throw new Error(`npm pack made no ${prefix}*.tgz in ${dir}: ${files.join(', ')}`);
    return join(dir, file);
  };
  return {
    dir,
    tarballs: {
      '@tombstone/shared': find('tombstone-shared-'),
      '@tombstone/server': find('tombstone-server-'),
      '@tombstone/sdk': find('tombstone-sdk-'),
    },
  };
}

/**
 * A fresh app folder with `package.json` (ESM) and the given dependencies installed by `npm
 * install` — tarballs by path, the rest from the registry (preferring npm's cache).
 */
export async function installApp(dependencies: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tombstone-app-'));
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'adopting-app', private: true, type: 'module', dependencies }, null, 2),
  );
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    env: { ...process.env, npm_config_workspaces: 'false' },
  });
  return dir;
}

/** Removes temporary folders, ignoring what is already gone. */
export async function removeAll(...dirs: Array<string | undefined>): Promise<void> {
  await Promise.all(dirs.map((d) => (d ? rm(d, { recursive: true, force: true }) : undefined)));
}

/** Runs `tsc` from the monorepo on a project; rejects with the compiler's output when it fails. */
export async function typecheck(project: string): Promise<void> {
  const tsc = join(REPO_DIR, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    await run(process.execPath, [tsc, '-p', project]);
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}
