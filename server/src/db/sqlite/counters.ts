/**
 * Counters on SQLite: who holds one, its state and its services as the queue reads and changes
 * them (prepared once per connection), and the administrators' set-up (rare: built per call).
 */
import { and, asc, eq, inArray, ne, or, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import type { CounterRepository } from '../repositories.js'
import { counterServices, counters, tickets, users } from '../schema.js'
import { keyedQueries, placeholdersOf } from '../keyed.js'
import { counterWithStaff, servicesByCounter } from '../rows.js'

const p = (name: string) => sql.placeholder(name)

export function counterRepository(db: Db): CounterRepository {
  const keyed = keyedQueries()
  const withStaff = () => db.select({ counter: counters, staffName: users.displayName }).from(counters).leftJoin(users, eq(users.id, counters.staffId))
  const q = {
    get: db
      .select()
      .from(counters)
      .where(and(eq(counters.id, p('id')), eq(counters.siteId, p('siteId'))))
      .prepare(),
    heldBy: db
      .select()
      .from(counters)
      .where(eq(counters.staffId, p('staffId')))
      .prepare(),
    all: db
      .select()
      .from(counters)
      .where(eq(counters.siteId, p('siteId')))
      .orderBy(asc(counters.number))
      .prepare(),
    serviceIds: db
      .select({ serviceId: counterServices.serviceId })
      .from(counterServices)
      .where(eq(counterServices.counterId, p('id')))
      .orderBy(asc(counterServices.position))
      .prepare(),
    serviceIdsAll: db
      .select({ counterId: counterServices.counterId, serviceId: counterServices.serviceId })
      .from(counterServices)
      .innerJoin(counters, eq(counters.id, counterServices.counterId))
      .where(eq(counters.siteId, p('siteId')))
      .orderBy(asc(counterServices.counterId), asc(counterServices.position))
      .prepare(),
    withStaff: withStaff()
      .where(and(eq(counters.id, p('id')), eq(counters.siteId, p('siteId'))))
      .prepare(),
    allWithStaff: withStaff()
      .where(eq(counters.siteId, p('siteId')))
      .orderBy(asc(counters.number))
      .prepare(),
    resetStreaks: db
      .update(counters)
      .set({ priorityStreak: 0, updatedAt: sql`${p('at')}` })
      .where(eq(counters.siteId, p('siteId')))
      .prepare(),
  }
  return {
    async get(siteId, id) {
      return q.get.get({ id, siteId })
    },
    async heldBy(staffId) {
      return q.heldBy.all({ staffId })
    },
    async all(siteId) {
      return q.all.all({ siteId })
    },
    async serviceIds(counterId) {
      return q.serviceIds.all({ id: counterId }).map((r) => r.serviceId)
    },
    async serviceIdsAll(siteId) {
      return servicesByCounter(q.serviceIdsAll.all({ siteId }))
    },
    async withStaff(siteId, id) {
      const row = q.withStaff.get({ id, siteId })
      return row && counterWithStaff(row)
    },
    async allWithStaff(siteId) {
      return q.allWithStaff.all({ siteId }).map(counterWithStaff)
    },
    async update(id, at, changes = {}) {
      const { keys, values } = placeholdersOf({ ...changes, updatedAt: at })
      keyed(`update:${keys.join(',')}`, () =>
        db
          .update(counters)
          .set(Object.fromEntries(keys.map((k) => [k, p(k)])))
          .where(eq(counters.id, p('$id')))
          .prepare(),
      ).run({ ...values, $id: id })
    },
    async resetStreaks(siteId, at) {
      q.resetStreaks.run({ siteId, at })
    },
    async numberTaken(siteId, number, exceptId) {
      const same = and(eq(counters.siteId, siteId), eq(counters.number, number))
      const where = exceptId === undefined ? same : and(same, ne(counters.id, exceptId))
      return db.select({ id: counters.id }).from(counters).where(where).get() !== undefined
    },
    async existing(siteId, ids) {
      if (ids.length === 0) return []
      return db
        .select({ id: counters.id })
        .from(counters)
        .where(and(eq(counters.siteId, siteId), inArray(counters.id, ids)))
        .all()
        .map((r) => r.id)
    },
    async insert(values) {
      return db.insert(counters).values(values).returning().get()
    },
    async setServices(counterId, serviceIds) {
      db.delete(counterServices).where(eq(counterServices.counterId, counterId)).run()
      if (serviceIds.length > 0) {
        db.insert(counterServices)
          .values(serviceIds.map((serviceId, position) => ({ counterId, serviceId, position })))
          .run()
      }
    },
    async delete(id) {
      db.delete(counterServices).where(eq(counterServices.counterId, id)).run()
      db.delete(counters).where(eq(counters.id, id)).run()
    },
    async hasTickets(id) {
      return (
        db
          .select({ id: tickets.id })
          .from(tickets)
          .where(or(eq(tickets.counterId, id), eq(tickets.targetCounterId, id)))
          .limit(1)
          .get() !== undefined
      )
    },
  }
}
