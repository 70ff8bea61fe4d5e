/**
 * The engines a test run has (server/scripts/test-engines.mjs starts them for `npm test`):
 * which dialect this pass runs on, PostgreSQL and Redis URLs, and a fresh PostgreSQL database per
 * test, copied from the migrated template and dropped at teardown.
 *
 *   import { SKIP_PG, freshPgDatabase } from '../helpers/engines.js'
 *   t.test('two processes share a queue', { skip: SKIP_PG }, async (t) => {
 *     const url = await freshPgDatabase(t)
 *     …
 *   })
 */
import pg from 'pg'
import { openPg } from '../../server/src/db/pg/client.js'
import { pgStore } from '../../server/src/db/pg/store.js'
import { seedIfEmpty, type SeedOptions } from '../../server/src/db/seed.js'

export type Dialect = 'sqlite' | 'postgres'

/** postgres://user@host:port/postgres, the maintenance database of the test run's cluster, when there is one. */
export const pgUrl: string | undefined = process.env.QMS_TEST_PG_URL || undefined
/** redis://host:port: the test run's Redis, when there is one. */
export const redisUrl: string | undefined = process.env.QMS_TEST_REDIS_URL || undefined

const HOW = 'npm test starts them where they are installed: `apt-get install -y postgresql redis-server`'

/** False when PostgreSQL is there, else why tests that need it are skipped (for `{ skip: SKIP_PG }`). */
export const SKIP_PG: false | string = pgUrl ? false : `PostgreSQL is not available (QMS_TEST_PG_URL unset; ${HOW})`
/** False when Redis is there, else why tests that need it are skipped. */
export const SKIP_REDIS: false | string = redisUrl ? false : `Redis is not available (QMS_TEST_REDIS_URL unset; ${HOW})`
/** False when both are there: tests of several server processes. */
export const SKIP_CLUSTER: false | string = SKIP_PG || SKIP_REDIS

/** The dialect `build()` and `domainFixture()` run on in this pass (QMS_TEST_DIALECT). */
export const dialect: Dialect = process.env.QMS_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite'
if (dialect === 'postgres' && !pgUrl) {
  throw new Error(`QMS_TEST_DIALECT=postgres but ${SKIP_PG}`)
}

/** The database every test database is copied from: migrated by the test runner, never connected to. */
export const TEMPLATE = 'qms_template'
/** Creating databases from one template must not overlap (PostgreSQL refuses a template in use). */
const CREATE_LOCK = 0x51_4d_54 // any key the server itself does not use

interface Tap {
  teardown(fn: () => unknown): void
}

/** The URL of one of the cluster's databases. */
export function pgDatabaseUrl(database: string): string {
  if (!pgUrl) throw new Error(String(SKIP_PG))
  const url = new URL(pgUrl)
  url.pathname = `/${database}`
  return url.toString()
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgDatabaseUrl('postgres') })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

let databaseSeq = 0

/**
 * A new database for one test, migrated (a copy of the template) and, with `seed`, holding what
 * the server seeds at first start with those options (seeded once per run into a template of its
 * own, then copied: scrypt hashes of eight accounts cost more than the copy). Dropped at teardown,
 * with any connection still open to it. Returns its URL.
 */
export async function freshPgDatabase(t: Tap, opts: { seed?: SeedOptions } = {}): Promise<string> {
  const name = `qms_t${process.pid}_${++databaseSeq}`
  await admin(async (client) => {
    await client.query('select pg_advisory_lock($1)', [CREATE_LOCK])
    try {
      const template = opts.seed ? await seededTemplate(client, opts.seed) : TEMPLATE
      await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`)
    } finally {
      await client.query('select pg_advisory_unlock($1)', [CREATE_LOCK])
    }
  })
  t.teardown(() => dropPgDatabase(name))
  return pgDatabaseUrl(name)
}

/** Drops a test database, ending whatever is still connected to it. */
export async function dropPgDatabase(name: string): Promise<void> {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
}

/** The name of a database in a URL from freshPgDatabase. */
export function databaseName(url: string): string {
  return new URL(url).pathname.slice(1)
}

/** A template holding the first-start seed for these options; made by the first test that asks. */
async function seededTemplate(client: pg.Client, seed: SeedOptions): Promise<string> {
  const name = `qms_seed_${fnv(JSON.stringify([seed.now, seed.demo, seed.adminPassword ?? null]))}`
  const found = await client.query('select 1 from pg_database where datname = $1', [name])
  if (found.rowCount) return name
  // Made under another name and renamed when complete: a test process killed while seeding
  // leaves no half-seeded template behind under the name others look for.
  const building = `${name}_building_${process.pid}`
  await client.query(`DROP DATABASE IF EXISTS ${building}`)
  await client.query(`CREATE DATABASE ${building} TEMPLATE ${TEMPLATE}`)
  const pool = await openPg({ url: pgDatabaseUrl(building), poolSize: 2 })
  try {
    await seedIfEmpty(pgStore(pool), seed)
  } finally {
    await pool.end()
  }
  await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`)
  return name
}

function fnv(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16)
}
