/**
 * Counters on PostgreSQL: who holds one, its state and its services as the queue reads and changes
 * them (named statements, prepared once per connection), and the administrators' set-up (rare:
 * built per call).
 */
import { and, asc, eq, inArray, ne, or, sql } from 'drizzle-orm'
import type { CounterRepository } from '../repositories.js'
import { keyedQueries, placeholdersOf } from '../keyed.js'
import { counterWithStaff, servicesByCounter } from '../rows.js'
import type { PgDb } from './client.js'
import { counterServices, counters, tickets, users } from './schema.js'
import { returned, shapeName } from './statements.js'

const p = (name: string) => sql.placeholder(name)

export function counterRepository(db: PgDb): CounterRepository {
  const keyed = keyedQueries()
  const withStaff = () => db.select({ counter: counters, staffName: users.displayName }).from(counters).leftJoin(users, eq(users.id, counters.staffId))
  const q = {
    get: db
      .select()
      .from(counters)
      .where(and(eq(counters.id, p('id')), eq(counters.siteId, p('siteId'))))
      .prepare('counters.get'),
    // SQLite scans the table: row id order.
    heldBy: db
      .select()
      .from(counters)
      .where(eq(counters.staffId, p('staffId')))
      .orderBy(asc(counters.id))
      .prepare('counters.held_by'),
    all: db
      .select()
      .from(counters)
      .where(eq(counters.siteId, p('siteId')))
      .orderBy(asc(counters.number))
      .prepare('counters.all'),
    serviceIds: db
      .select({ serviceId: counterServices.serviceId })
      .from(counterServices)
      .where(eq(counterServices.counterId, p('id')))
      .orderBy(asc(counterServices.position))
      .prepare('counters.service_ids'),
    serviceIdsAll: db
      .select({ counterId: counterServices.counterId, serviceId: counterServices.serviceId })
      .from(counterServices)
      .innerJoin(counters, eq(counters.id, counterServices.counterId))
      .where(eq(counters.siteId, p('siteId')))
      .orderBy(asc(counterServices.counterId), asc(counterServices.position))
      .prepare('counters.service_ids_all'),
    withStaff: withStaff()
      .where(and(eq(counters.id, p('id')), eq(counters.siteId, p('siteId'))))
      .prepare('counters.with_staff'),
    allWithStaff: withStaff()
      .where(eq(counters.siteId, p('siteId')))
      .orderBy(asc(counters.number))
      .prepare('counters.all_with_staff'),
    resetStreaks: db
      .update(counters)
      .set({ priorityStreak: 0, updatedAt: sql`${p('at')}` })
      .where(eq(counters.siteId, p('siteId')))
      .prepare('counters.reset_streaks'),
  }
  return {
    async get(siteId, id) {
      return (await q.get.execute({ id, siteId }))[0]
    },
    async heldBy(staffId) {
      return q.heldBy.execute({ staffId })
    },
    async all(siteId) {
      return q.all.execute({ siteId })
    },
    async serviceIds(counterId) {
      return (await q.serviceIds.execute({ id: counterId })).map((r) => r.serviceId)
    },
    async serviceIdsAll(siteId) {
      return servicesByCounter(await q.serviceIdsAll.execute({ siteId }))
    },
    async withStaff(siteId, id) {
      const row = (await q.withStaff.execute({ id, siteId }))[0]
      return row && counterWithStaff(row)
    },
    async allWithStaff(siteId) {
      return (await q.allWithStaff.execute({ siteId })).map(counterWithStaff)
    },
    async update(id, at, changes = {}) {
      const { keys, values } = placeholdersOf({ ...changes, updatedAt: at })
      const key = `update:${keys.join(',')}`
      await keyed(key, () =>
        db
          .update(counters)
          .set(Object.fromEntries(keys.map((k) => [k, p(k)])))
          .where(eq(counters.id, p('$id')))
          .prepare(shapeName('counters.update', key)),
      ).execute({ ...values, $id: id })
    },
    async resetStreaks(siteId, at) {
      await q.resetStreaks.execute({ siteId, at })
    },
    async numberTaken(siteId, number, exceptId) {
      const same = and(eq(counters.siteId, siteId), eq(counters.number, number))
      const where = exceptId === undefined ? same : and(same, ne(counters.id, exceptId))
      return (await db.select({ id: counters.id }).from(counters).where(where).limit(1)).length > 0
    },
    // SQLite reads these through the site's unique index: by number.
    async existing(siteId, ids) {
      if (ids.length === 0) return []
      const rows = await db
        .select({ id: counters.id })
        .from(counters)
        .where(and(eq(counters.siteId, siteId), inArray(counters.id, ids)))
        .orderBy(asc(counters.number))
      return rows.map((r) => r.id)
    },
    async insert(values) {
      return returned(await db.insert(counters).values(values).returning(), 'the new counter')
    },
    async setServices(counterId, serviceIds) {
      await db.delete(counterServices).where(eq(counterServices.counterId, counterId))
      if (serviceIds.length > 0) {
        await db.insert(counterServices).values(serviceIds.map((serviceId, position) => ({ counterId, serviceId, position })))
      }
    },
    async delete(id) {
      await db.delete(counterServices).where(eq(counterServices.counterId, id))
      await db.delete(counters).where(eq(counters.id, id))
    },
    async hasTickets(id) {
      const rows = await db
        .select({ id: tickets.id })
        .from(tickets)
        .where(or(eq(tickets.counterId, id), eq(tickets.targetCounterId, id)))
        .limit(1)
      return rows.length > 0
    },
  }
}
