/**
 * Prepared queries kept per database connection, for code that still queries outside the
 * repositories (server/src/db/sqlite/ keeps the queue's). Drizzle otherwise rebuilds the SQL text of
 * each query on every call. Keyed by the drizzle session, which a transaction shares with its
 * database, so the same prepared queries serve inside and outside transactions.
 */
import type { Db } from './client.js'

const KEYED_LIMIT = 200
const keyedBySession = new WeakMap<object, Map<string, unknown>>()

/**
 * A prepared query built once per key and connection. Bounded: shapes change only when an
 * administrator edits counters.
 */
export function preparedBy<T>(db: Db, key: string, make: () => T): T {
  const session = (db as unknown as { session: object }).session
  let queries = keyedBySession.get(session)
  if (!queries) {
    queries = new Map()
    keyedBySession.set(session, queries)
  }
  let query = queries.get(key) as T | undefined
  if (query === undefined) {
    if (queries.size >= KEYED_LIMIT) queries.clear()
    query = make()
    queries.set(key, query)
  }
  return query
}
