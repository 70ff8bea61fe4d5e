/**
 * The queries every command runs, built once per database connection. Drizzle otherwise rebuilds
 * the SQL text of each query on every call, which the benchmark found to be the largest share of a
 * command's CPU after the commit itself. Keyed by the drizzle session, which a transaction shares
 * with its database, so the same prepared queries serve inside and outside transactions.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { AT_COUNTER_STATUSES } from '../../../shared/lifecycle.js'
import type { Db } from './client.js'
import { counterServices, counters, sites, tickets, users } from './schema.js'

function build(db: Db) {
  const id = sql.placeholder('id')
  const siteId = sql.placeholder('siteId')
  return {
    site: db.select().from(sites).where(eq(sites.id, id)).prepare(),
    counter: db
      .select()
      .from(counters)
      .where(and(eq(counters.id, id), eq(counters.siteId, siteId)))
      .prepare(),
    counterWithStaff: db
      .select({ counter: counters, staffName: users.displayName })
      .from(counters)
      .leftJoin(users, eq(users.id, counters.staffId))
      .where(and(eq(counters.id, id), eq(counters.siteId, siteId)))
      .prepare(),
    counterServiceIds: db
      .select({ serviceId: counterServices.serviceId })
      .from(counterServices)
      .where(eq(counterServices.counterId, id))
      .orderBy(asc(counterServices.position))
      .prepare(),
    ticket: db
      .select()
      .from(tickets)
      .where(and(eq(tickets.id, id), eq(tickets.siteId, siteId)))
      .prepare(),
    currentTicket: db
      .select()
      .from(tickets)
      .where(and(eq(tickets.counterId, id), inArray(tickets.status, [...AT_COUNTER_STATUSES])))
      .prepare(),
    nextEventSeq: db
      .update(sites)
      .set({ eventSeq: sql`${sites.eventSeq} + 1` })
      .where(eq(sites.id, id))
      .returning({ seq: sites.eventSeq })
      .prepare(),
  }
}

export type PreparedQueries = ReturnType<typeof build>

const bySession = new WeakMap<object, PreparedQueries>()

export function prepared(db: Db): PreparedQueries {
  const session = (db as unknown as { session: object }).session
  let queries = bySession.get(session)
  if (!queries) {
    queries = build(db)
    bySession.set(session, queries)
  }
  return queries
}

const KEYED_LIMIT = 200
const keyedBySession = new WeakMap<object, Map<string, unknown>>()

/**
 * A prepared query whose shape depends on data (e.g. a counter's list of services), built once per
 * shape and kept by key. Bounded: shapes change only when an administrator edits counters.
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
