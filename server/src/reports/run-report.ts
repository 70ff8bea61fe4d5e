/**
 * One report: checks the query, reads the facts of the range (cached per finished day, live for
 * today) and aggregates them. The HTTP routes, the exports and the benchmark all call `runReport`.
 */
import { MAX_REPORT_DAYS, type ReportQuery, type ReportSummary } from '../../../shared/reports.js'
import { DomainError } from '../domain/errors.js'
import { aggregate } from './aggregate.js'
import { loadFacts } from './facts.js'
import type { ReportSource } from './source.js'
import { openTimes, outcomesByStaffDay, staffDays } from './staff-figures.js'
import { LocalClock, addDays, dayNumber, isCalendarDay, serviceDayOf } from '../../../shared/local-time.js'

function checkDate(value: unknown, name: string): string {
  if (!isCalendarDay(value)) {
    throw new DomainError('report_bad_date', `${name} must be a date written YYYY-MM-DD, got ${JSON.stringify(value)}`, 400)
  }
  return value
}

const VI_NAMES = new Intl.Collator('vi')

/** A report's range, checked: real dates, in order, at most a year. Throws the report's codes. */
export function checkRange(query: { from: unknown; to: unknown }): { from: string; to: string; days: number } {
  const from = checkDate(query.from, 'from')
  const to = checkDate(query.to, 'to')
  if (to < from) throw new DomainError('report_range_reversed', `to (${to}) is before from (${from})`, 400)
  const days = dayNumber(to) - dayNumber(from) + 1
  if (days > MAX_REPORT_DAYS) {
    throw new DomainError('report_range_too_long', `A report covers at most ${MAX_REPORT_DAYS} days; this one asks for ${days}`, 400)
  }
  return { from, to, days }
}

/**
 * Computes every figure of a report. Throws a DomainError (400) with a stable code for a bad
 * query: `report_bad_date`, `report_range_reversed`, `report_range_too_long`, `report_unknown_filter`.
 * `now` decides which service day is today (never cached). On SQLite, run it inside the store's
 * `read` (see source.ts).
 */
export async function runReport(source: ReportSource, siteId: number, query: ReportQuery, now: number = Date.now()): Promise<ReportSummary> {
  const { from, to, days } = checkRange(query)
  const site = await source.site(siteId)
  if (!site) throw new DomainError('not_found', `Site ${siteId} does not exist`, 404)
  const known = await source.lookups(siteId)
  // In Vietnamese order (Đ after D, accents after the plain letter), which neither engine's byte order is.
  known.staff.sort((a, b) => VI_NAMES.compare(a.displayName, b.displayName) || a.id - b.id)
  const filters = {
    serviceId: query.serviceId ?? null,
    counterId: query.counterId ?? null,
    staffId: query.staffId ?? null,
    priorityGroupId: query.priorityGroupId ?? null,
  }
  const check = (id: number | null, list: { id: number }[], name: string) => {
    if (id !== null && !list.some((x) => x.id === id)) throw new DomainError('report_unknown_filter', `No ${name} ${id} at this site`, 400)
  }
  check(filters.serviceId, known.services, 'service')
  check(filters.counterId, known.counters, 'counter')
  check(filters.staffId, known.staff, 'staff member')
  check(filters.priorityGroupId, known.priorityGroups, 'priority group')

  const clock = new LocalClock(site.timeZone)
  const facts = await loadFacts(source, siteId, from, to, serviceDayOf(now, site.timeZone), clock, now)
  const result = aggregate({
    from,
    to,
    days: facts,
    filters,
    targetMs: new Map(known.services.map((s) => [s.id, s.targetWaitMinutes * 60_000])),
    order: {
      service: known.services.map((s) => s.id),
      counter: known.counters.map((c) => c.id),
      staff: known.staff.map((s) => s.id),
      priorityGroup: known.priorityGroups.map((g) => g.id),
    },
  })
  const changes = await source.counterChanges(siteId, clock.startOfDay(from), Math.min(clock.startOfDay(addDays(to, 1)), now + 1))
  const open = openTimes(
    changes,
    facts.map((d) => d.day),
    clock,
    now,
    filters.counterId,
  )
  const outcomes = outcomesByStaffDay(await source.staffOutcomes(siteId, from, to), filters.counterId)
  const staff = staffDays(
    facts,
    open,
    filters,
    known.staff.map((s) => s.id),
    outcomes,
  )
  return { query: { from, to, ...filters }, timeZone: site.timeZone, siteName: site.name, days, ...result, staffDays: staff, lookups: known }
}
