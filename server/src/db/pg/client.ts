/**
 * Opens PostgreSQL: a connection pool, and the committed migrations applied once however many
 * processes start together (they take a session-level advisory lock first; the others wait and
 * then find nothing left to do).
 */
import pg from 'pg'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import * as schema from './schema.js'
import { paths } from '../../paths.js'

export type PgDb = NodePgDatabase<typeof schema>

/** Keys of the advisory locks this system takes (pg_advisory_lock's first 32-bit argument). */
export const LOCK_SPACE = 0x51_4d_53 // "QMS"
export const LOCKS = {
  migrate: 1,
  seed: 2,
  /** Creating pairing requests (db/pg/pairings.ts). */
  pairing: 3,
} as const

/** Bigint columns (instants in ms) come back as JavaScript numbers, not strings. */
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value))

export interface PgOptions {
  url: string
  /** Connections per process. */
  poolSize: number
}

export async function openPg(opts: PgOptions): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize,
    // A command waits at most this long for a connection, then fails with its 503.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'hang-cho',
  })
  // An idle client losing its connection (the server restarted) must not end the process.
  pool.on('error', () => undefined)
  const client = await pool.connect()
  try {
    await client.query('select pg_advisory_lock($1, $2)', [LOCK_SPACE, LOCKS.migrate])
    try {
      await migrate(drizzle(client, { schema }), { migrationsFolder: paths.pgMigrations })
    } finally {
      await client.query('select pg_advisory_unlock($1, $2)', [LOCK_SPACE, LOCKS.migrate])
    }
  } catch (err) {
    client.release()
    await pool.end()
    throw err
  }
  client.release()
  return pool
}
