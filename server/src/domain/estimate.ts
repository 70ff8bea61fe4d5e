/**
 * Wait estimates. Service time per service is the mean of the last finished tickets of the
 * service (start to finish) over the last week, or the service's configured default when
 * there is no history. Who goes first and when comes from replaying the call-next rule over
 * today's queue at the counters that serve it (queue-forecast.ts).
 */
import type { ServingCounters } from '../../../shared/types.js'
import { STEPS } from '../../../shared/lifecycle.js'
import type { Repositories } from '../db/store.js'
import { forecastAll, forecastTicket, type ForecastCounter, type ForecastTicket, type TicketForecast } from './queue-forecast.js'
import { serviceDayOf } from '../../../shared/local-time.js'
import { loadSite } from './counter-lookups.js'

const RECENT_TICKETS = 20
const HISTORY_MS = 7 * 24 * 3600_000

export async function averageServiceMinutes(r: Repositories, siteId: number, serviceId: number, now: number): Promise<number> {
  const recent = await r.tickets.recentServiceMs(serviceId, now - HISTORY_MS, RECENT_TICKETS)
  if (recent.length === 0) return (await r.services.get(siteId, serviceId))?.defaultServiceMinutes ?? 8
  return recent.reduce((sum, ms) => sum + ms, 0) / recent.length / 60_000
}

/** What the citizen is told: how many go first, the wait, and whether a counter is open to call them. */
export interface WaitEstimate {
  ahead: number
  minutes: number
  servingCounters: ServingCounters
}

/** Today's queue as the forecast needs it: waiting tickets, counters (with status) and service times. */
export interface QueueNow {
  now: number
  maxPriorityInRow: number
  waiting: ForecastTicket[]
  counters: (ForecastCounter & { status: 'open' | 'paused' | 'closed' })[]
  serviceMs(serviceId: number): number
}

/** Today's queue; `alsoServiceIds`: services a ticket may yet be issued for (their service times are loaded too). */
export async function loadQueueNow(r: Repositories, siteId: number, now: number, alsoServiceIds: readonly number[] = []): Promise<QueueNow> {
  const site = await loadSite({ tx: r, siteId })
  const day = serviceDayOf(now, site.timeZone)
  const waiting = (await r.tickets.waiting(siteId, day)).map((t) => ({
    id: t.id,
    serviceId: t.serviceId,
    queuedAt: t.queuedAt,
    priority: t.priorityGroupId !== null,
    targetCounterId: t.targetCounterId,
  }))
  const counterRows = await r.counters.all(siteId)
  const links = await r.counters.serviceIdsAll(siteId)
  const busy = await r.tickets.atCounters(siteId)
  // The forecast asks the usual service time of every service it may call or that is being served.
  const minutes = new Map<number, number>()
  const needed = new Set([...waiting.map((t) => t.serviceId), ...busy.map((b) => b.serviceId), ...alsoServiceIds])
  for (const serviceId of needed) minutes.set(serviceId, await averageServiceMinutes(r, siteId, serviceId, now))
  const serviceMs = (serviceId: number): number => {
    const m = minutes.get(serviceId)
    if (m === undefined) throw new Error(`service time of service ${serviceId} was not loaded`)
    return m * 60_000
  }
  return {
    now,
    maxPriorityInRow: site.maxPriorityInRow,
    waiting,
    serviceMs,
    counters: counterRows.map((c) => {
      const current = busy.find((b) => b.counterId === c.id)
      // A counter with someone at it calls again once that visit's usual time has passed.
      const freeAt = current ? Math.max(now, (current.servingAt ?? current.calledAt ?? now) + serviceMs(current.serviceId)) : now
      return {
        id: c.id,
        number: c.number,
        status: c.status,
        strategy: c.strategy,
        serviceIds: links.get(c.id) ?? [],
        priorityStreak: c.priorityStreak,
        freeAt,
      }
    }),
  }
}

/**
 * Forecast with the open counters; a ticket only paused counters can call is forecast as if they
 * resumed now (and said to be paused), one no open or paused counter can call as if every counter
 * that serves it opened (and said to have none).
 */
const TIERS: readonly (readonly [ServingCounters, (status: string) => boolean])[] = [
  ['open', (s) => s === 'open'],
  ['paused', (s) => s !== 'closed'],
  ['none', () => true],
]

function tiered<T>(queue: QueueNow, reach: (counters: QueueNow['counters']) => T | undefined, fallback: T): { value: T; servingCounters: ServingCounters } {
  for (const [servingCounters, admits] of TIERS) {
    const value = reach(queue.counters.filter((c) => admits(c.status)))
    if (value !== undefined) return { value, servingCounters }
  }
  return { value: fallback, servingCounters: 'none' }
}

function present(queue: QueueNow, found: { value: TicketForecast; servingCounters: ServingCounters }): WaitEstimate {
  const { value, servingCounters } = found
  return { ahead: value.ahead, minutes: Math.ceil(Math.max(0, value.at - queue.now) / 60_000), servingCounters }
}

/** Where a waiting ticket stands. */
export function estimateFor(queue: QueueNow, ticketId: number): WaitEstimate {
  const found = tiered(queue, (counters) => forecastTicket({ ...queue, counters }, ticketId), { ahead: 0, at: queue.now })
  return present(queue, found)
}

/** Where a ticket issued now for this service would stand (the kiosk's tiles). */
export function estimateNewTicket(queue: QueueNow, serviceId: number): WaitEstimate {
  const phantom: ForecastTicket = { id: Number.MAX_SAFE_INTEGER, serviceId, queuedAt: queue.now, priority: false, targetCounterId: null }
  return estimateFor({ ...queue, waiting: [...queue.waiting, phantom] }, phantom.id)
}

/** Every waiting ticket of the site at once, from one forecast per tier (for phones following their tickets). */
export function estimateAll(queue: QueueNow): Map<number, WaitEstimate> {
  const result = new Map<number, WaitEstimate>()
  for (const [servingCounters, admits] of TIERS) {
    const left = queue.waiting.filter((t) => !result.has(t.id))
    if (left.length === 0) break
    // Tickets already placed by a better tier still count as ahead of the others.
    const all = forecastAll({ ...queue, counters: queue.counters.filter((c) => admits(c.status)) })
    for (const t of left) {
      const f = all.get(t.id)
      if (f) result.set(t.id, present(queue, { value: f, servingCounters }))
    }
  }
  return result
}

/** The estimate for one ticket row: zero and "open" once it is no longer waiting. */
export async function estimateTicket(r: Repositories, row: { id: number; siteId: number; status: string }, now: number): Promise<WaitEstimate> {
  if (row.status !== STEPS.issue.to) return { ahead: 0, minutes: 0, servingCounters: 'open' }
  return estimateFor(await loadQueueNow(r, row.siteId, now), row.id)
}
