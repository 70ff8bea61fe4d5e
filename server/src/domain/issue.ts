/** Issuing tickets: numbering, opening hours, daily caps and idempotent retries. */
import type { ClosedDay, ServiceAvailability, ServingCounters, TicketView } from '../../../shared/types.js'
import { STEPS } from '../../../shared/lifecycle.js'
import type { ServiceRow, SiteRow, TicketRow } from '../db/repositories.js'
import type { Repositories } from '../db/store.js'
import { loadSite } from './counter-lookups.js'
import { DomainError } from './errors.js'
import { estimateNewTicket, estimateTicket, loadQueueNow } from './estimate.js'
import { formatTicketNumber, numberingCapacity } from './numbering.js'
import type { Command } from './runner.js'
import { isWithinHours, localTime } from '../../../shared/local-time.js'
import { ticketView } from './views.js'

/** Bytes of randomness in a ticket's tracking code (8 URL-safe characters). */
const TRACKING_CODE_BYTES = 6

export interface IssueTicketInput {
  serviceId: number
  priorityGroupId?: number | null
  /** The procedure (thủ tục) chosen within the service, if any. */
  procedureId?: number | null
  deviceId?: number | null
  /** A kiosk's retry of the same request carries the same key and gets the same ticket. */
  idempotencyKey?: string | null
}

export interface IssueResult {
  ticket: TicketView
  trackingCode: string
  /** True when this was a retry answered with the ticket issued the first time. */
  replayed: boolean
}

/** What the kiosk tells the citizen beside the number. */
export interface TicketWait {
  waitingAhead: number
  estimatedWaitMinutes: number
  servingCounters: ServingCounters
}

/** The closed day (public holiday) that `day` is, if it is one. */
export function closedDayOf(closedDays: ClosedDay[], day: string): ClosedDay | undefined {
  return closedDays.find((d) => d.day === day)
}

/** Why a service cannot issue a ticket right now, or null if it can. */
function closedReason(
  site: SiteRow,
  service: ServiceRow,
  at: ReturnType<typeof localTime>,
  issuedToday: number,
  staffed: boolean,
): {
  code: 'site_inactive' | 'site_closed_today' | 'service_inactive' | 'service_closed' | 'service_outside_hours' | 'daily_cap_reached' | 'numbering_exhausted'
  message: string
} | null {
  if (!site.active) return { code: 'site_inactive', message: 'This centre has been deactivated' }
  if (!service.active) return { code: 'service_inactive', message: `Service ${service.code} is not offered` }
  const closedToday = closedDayOf(site.closedDays, at.date)
  if (closedToday) return { code: 'site_closed_today', message: `The centre is closed on ${closedToday.day} (${closedToday.name || 'closed day'})` }
  // A citizen must not wait for a number no counter can call.
  if (!staffed) return { code: 'service_closed', message: `No counter serves ${service.code} yet` }
  // A service without hours of its own issues within the centre's.
  if (!isWithinHours(service.hours ?? site.hours ?? null, at)) {
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

function presentIssued(row: TicketRow, replayed: boolean): IssueResult {
  return { ticket: ticketView(row), trackingCode: row.trackingCode, replayed }
}

/**
 * People ahead of a ticket and the wait, read after its issue committed: outside the site's lock,
 * which the whole queue's reads would otherwise hold for every ticket a kiosk issues.
 */
export async function waitOf(r: Repositories, siteId: number, ticket: Pick<TicketView, 'id' | 'status'>, now: number): Promise<TicketWait> {
  const estimate = await estimateTicket(r, { ...ticket, siteId }, now)
  return { waitingAhead: estimate.ahead, estimatedWaitMinutes: estimate.minutes, servingCounters: estimate.servingCounters }
}

export const issueTicket: Command<IssueTicketInput, IssueResult> = async (ctx, input) => {
  const { tx, siteId, now } = ctx
  if (input.deviceId != null && input.idempotencyKey) {
    const earlier = await tx.tickets.byRequestKey(input.deviceId, input.idempotencyKey)
    if (earlier) return { result: presentIssued(earlier, true) }
  }
  const site = await loadSite(ctx)
  const service = await tx.services.get(siteId, input.serviceId)
  if (!service) throw new DomainError('service_not_found', `Service ${input.serviceId} does not exist`, 404)
  const local = localTime(now, site.timeZone)
  const issuedToday = await tx.tickets.lastNumber(service.id, local.date)
  const closed = closedReason(site, service, local, issuedToday, await tx.services.isStaffed(service.id))
  if (closed) throw new DomainError(closed.code, closed.message, 422)
  if (input.priorityGroupId != null) {
    const group = await tx.priorityGroups.get(siteId, input.priorityGroupId)
    if (!group || !group.active) {
      throw new DomainError('priority_group_not_found', `Priority group ${input.priorityGroupId} is not offered`, 422)
    }
  }
  if (input.procedureId != null) {
    const procedure = await tx.procedures.get(siteId, input.procedureId)
    if (!procedure || !procedure.active) throw new DomainError('procedure_not_found', `Procedure ${input.procedureId} is not offered`, 422)
    if (procedure.serviceId !== service.id) {
      throw new DomainError('procedure_wrong_service', `Procedure ${procedure.code} is not within service ${service.code}`, 422)
    }
  }
  const seqNo = issuedToday + 1
  const number = formatTicketNumber(service, seqNo)
  if (number === null) throw new DomainError('numbering_exhausted', `Service ${service.code} has run out of numbers`, 422)
  await tx.tickets.setLastNumber(service.id, local.date, seqNo)
  const row = await tx.tickets.insert({
    siteId,
    serviceId: service.id,
    serviceDay: local.date,
    number,
    seqNo,
    priorityGroupId: input.priorityGroupId ?? null,
    procedureId: input.procedureId ?? null,
    status: STEPS.issue.to,
    issuedAt: now,
    queuedAt: now,
    deviceId: input.deviceId ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
    trackingCode: ctx.secret(TRACKING_CODE_BYTES),
  })
  return {
    result: presentIssued(row, false),
    events: [
      {
        name: STEPS.issue.event,
        ticketId: row.id,
        serviceId: service.id,
        toStatus: row.status,
        payload: { ticket: ticketView(row) },
      },
    ],
  }
}

/** What a kiosk shows for each service: open or closed with the reason, waiting count and estimate. */
export async function serviceAvailability(r: Repositories, siteId: number, now: number): Promise<ServiceAvailability[]> {
  const site = await loadSite({ tx: r, siteId })
  const local = localTime(now, site.timeZone)
  const rows = await r.services.all(siteId)
  const waiting = await r.tickets.waitingCounts(siteId)
  const queue = await loadQueueNow(
    r,
    siteId,
    now,
    rows.map((s) => s.id),
  )
  const result: ServiceAvailability[] = []
  for (const service of rows) {
    const issuedToday = await r.tickets.lastNumber(service.id, local.date)
    const closed = closedReason(site, service, local, issuedToday, await r.services.isStaffed(service.id))
    const estimate = estimateNewTicket(queue, service.id)
    result.push({
      serviceId: service.id,
      open: closed === null,
      reason: closed?.code ?? null,
      waiting: waiting.get(service.id) ?? 0,
      estimatedWaitMinutes: estimate.minutes,
      servingCounters: estimate.servingCounters,
      issuedToday,
    })
  }
  return result
}
