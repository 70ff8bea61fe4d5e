/**
 * The report's medians, 90th percentiles, means and maxima are exact, whatever the durations:
 * aggregate() finds ranks through histogram buckets and sorts only the buckets that hold them, so
 * it is checked here against sorting each group's durations in full, on generated facts full of
 * the awkward cases (ties, values on bucket edges, one-entry groups, durations of days).
 */
import t, { type Test } from 'tap'
import type { DurationStats, ReportRow } from '../../shared/reports.js'
import { aggregate, type Filters } from '../../server/src/reports/aggregate.js'
import { seededRandom } from '../helpers/random.js'
import { F, FIELDS, HOUR_SHIFT, ORIGIN, STATUS_CODE, type DayFacts } from '../../server/src/reports/facts.js'

interface Entry {
  day: string
  service: number
  counter: number
  staff: number
  group: number
  hour: number
  wait: number
  serviceTime: number
}

/** Durations drawn to hit bucket edges, ties and long tails. */
function duration(rand: () => number): number {
  const pick = rand()
  if (pick < 0.1) return -1
  if (pick < 0.2) return Math.floor(rand() * 40) * 1024 // exactly on 1.024 s edges, many ties
  if (pick < 0.3) return 2 ** Math.floor(rand() * 31) - Math.floor(rand() * 2) // powers of two and one below
  if (pick < 0.32) return 2 ** 31 - 1 - Math.floor(rand() * 5) // the largest int32 values
  if (pick < 0.4) return 300_000 // a heavy tie at five minutes
  return Math.floor(Math.exp(8 + rand() * 8)) // log-uniform, 3 s to 2.5 h
}

function makeEntries(seed: number, count: number): Entry[] {
  const rand = seededRandom(seed)
  const days = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-20', '2026-11-23']
  const entries: Entry[] = []
  for (let i = 0; i < count; i++) {
    entries.push({
      day: days[Math.floor(rand() * days.length)]!,
      service: 1 + Math.floor(rand() * 6),
      // Counter 40 and staff 99 are rare: groups of one or two entries.
      counter: rand() < 0.003 ? 40 : Math.floor(rand() * 9),
      staff: rand() < 0.003 ? 99 : Math.floor(rand() * 12),
      group: rand() < 0.8 ? 0 : 1 + Math.floor(rand() * 3),
      hour: 7 + Math.floor(rand() * 10),
      wait: duration(rand),
      serviceTime: duration(rand),
    })
  }
  return entries.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
}

function toFacts(entries: Entry[]): DayFacts[] {
  const byDay = new Map<string, Entry[]>()
  for (const e of entries) byDay.set(e.day, [...(byDay.get(e.day) ?? []), e])
  return [...byDay].map(([day, list]) => {
    const facts = new Int32Array(list.length * FIELDS)
    list.forEach((e, i) => {
      const at = i * FIELDS
      facts[at + F.service] = e.service
      facts[at + F.counter] = e.counter
      facts[at + F.staff] = e.staff
      facts[at + F.priorityGroup] = e.group
      facts[at + F.flags] = STATUS_CODE[e.serviceTime >= 0 ? 'done' : 'no_show'] | ORIGIN | (e.hour << HOUR_SHIFT)
      facts[at + F.wait] = e.wait
      facts[at + F.service_time] = e.serviceTime
    })
    return { day, facts }
  })
}

/** The plain way: sort the group's values and interpolate between closest ranks. */
function expected(values: number[]): DurationStats {
  if (values.length === 0) return { count: 0, mean: null, median: null, p90: null, max: null }
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p: number) => {
    const h = (sorted.length - 1) * p
    const lo = Math.floor(h)
    const a = sorted[lo]!
    const b = sorted[Math.min(lo + 1, sorted.length - 1)]!
    return Math.round(a + (h - lo) * (b - a))
  }
  const sum = sorted.reduce((s, v) => s + v, 0)
  return { count: sorted.length, mean: Math.round(sum / sorted.length), median: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1]! }
}

const NO_FILTER: Filters = { serviceId: null, counterId: null, staffId: null, priorityGroupId: null }

function check(t: Test, entries: Entry[], filters: Filters) {
  const kept = entries.filter(
    (e) =>
      (filters.serviceId === null || e.service === filters.serviceId) &&
      (filters.counterId === null || e.counter === filters.counterId) &&
      (filters.staffId === null || e.staff === filters.staffId) &&
      (filters.priorityGroupId === null || e.group === filters.priorityGroupId),
  )
  const r = aggregate({
    from: '2026-11-16',
    to: '2026-11-23',
    days: toFacts(entries),
    filters,
    targetMs: new Map(),
    order: { service: [], counter: [], staff: [], priorityGroup: [] },
  })
  const breakdowns: [string, ReportRow[], (e: Entry) => number][] = [
    ['service', r.byService, (e) => e.service],
    ['counter', r.byCounter, (e) => e.counter],
    ['staff', r.byStaff, (e) => e.staff],
    ['priority group', r.byPriorityGroup, (e) => e.group],
    ['hour', r.byHour, (e) => e.hour],
  ]
  let compared = 0
  const same = (name: string, actual: { wait: DurationStats; service: DurationStats }, list: Entry[]) => {
    t.same(actual.wait, expected(list.map((e) => e.wait).filter((v) => v >= 0)), `${name}: wait`)
    t.same(actual.service, expected(list.map((e) => e.serviceTime).filter((v) => v >= 0)), `${name}: service time`)
    compared++
  }
  same('all', r.totals, kept)
  for (const [dim, rows, keyOf] of breakdowns) {
    for (const row of rows)
      same(
        `${dim} ${row.key}`,
        row,
        kept.filter((e) => keyOf(e) === (row.key ?? 0)),
      )
  }
  return compared
}

t.test('every group of every breakdown has the exact figures of a full sort', async (t) => {
  for (const seed of [1, 2, 3]) {
    const entries = makeEntries(seed, 6000)
    const compared = check(t, entries, NO_FILTER)
    t.ok(compared > 40, `seed ${seed}: ${compared} groups compared`)
  }
})

t.test('the figures stay exact under each filter', async (t) => {
  const entries = makeEntries(7, 4000)
  check(t, entries, { ...NO_FILTER, serviceId: 3 })
  check(t, entries, { ...NO_FILTER, counterId: 40 })
  check(t, entries, { ...NO_FILTER, staffId: 5, priorityGroupId: 0 })
})

t.test('a single entry, and every value the same', async (t) => {
  const one = makeEntries(11, 1)
  check(t, one, NO_FILTER)
  const tied = makeEntries(12, 500).map((e) => ({ ...e, wait: 300_000, serviceTime: 0 }))
  check(t, tied, NO_FILTER)
})
