/** Turns stored rows into the views every client sees (shared/types.ts). */
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { CounterView, ServiceView, SiteView, TicketView, PriorityGroupView } from '../../../shared/types.js'
import type { Db } from '../db/client.js'
import { prepared } from '../db/prepared.js'
import { counterServices, counters, tickets, users } from '../db/schema.js'
import type { priorityGroups, services, sites } from '../db/schema.js'

type TicketRow = typeof tickets.$inferSelect
type ServiceRow = typeof services.$inferSelect
type SiteRow = typeof sites.$inferSelect
type PriorityGroupRow = typeof priorityGroups.$inferSelect

export function ticketView(row: TicketRow): TicketView {
  return {
    id: row.id,
    number: row.number,
    serviceId: row.serviceId,
    serviceDay: row.serviceDay,
    priorityGroupId: row.priorityGroupId,
    status: row.status,
    issuedAt: row.issuedAt,
    queuedAt: row.queuedAt,
    calledAt: row.calledAt,
    servingAt: row.servingAt,
    finishedAt: row.finishedAt,
    counterId: row.counterId,
    staffId: row.staffId,
    recallCount: row.recallCount,
    transferredFromId: row.transferredFromId,
    transferNote: row.transferNote,
    targetCounterId: row.targetCounterId,
  }
}

export function serviceView(row: ServiceRow): ServiceView {
  return {
    id: row.id,
    code: row.code,
    nameVi: row.nameVi,
    nameEn: row.nameEn,
    numbering: row.numbering,
    prefix: row.prefix,
    blockStart: row.blockStart,
    blockEnd: row.blockEnd,
    digits: row.digits,
    dailyCap: row.dailyCap,
    hours: row.hours ?? null,
    targetWaitMinutes: row.targetWaitMinutes,
    active: row.active,
    sortOrder: row.sortOrder,
  }
}

export function priorityGroupView(row: PriorityGroupRow): PriorityGroupView {
  return {
    id: row.id,
    code: row.code,
    nameVi: row.nameVi,
    nameEn: row.nameEn,
    active: row.active,
    sortOrder: row.sortOrder,
  }
}

export function siteView(row: SiteRow, publicUrl: string): SiteView {
  return {
    id: row.id,
    name: row.name,
    nameEn: row.nameEn,
    timeZone: row.timeZone,
    logoUrl: row.logoUrl,
    ticketFooter: row.ticketFooter,
    displayNotice: row.displayNotice,
    maxPriorityInRow: row.maxPriorityInRow,
    numberReading: row.numberReading,
    closedDays: row.closedDays,
    publicUrl,
  }
}

/** Views of the given counters (all of the site's when `ids` is omitted), ordered by counter number. */
export function counterViews(db: Db, siteId: number, ids?: number[]): CounterView[] {
  const where = ids ? and(eq(counters.siteId, siteId), inArray(counters.id, ids)) : eq(counters.siteId, siteId)
  const rows = db
    .select({ counter: counters, staffName: users.displayName })
    .from(counters)
    .leftJoin(users, eq(users.id, counters.staffId))
    .where(where)
    .orderBy(asc(counters.number))
    .all()
  if (rows.length === 0) return []
  const counterIds = rows.map((r) => r.counter.id)
  const links = db
    .select()
    .from(counterServices)
    .where(inArray(counterServices.counterId, counterIds))
    .orderBy(asc(counterServices.position))
    .all()
  const current = db
    .select({ id: tickets.id, counterId: tickets.counterId })
    .from(tickets)
    .where(and(inArray(tickets.counterId, counterIds), inArray(tickets.status, ['called', 'serving'])))
    .all()
  return rows.map(({ counter, staffName }) =>
    toCounterView(
      counter,
      staffName ?? null,
      links.filter((l) => l.counterId === counter.id).map((l) => l.serviceId),
      current.find((t) => t.counterId === counter.id)?.id ?? null,
    ),
  )
}

/** One counter's view: runs after every counter-touching command, so it uses prepared queries. */
export function counterView(db: Db, siteId: number, counterId: number): CounterView | undefined {
  const q = prepared(db)
  const row = q.counterWithStaff.get({ id: counterId, siteId })
  if (!row) return undefined
  return toCounterView(
    row.counter,
    row.staffName ?? null,
    q.counterServiceIds.all({ id: counterId }).map((r) => r.serviceId),
    q.currentTicket.get({ id: counterId })?.id ?? null,
  )
}

function toCounterView(
  counter: typeof counters.$inferSelect,
  staffName: string | null,
  serviceIds: number[],
  currentTicketId: number | null,
): CounterView {
  return {
    id: counter.id,
    number: counter.number,
    name: counter.name,
    status: counter.status,
    pauseReason: counter.pauseReason,
    strategy: counter.strategy,
    serviceIds,
    staffId: counter.staffId,
    staffName,
    currentTicketId,
    updatedAt: counter.updatedAt,
    priorityStreak: counter.priorityStreak,
  }
}
