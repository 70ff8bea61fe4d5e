/**
 * The database the server runs on, whichever it is: SQLite in one file (one centre on one small
 * machine, the default) or PostgreSQL (a province, any number of server processes). Everything
 * above this sees the store of repositories, a health check, and `exclusively`, which runs work
 * that must happen once across every process (closing ended days, the daily backup, one printer's
 * jobs) while no other process runs the same job.
 */
import type pg from 'pg'
import type { Storage } from './client.js'
import type { Store } from './store.js'

export type DatabaseState = 'ok' | 'unreadable' | 'corrupt' | 'unwritable'

export interface Database {
  readonly kind: 'sqlite' | 'postgres'
  readonly store: Store
  /** The SQLite file (backups, integrity checks); null on PostgreSQL. */
  readonly sqlite: Storage | null
  /** The PostgreSQL pool; null on SQLite. */
  readonly pg: pg.Pool | null
  /** Whether the database answers now and passed its latest integrity check. */
  state(): Promise<DatabaseState>
  /**
   * Runs `work` unless another process is running the job named `job` right now (PostgreSQL: a
   * session-level advisory lock, tried without waiting). SQLite has one process: it always runs.
   * Resolves to undefined when another process has the job.
   */
  exclusively<T>(job: string, work: () => Promise<T>): Promise<T | undefined>
  /**
   * Runs `work` once no other process runs the job named `job` (PostgreSQL: a session-level
   * advisory lock, waited for; one printer's jobs never interleave whichever process issued them).
   * SQLite: at once (its one process keeps its own queues). With `waitMs`, gives up waiting after
   * that long with a LockWaitTimeout, and the connection goes back: a process stuck while holding
   * the job never holds up the others for longer.
   */
  serially<T>(job: string, work: () => Promise<T>, opts?: { waitMs?: number }): Promise<T>
  close(): Promise<void>
}

/** `serially` waited its `waitMs` and another process still had the job. */
export class LockWaitTimeout extends Error {
  constructor(readonly job: string) {
    super(`Another server process kept the job "${job}" for longer than this one could wait`)
    this.name = 'LockWaitTimeout'
  }
}
