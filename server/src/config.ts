/**
 * Configuration from the environment, validated once at start-up. A bad value stops the
 * process with every problem listed. Every key is documented in .env.example and the README.
 */
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'
import { networkInterfaces } from 'node:os'

export const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ default: '0.0.0.0' }),
  DATABASE_PATH: Type.String({ default: 'data/qms.sqlite' }),
  /** postgres://user:password@host:port/db : run on PostgreSQL (a province, several processes) instead of DATABASE_PATH. */
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  /** PostgreSQL connections per server process. */
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 2, maximum: 200, default: 10 }),
  /** redis://host:port : the Socket.IO rooms, the rate limits and the login throttle span every server process through this Redis. */
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  /** The first administrator's password. If unset, one is generated and printed once at first start. */
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8 })),
  /** Seed a demo site with services, counters and devices when the database is empty. */
  DEMO_DATA: Type.Boolean({ default: true }),
  /** With demo data: how many past days of realistic history to generate, so reports have something to show. */
  DEMO_HISTORY_DAYS: Type.Integer({ minimum: 0, maximum: 400, default: 42 }),
  /** With demo data: how many commune centres the demo province has beside its provincial centre (0–2). */
  DEMO_COMMUNES: Type.Integer({ minimum: 0, maximum: 2, default: 2 }),
  /**
   * The address citizens' phones and the centre's devices reach the server at: tracking links in
   * QR codes and device pairing links start with it. Unset: http://<this machine's LAN address>:<PORT>.
   */
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  SESSION_TTL_HOURS: Type.Number({ minimum: 1, maximum: 24 * 30, default: 12 }),
  /** Set when served over HTTPS so session cookies are marked Secure. */
  COOKIE_SECURE: Type.Boolean({ default: false }),
  /** How long a network printer may take to accept a ticket before the job is abandoned. */
  PRINT_TIMEOUT_MS: Type.Integer({ minimum: 500, maximum: 60000, default: 8000 }),
  LOGIN_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 10 }),
  /** Tickets one kiosk may issue per minute (a citizen takes several seconds at the screen). */
  KIOSK_ISSUE_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 100_000, default: 30 }),
  /** Where the daily copies of the database go. Unset: a backups folder beside DATABASE_PATH. */
  BACKUP_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** How many daily copies to keep; 0 turns backups off. */
  BACKUP_KEEP: Type.Integer({ minimum: 0, maximum: 3650, default: 14 }),
  /** Behind a reverse proxy, trust X-Forwarded-* headers. */
  TRUST_PROXY: Type.Boolean({ default: false }),
})
export type Config = Static<typeof ConfigSchema> & { PUBLIC_URL: string }

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`)
  }
}

/** Reads configuration from an environment-like record; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, unknown> = {}
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key]
    if (value !== undefined && value !== '') raw[key] = value
  }
  const converted = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, raw))
  const errors = [...Value.Errors(ConfigSchema, converted)]
  if (errors.length > 0) {
    const byKey = new Map<string, string>()
    for (const e of errors) {
      const key = e.instancePath.slice(1) || '(root)'
      if (!byKey.has(key)) byKey.set(key, `${key}: ${e.message} (got ${JSON.stringify(raw[key] ?? null)})`)
    }
    throw new ConfigError([...byKey.values()])
  }
  const config = converted as Static<typeof ConfigSchema>
  return { ...config, PUBLIC_URL: (config.PUBLIC_URL ?? defaultPublicUrl(config.PORT)).replace(/\/$/, '') }
}

/** The first LAN IPv4 address of this machine (what a phone on the centre's Wi-Fi can reach), or localhost. */
export function defaultPublicUrl(port: number): string {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address)
  const lan = addresses.find((a) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a)) ?? addresses[0]
  return `http://${lan ?? 'localhost'}:${port}`
}
