/**
 * The store on PostgreSQL: a pool of connections shared by any number of server processes.
 * A write takes one connection for one transaction (READ COMMITTED, so that every statement after
 * the site's row lock sees what the previous holder committed); the runner's first statement locks
 * the site's row (`SELECT … FOR UPDATE`), which serializes each site's commands across processes
 * while other sites go on in parallel. A read runs in one REPEATABLE READ, READ ONLY transaction:
 * a snapshot built from several queries is consistent.
 *
 * A transaction that PostgreSQL aborts for a deadlock or a serialization failure is run again
 * from the start (its work had no effect outside the transaction), a bounded number of times.
 */
import type pg from 'pg'
import { drizzle } from 'drizzle-orm/node-postgres'
import type { Repositories, Store } from '../store.js'
import * as schema from './schema.js'
import { pgRepositories } from './repositories.js'
import { sqlState } from './errors.js'

const RETRYABLE = new Set(['40001', '40P01'])
const ATTEMPTS = 3

export function pgStore(pool: pg.Pool): Store {
  // The repositories of each pooled connection, made once per connection.
  const made = new WeakMap<pg.PoolClient, Repositories>()
  const repositoriesOf = (client: pg.PoolClient) => {
    let repositories = made.get(client)
    if (!repositories) {
      repositories = pgRepositories(drizzle(client, { schema }))
      made.set(client, repositories)
    }
    return repositories
  }

  async function transaction<T>(begin: string, work: (r: Repositories) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect()
      let broken = false
      try {
        await client.query(begin)
        const result = await work(repositoriesOf(client))
        await client.query('COMMIT')
        return result
      } catch (err) {
        try {
          await client.query('ROLLBACK')
        } catch {
          broken = true
        }
        // Drizzle wraps the driver's error: the SQLSTATE is on its cause.
        const code = sqlState(err)
        if (attempt < ATTEMPTS && code !== undefined && RETRYABLE.has(code)) continue
        throw err
      } finally {
        // A connection whose rollback failed is closed, not handed to the next command.
        client.release(broken)
      }
    }
  }

  return {
    kind: 'postgres',
    write: (work) => transaction('BEGIN', work),
    read: (work) => transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', work),
  }
}
