/** Issuing tickets: numbering, opening hours, daily caps and idempotent retries. */
import { randomBytes } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import type { ClosedDay, ServiceAvailability, ServingCounters, TicketView } from '../../../shared/types.js'
import type { Db } from '../db/client.js'
import { preparedBy } from '../db/prepared.js'
import { counterServices, numberCounters, priorityGroups, services, tickets } from '../db/schema.js'
import { type CommandContext, type CommandResult, inTransaction, loadSite } from './context.js'
import { DomainError } from './errors.js'
import { estimateNewTicket, estimateTicket, loadQueueNow, waitingCounts } from './estimate.js'
import { appendEvent } from './event-log.js'
import { formatTicketNumber, numberingCapacity } from './numbering.js'
import { isWithinHours, localTime } from '../../../shared/local-time.js'
import { ticketView } from './views.js'

type ServiceRow = typeof services.$inferSelect

export interface IssueTicketInput {
  serviceId: number
  priorityGroupId?: number | null
  deviceId?: number | null
  /** A kiosk's retry of the same request carries the same key and gets the same ticket. */
  idempotencyKey?: string | null
}

export interface IssueResult {
  ticket: TicketView
  waitingAhead: number
  estimatedWaitMinutes: number
  servingCounters: ServingCounters
  trackingCode: string
  /** True when this was a retry answered with the ticket issued the first time. */
  replayed: boolean
}

function issuedOn(db: Db, serviceId: number, serviceDay: string): number {
  return (
    preparedBy(db, 'issue:issued-on', () =>
      db
        .select({ n: numberCounters.lastSeqNo })
        .from(numberCounters)
        .where(and(eq(numberCounters.serviceId, sql.placeholder('serviceId')), eq(numberCounters.serviceDay, sql.placeholder('day'))))
        .prepare(),
    ).get({ serviceId, day: serviceDay })?.n ?? 0
  )
}

/** Whether at least one counter serves the service (open or not). */
function isStaffed(db: Db, serviceId: number): boolean {
  const row = preparedBy(db, 'issue:staffed', () =>
    db
      .select({ serviceId: counterServices.serviceId })
      .from(counterServices)
      .where(eq(counterServices.serviceId, sql.placeholder('serviceId')))
      .limit(1)
      .prepare(),
  ).get({ serviceId })
  return row !== undefined
}

/**
 * The writes of an issue, with placeholders: built once per connection, since every kiosk press
 * runs them (the benchmark's issue latency is mostly query building and compiling otherwise).
 */
function issueQueries(db: Db) {
  const p = (name: string) => sql.placeholder(name)
  return preparedBy(db, 'issue:queries', () => ({
    earlier: db
      .select()
      .from(tickets)
      .where(and(eq(tickets.deviceId, p('deviceId')), eq(tickets.idempotencyKey, p('key'))))
      .prepare(),
    service: db
      .select()
      .from(services)
      .where(and(eq(services.id, p('serviceId')), eq(services.siteId, p('siteId'))))
      .prepare(),
    priorityGroup: db
      .select()
      .from(priorityGroups)
      .where(and(eq(priorityGroups.id, p('groupId')), eq(priorityGroups.siteId, p('siteId'))))
      .prepare(),
    countNumber: db
      .insert(numberCounters)
      .values({ serviceId: p('serviceId'), serviceDay: p('day'), lastSeqNo: p('seqNo') })
      .onConflictDoUpdate({ target: [numberCounters.serviceId, numberCounters.serviceDay], set: { lastSeqNo: sql`excluded.last_seq_no` } })
      .prepare(),
    insertTicket: db
      .insert(tickets)
      .values({
        siteId: p('siteId'),
        serviceId: p('serviceId'),
        serviceDay: p('day'),
        number: p('number'),
        seqNo: p('seqNo'),
        priorityGroupId: p('groupId'),
        status: 'waiting',
        issuedAt: p('now'),
        queuedAt: p('now'),
        deviceId: p('deviceId'),
        idempotencyKey: p('key'),
        trackingCode: p('trackingCode'),
      })
      .returning()
      .prepare(),
  }))
}

/** The closed day (public holiday) that `day` is, if it is one. */
function closedDayOf(closedDays: ClosedDay[], day: string): ClosedDay | undefined {
  return closedDays.find((d) => d.day === day)
}

/** Why a service cannot issue a ticket right now, or null if it can. */
function closedReason(
  service: ServiceRow,
  at: ReturnType<typeof localTime>,
  issuedToday: number,
  staffed: boolean,
  closedToday: ClosedDay | undefined,
): {
  code: 'site_closed_today' | 'service_inactive' | 'service_closed' | 'service_outside_hours' | 'daily_cap_reached' | 'numbering_exhausted'
  message: string
} | null {
  if (!service.active) return { code: 'service_inactive', message: `Service ${service.code} is not offered` }
  if (closedToday) return { code: 'site_closed_today', message: `The centre is closed on ${closedToday.day} (${closedToday.name || 'closed day'})` }
  // A citizen must not wait for a number no counter can call.
  if (!staffed) return { code: 'service_closed', message: `No counter serves ${service.code} yet` }
  if (!isWithinHours(service.hours ?? null, at)) {
    return { code: 'service_outside_hours', message: `Service ${service.code} is not issuing tickets at this hour` }
  }
  if (service.dailyCap !== null && issuedToday >= service.dailyCap) {
    return { code: 'daily_cap_reached', message: `Service ${service.code} has issued its ${service.dailyCap} tickets for today` }
  }
  if (issuedToday >= numberingCapacity(service)) {
    return { code: 'numbering_exhausted', message: `Service ${service.code} has run out of numbers for today` }
  }
  return null
}

function presentIssued(db: Db, row: typeof tickets.$inferSelect, now: number, replayed: boolean): IssueResult {
  const estimate = estimateTicket(db, row, now)
  return {
    ticket: ticketView(row),
    waitingAhead: estimate.ahead,
    estimatedWaitMinutes: estimate.minutes,
    servingCounters: estimate.servingCounters,
    trackingCode: row.trackingCode,
    replayed,
  }
}

export function issueTicket(ctx: CommandContext, input: IssueTicketInput): CommandResult<IssueResult> {
  return inTransaction(ctx.db, (db) => {
    const { siteId, now } = ctx
    const q = issueQueries(db)
    if (input.deviceId != null && input.idempotencyKey) {
      const earlier = q.earlier.get({ deviceId: input.deviceId, key: input.idempotencyKey })
      if (earlier) return { result: presentIssued(db, earlier, now, true), events: [] }
    }
    const site = loadSite(db, siteId)
    const service = q.service.get({ serviceId: input.serviceId, siteId })
    if (!service) throw new DomainError('service_not_found', `Service ${input.serviceId} does not exist`, 404)
    const local = localTime(now, site.timeZone)
    const issuedToday = issuedOn(db, service.id, local.date)
    const closed = closedReason(service, local, issuedToday, isStaffed(db, service.id), closedDayOf(site.closedDays, local.date))
    if (closed) throw new DomainError(closed.code, closed.message, 422)
    if (input.priorityGroupId != null) {
      const group = q.priorityGroup.get({ groupId: input.priorityGroupId, siteId })
      if (!group || !group.active) {
        throw new DomainError('priority_group_not_found', `Priority group ${input.priorityGroupId} is not offered`, 422)
      }
    }
    const seqNo = issuedToday + 1
    const number = formatTicketNumber(service, seqNo)
    if (number === null) throw new DomainError('numbering_exhausted', `Service ${service.code} has run out of numbers`, 422)
    q.countNumber.run({ serviceId: service.id, day: local.date, seqNo })
    const row = q.insertTicket.get({
      siteId,
      serviceId: service.id,
      day: local.date,
      number,
      seqNo,
      groupId: input.priorityGroupId ?? null,
      now,
      deviceId: input.deviceId ?? null,
      key: input.idempotencyKey ?? null,
      trackingCode: randomBytes(6).toString('base64url'),
    })
    if (!row) throw new Error('the new ticket was not returned')
    const event = appendEvent(db, {
      name: 'ticket:issued',
      siteId,
      at: now,
      actor: ctx.actor,
      ticketId: row.id,
      serviceId: service.id,
      toStatus: 'waiting',
      payload: { ticket: ticketView(row) },
    })
    return { result: presentIssued(db, row, now, false), events: [event] }
  })
}

/** What a kiosk shows for each service: open or closed with the reason, waiting count and estimate. */
export function serviceAvailability(db: Db, siteId: number, now: number): ServiceAvailability[] {
  const site = loadSite(db, siteId)
  const local = localTime(now, site.timeZone)
  const rows = db.select().from(services).where(eq(services.siteId, siteId)).orderBy(services.sortOrder, services.id).all()
  const closedToday = closedDayOf(site.closedDays, local.date)
  const waiting = waitingCounts(db, siteId, rows.map((s) => s.id))
  const queue = loadQueueNow(db, siteId, now)
  return rows.map((service) => {
    const issuedToday = issuedOn(db, service.id, local.date)
    const closed = closedReason(service, local, issuedToday, isStaffed(db, service.id), closedToday)
    const estimate = estimateNewTicket(queue, service.id)
    return {
      serviceId: service.id,
      open: closed === null,
      reason: closed?.code ?? null,
      waiting: waiting.get(service.id) ?? 0,
      estimatedWaitMinutes: estimate.minutes,
      servingCounters: estimate.servingCounters,
      issuedToday,
    }
  })
}
