/**
 * The store on SQLite: one connection, one writer. A write runs between `BEGIN IMMEDIATE` and
 * `COMMIT` on that connection; since a command may await between its queries, the store also keeps
 * a queue in process so that nothing else runs on the connection while a transaction is open (a read
 * there would see the transaction's uncommitted rows, a write would join it).
 */
import type { Storage } from '../client.js'
import type { Repositories, Store } from '../store.js'
import { sqliteRepositories } from './repositories.js'

/** Write failures that come from the file or the disk, not from the command: health reports them. */
const FILE_FAILURES = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN)/

export function sqliteStore(storage: Storage): Store {
  const repositories = sqliteRepositories(storage.db)
  let tail: Promise<unknown> = Promise.resolve()

  /** Runs `work` after everything queued before it has finished (its outcome is not shared). */
  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const turn = tail.then(work, work)
    tail = turn.catch(() => undefined)
    return turn
  }

  return {
    kind: 'sqlite',
    write<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
      return exclusive(async () => {
        const sqlite = storage.sqlite
        try {
          sqlite.exec('BEGIN IMMEDIATE')
          try {
            const result = await work(repositories)
            sqlite.exec('COMMIT')
            storage.writeFailure = null
            return result
          } catch (err) {
            if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
            throw err
          }
        } catch (err) {
          const code = (err as { code?: unknown }).code
          if (typeof code === 'string' && FILE_FAILURES.test(code)) storage.writeFailure = { code, at: Date.now() }
          throw err
        }
      })
    },
    read<T>(work: (r: Repositories) => Promise<T>): Promise<T> {
      return exclusive(() => work(repositories))
    },
  }
}
