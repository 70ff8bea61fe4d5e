/**
 * Staff figures: per officer and service day, beside the wait-time breakdowns. From the day's facts
 * (facts.ts, cached per finished day like every other figure) and the counters' status changes in the
 * event log (a few per counter and day). Definitions:
 *
 * - served: entries the officer finished `done`;
 * - service time: start → finish of those, without the time they were set aside (mean);
 * - call → start: how long citizens took to reach the counter once called, over entries whose service
 *   started (mean);
 * - open time: while the officer's counter was `open` (from the change that opened it, made by the
 *   officer, to the next pause, close or release). A counter still open at the end of the day it was
 *   opened on counts as open until that day's end (or now, today); a counter opened before the range
 *   starts counts from its first change in the range;
 * - idle time: open time minus the time a ticket held the counter (called or being served: call → end
 *   of every entry that ended at the counter, without the time aside), never below zero; null when no
 *   opening is logged for the officer that day (a day imported without its event log). An absent
 *   citizen who came back holds the counter again from the new call; their first call is not counted;
 * - time aside: the finished stretches the officer's tickets spent set aside (a ticket still aside
 *   when its day closed adds nothing), and how many tickets were set aside at least once;
 * - outcomes: the visits' recorded outcomes by kind (outcomesByStaffDay).
 *
 * The counter and staff filters apply; the service and priority-group filters do not (an officer's open
 * and idle time belong to no one service).
 */
import type { StaffDay } from '../../../shared/reports.js'
import { STATUS_FIGURE } from '../../../shared/reports.js'
import { TICKET_STATUSES } from '../../../shared/lifecycle.js'
import { addDays, type LocalClock } from '../../../shared/local-time.js'
import type { DayFacts } from './facts.js'
import { F, FIELDS, STATUS_MASK } from './facts.js'
import type { CounterChange, StaffOutcomeCount } from './source.js'
import { OUTCOME_KINDS } from '../../../shared/constants.js'

interface Tally {
  served: number
  serviceSum: number
  callToStartCount: number
  callToStartSum: number
  busyMs: number
  asideMs: number
  asideTickets: number
}

/** Open time by day and officer: `${day}:${staffId}` → ms. */
export function openTimes(
  changes: readonly CounterChange[],
  days: readonly string[],
  clock: LocalClock,
  now: number,
  counterId: number | null,
): Map<string, number> {
  const open = new Map<string, number>()
  const add = (staffId: number, from: number, to: number) => {
    // Cut at the end of the day the stretch started on (a counter left open overnight stops there).
    for (const day of days) {
      const start = clock.startOfDay(day)
      const end = Math.min(clock.startOfDay(addDays(day, 1)), now)
      if (from >= start && from < end) {
        const ms = Math.min(to, end) - from
        if (ms > 0) open.set(`${day}:${staffId}`, (open.get(`${day}:${staffId}`) ?? 0) + ms)
        return
      }
    }
  }
  const since = new Map<number, { staffId: number; at: number }>()
  for (const [counter, toStatus, actorId, at] of changes) {
    if (counterId !== null && counter !== counterId) continue
    const current = since.get(counter)
    if (current) {
      add(current.staffId, current.at, at)
      since.delete(counter)
    }
    if (toStatus === 'open' && actorId !== 0) since.set(counter, { staffId: actorId, at })
  }
  for (const current of since.values()) add(current.staffId, current.at, Number.MAX_SAFE_INTEGER)
  return open
}

/**
 * Visits by outcome for each officer's day (outcomes recorded at finish, one per procedure handled),
 * keyed `day:staffId`, in the order of OUTCOME_KINDS; with the counter filter, that counter's only.
 */
export function outcomesByStaffDay(rows: readonly StaffOutcomeCount[], counterId: number | null): Map<string, StaffDay['outcomes']> {
  const counts = new Map<string, Map<string, number>>()
  for (const [day, staffId, counter, outcome, count] of rows) {
    if (counterId !== null && counter !== counterId) continue
    const key = `${day}:${staffId}`
    const byOutcome = counts.get(key) ?? new Map<string, number>()
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + count)
    counts.set(key, byOutcome)
  }
  const out = new Map<string, StaffDay['outcomes']>()
  for (const [key, byOutcome] of counts)
    out.set(
      key,
      OUTCOME_KINDS.filter((o) => byOutcome.has(o)).map((outcome) => ({ outcome, count: byOutcome.get(outcome)! })),
    )
  return out
}

const SERVED = TICKET_STATUSES.map((s) => STATUS_FIGURE[s] === 'served')

/**
 * The staff table: one row per officer and day with anything to show, by day then in the order of
 * `staffOrder` (officers not in it last, by id).
 */
export function staffDays(
  facts: readonly DayFacts[],
  open: Map<string, number>,
  filters: { counterId: number | null; staffId: number | null },
  staffOrder: readonly number[],
  outcomes: Map<string, StaffDay['outcomes']> = new Map(),
): StaffDay[] {
  const rank = new Map(staffOrder.map((id, i) => [id, i]))
  const rows: StaffDay[] = []
  for (const { day, facts: f } of facts) {
    const tallies = new Map<number, Tally>()
    for (let at = 0; at < f.length; at += FIELDS) {
      const staff = f[at + F.staff]!
      if (staff === 0) continue
      if (filters.staffId !== null && staff !== filters.staffId) continue
      if (filters.counterId !== null && f[at + F.counter] !== filters.counterId) continue
      let tally = tallies.get(staff)
      if (!tally) {
        tally = { served: 0, serviceSum: 0, callToStartCount: 0, callToStartSum: 0, busyMs: 0, asideMs: 0, asideTickets: 0 }
        tallies.set(staff, tally)
      }
      const serviceTime = f[at + F.service_time]!
      if (SERVED[f[at + F.flags]! & STATUS_MASK] && serviceTime >= 0) {
        tally.served++
        tally.serviceSum += serviceTime
      }
      const callToStart = f[at + F.call_to_start]!
      if (callToStart >= 0) {
        tally.callToStartCount++
        tally.callToStartSum += callToStart
      }
      const busy = f[at + F.busy]!
      if (busy > 0) tally.busyMs += busy
      const aside = f[at + F.aside]!
      if (aside > 0) {
        tally.asideMs += aside
        tally.asideTickets++
      }
    }
    // Officers whose counter was open that day but who handled no ticket are idle all along.
    for (const key of open.keys()) {
      const [d, id] = key.split(':')
      const staffId = Number(id)
      if (d !== day || tallies.has(staffId) || (filters.staffId !== null && staffId !== filters.staffId)) continue
      tallies.set(staffId, { served: 0, serviceSum: 0, callToStartCount: 0, callToStartSum: 0, busyMs: 0, asideMs: 0, asideTickets: 0 })
    }
    const ids = [...tallies.keys()].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || a - b)
    for (const staffId of ids) {
      const tally = tallies.get(staffId)!
      const openMs = open.get(`${day}:${staffId}`)
      rows.push({
        day,
        staffId,
        served: tally.served,
        serviceMean: tally.served > 0 ? Math.round(tally.serviceSum / tally.served) : null,
        callToStartMean: tally.callToStartCount > 0 ? Math.round(tally.callToStartSum / tally.callToStartCount) : null,
        openMs: openMs ?? 0,
        idleMs: openMs === undefined ? null : Math.max(0, openMs - tally.busyMs),
        asideMs: tally.asideMs,
        asideTickets: tally.asideTickets,
        outcomes: outcomes.get(`${day}:${staffId}`) ?? [],
      })
    }
  }
  return rows
}
