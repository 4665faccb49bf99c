/** The example app's settings, read from the environment (see the README). */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  seedDemo: boolean;
}

/** Reads {@link AppConfig} from `env`, failing with a clear message on a bad `PORT`. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${env.PORT}"`);
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR || './.tombstone-data',
    seedDemo: !['false', '0', 'no', 'off'].includes((env.SEED_DEMO ?? 'true').toLowerCase()),
  };
}
