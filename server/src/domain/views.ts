/** Turns stored rows into the views every client sees (shared/types.ts). */
import { ratingSettings } from './ratings.js'
import type { CounterView, ProcedureView, ServiceView, SiteView, TicketView, PriorityGroupView } from '../../../shared/types.js'
import type { AtCounter, CounterWithStaff, PriorityGroupRow, ProcedureRow, ServiceRow, SiteRow, TicketRow } from '../db/repositories.js'
import type { Repositories } from '../db/store.js'

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
    asideAt: row.asideAt,
    asideMs: row.asideMs,
    procedureId: row.procedureId,
  }
}

export function procedureView(row: ProcedureRow): ProcedureView {
  return {
    id: row.id,
    serviceId: row.serviceId,
    code: row.code,
    nameVi: row.nameVi,
    nameEn: row.nameEn,
    papers: row.papers,
    active: row.active,
    sortOrder: row.sortOrder,
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
    code: row.code,
    address: row.address,
    hours: row.hours ?? null,
    languages: row.languages,
    active: row.active,
    asideAlertMinutes: row.asideAlertMinutes,
    outcomeRequired: row.outcomeRequired,
    ratingScale: ratingSettings(row).scale,
    ratingReasons: ratingSettings(row).reasons,
  }
}

/** Views of the site's counters, ordered by counter number. */
export async function counterViews(r: Repositories, siteId: number): Promise<CounterView[]> {
  const rows = await r.counters.allWithStaff(siteId)
  if (rows.length === 0) return []
  const links = await r.counters.serviceIdsAll(siteId)
  const current = await r.tickets.atCounters(siteId)
  return rows.map((row) =>
    toCounterView(
      row,
      links.get(row.counter.id) ?? [],
      current.find((t) => t.counterId === row.counter.id),
    ),
  )
}

/** One counter's view: runs after every counter-touching command, on prepared queries. */
export async function counterView(r: Repositories, siteId: number, counterId: number): Promise<CounterView | undefined> {
  const row = await r.counters.withStaff(siteId, counterId)
  if (!row) return undefined
  return toCounterView(row, await r.counters.serviceIds(counterId), await r.tickets.atCounter(counterId))
}

/** A counter's view from what a command already holds (no query): the counter, its services and the ticket at it. */
export function toCounterView({ counter, staffName }: CounterWithStaff, serviceIds: number[], current: Pick<AtCounter, 'id'> | undefined): CounterView {
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
    currentTicketId: current?.id ?? null,
    updatedAt: counter.updatedAt,
    priorityStreak: counter.priorityStreak,
  }
}
