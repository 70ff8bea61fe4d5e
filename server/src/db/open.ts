/**
 * Opens the database the configuration names: PostgreSQL when DATABASE_URL is set, otherwise the
 * SQLite file at DATABASE_PATH.
 */
import type pg from 'pg'
import { openStorage, type Storage } from './client.js'
import { LockWaitTimeout, type Database, type DatabaseState } from './database.js'
import { sqliteStore } from './sqlite/store.js'
import { LOCK_SPACE, openPg } from './pg/client.js'
import { pgStore } from './pg/store.js'

export interface DatabaseOptions {
  /** postgres://… : run on PostgreSQL. */
  url?: string | undefined
  /** The SQLite file, when there is no url. */
  path: string
  /** PostgreSQL connections per process. */
  poolSize?: number
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts.poolSize ?? 10) : openSqlite(opts.path)
}

function openSqlite(path: string): Database {
  const storage = openStorage(path)
  return sqliteDatabase(storage)
}

/** The database over an SQLite file already open (tests open their own). */
export function sqliteDatabase(storage: Storage): Database {
  const store = sqliteStore(storage)
  return {
    kind: 'sqlite',
    store,
    sqlite: storage,
    pg: null,
    async state(): Promise<DatabaseState> {
      if (!storage.stillOnDisk()) return 'unreadable'
      try {
        await store.read((r) => r.sites.all())
      } catch (err) {
        return (err as { code?: unknown }).code === 'SQLITE_CORRUPT' ? 'corrupt' : 'unreadable'
      }
      // The latest integrity check (at start, before each daily backup): a cheap read passes on a
      // damaged file whose bad pages it does not touch.
      if (storage.integrity !== 'ok') return 'corrupt'
      // A full disk or a read-only file still reads: only the latest write tells.
      return storage.writeFailure ? 'unwritable' : 'ok'
    },
    exclusively: (_job, work) => work(),
    serially: (_job, work) => work(),
    async close() {
      storage.close()
    },
  }
}

/** A job's name as the second key of an advisory lock (FNV-1a, 32 bits, signed). */
export function lockKey(job: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < job.length; i++) {
    hash ^= job.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash | 0
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = await openPg({ url, poolSize })
  const store = pgStore(pool)

  /**
   * Holds the job's advisory lock on one connection while `work` runs on others. `wait`: true waits
   * as long as it takes, a number of ms that long at most (then LockWaitTimeout), false not at all.
   */
  async function withLock<T>(job: string, wait: boolean | number, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
    const client: pg.PoolClient = await pool.connect()
    let broken = false
    try {
      const key = lockKey(job)
      if (wait === true) await client.query('select pg_advisory_lock($1, $2)', [LOCK_SPACE, key])
      else if (typeof wait === 'number') {
        // lock_timeout bounds the wait; it is set for this transaction only, and the session-level
        // lock taken inside it outlives the commit.
        try {
          await client.query('begin')
          await client.query(`select set_config('lock_timeout', $1, true)`, [`${Math.max(1, Math.ceil(wait))}ms`])
          await client.query('select pg_advisory_lock($1, $2)', [LOCK_SPACE, key])
          await client.query('commit')
        } catch (err) {
          // Whatever state the connection is in (the lock may even be held), closing it ends it.
          broken = true
          if ((err as { code?: unknown }).code === '55P03') throw new LockWaitTimeout(job)
          throw err
        }
      } else {
        const got = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1, $2) as locked', [LOCK_SPACE, key])
        if (!got.rows[0]?.locked) return { ran: false }
      }
      try {
        return { ran: true, value: await work() }
      } finally {
        await client.query('select pg_advisory_unlock($1, $2)', [LOCK_SPACE, key]).catch(() => {
          broken = true
        })
      }
    } finally {
      // A connection that could not unlock is closed, which releases its locks.
      client.release(broken)
    }
  }

  return {
    kind: 'postgres',
    store,
    sqlite: null,
    pg: pool,
    async state(): Promise<DatabaseState> {
      try {
        await store.read((r) => r.sites.all())
        return 'ok'
      } catch {
        return 'unreadable'
      }
    },
    async exclusively(job, work) {
      const outcome = await withLock(job, false, work)
      return outcome.ran ? outcome.value : undefined
    },
    async serially(job, work, opts) {
      const outcome = await withLock(job, opts?.waitMs ?? true, work)
      if (!outcome.ran) throw new Error('unreachable: a waited lock always runs its work')
      return outcome.value
    },
    async close() {
      await pool.end()
    },
  }
}
