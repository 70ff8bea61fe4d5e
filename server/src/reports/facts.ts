/**
 * Report facts: one packed record per ticket entry, computed in SQL from the tickets and events
 * tables, grouped by service day. The SQL is in source.ts, the same on SQLite and PostgreSQL.
 *
 * Why packed records and a per-day cache: a year of a large centre is 500,000 entries. SQLite's
 * percentile aggregates sort once per group and per breakdown (measured: about half a second per
 * breakdown on such a year), and handing 500,000 rows to JavaScript costs more still. A finished
 * day never changes, so its records are kept in `report_days` as one blob, checked against the
 * day's highest ticket id on every report and rebuilt when it differs. Tickets are never deleted
 * and ids only grow, so a day that gains a ticket (a transfer, generated history) gets a new highest
 * id; a ticket changes after it is created only while it is open, a rating is taken only on the
 * ticket's own service day, and today, and any day with tickets still open, is always read live.
 * The check is two index seeks per day, so a year of cached days costs about a millisecond, not a
 * read of every ticket.
 */
import { TICKET_STATUSES, type TicketStatus } from '../../../shared/constants.js'
import { addDays, dayNumber, type LocalClock } from '../../../shared/local-time.js'
import type { CachedDay, ReportSource } from './source.js'

/** Int32 fields per entry. Change FORMAT whenever the layout changes: cached days rebuild. */
export const FIELDS = 12
/**
 * The layout's version, folded with the list of statuses: a status code is its index in that list,
 * so a status added or moved changes the format and cached days rebuild.
 */
export const FORMAT = formatOf(3, TICKET_STATUSES)
export const F = {
  service: 0,
  /** 0 when never called. */
  counter: 1,
  staff: 2,
  /** 0 for an ordinary ticket. */
  priorityGroup: 3,
  /** status code (STATUS_BITS) | ORIGIN | RETURNED | local hour of the entry << HOUR_SHIFT */
  flags: 4,
  /** Entry → first call in ms; -1 when never called. */
  wait: 5,
  /** Start → finish in ms for served entries, without the time set aside; -1 otherwise. */
  service_time: 6,
  recalls: 7,
  /**
   * The citizen's satisfaction rating on the five-level scale, 1–5 (RATING_LEVEL_MASK), plus
   * RATING_DEVICE when it came from the counter's rating device; 0 when not rated. (Layout 2 held
   * the four-level score 1–4: the format changed with it, so cached days rebuild.)
   */
  rating: 8,
  /** Call → start of service in ms (how long the citizen took to come); -1 when not started. */
  call_to_start: 9,
  /** Time set aside in ms (finished stretches), 0 when never set aside. */
  aside: 10,
  /** Time the entry held its counter in ms, call → end without the time aside, for entries ended at a counter (served, absent, transferred from it); -1 otherwise. */
  busy: 11,
} as const
export const RATING_LEVEL_MASK = 7
export const RATING_DEVICE = 8
/** A status is coded by its index in the lifecycle table: as many bits as the statuses need (8 statuses: 3). */
export const STATUS_BITS = Math.max(1, Math.ceil(Math.log2(TICKET_STATUSES.length)))
export const STATUS_MASK = (1 << STATUS_BITS) - 1
export const ORIGIN = 1 << STATUS_BITS
export const RETURNED = ORIGIN << 1
/** The local hour (0–23) takes 5 bits above RETURNED. */
export const HOUR_SHIFT = STATUS_BITS + 2
export const STATUS_CODE: Record<TicketStatus, number> = Object.fromEntries(TICKET_STATUSES.map((s, i) => [s, i])) as Record<TicketStatus, number>

/** A 31-bit FNV-1a fingerprint of the layout version and the status list. */
function formatOf(layout: number, statuses: readonly string[]): number {
  let h = 0x811c9dc5
  for (const c of `${layout}:${statuses.join(',')}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193)
  return h >>> 1
}

const INT32_MAX = 2 ** 31 - 1

export interface DayFacts {
  day: string
  facts: Int32Array
}

function clampMs(ms: number | null): number {
  if (ms === null) return -1
  return Math.max(0, Math.min(INT32_MAX, Math.round(ms)))
}

/** Computes the facts of the given days (sorted), live from the tables. Days without tickets are left out. */
export async function buildFacts(source: ReportSource, siteId: number, days: string[], clock: LocalClock): Promise<DayFacts[]> {
  const first = days[0]
  const last = days[days.length - 1]
  if (!first || !last) return []
  // A return happens on its ticket's own service day; a day's margin either side is plenty.
  const rows = await source.factRows(siteId, days, clock.startOfDay(addDays(first, -1)), clock.startOfDay(addDays(last, 2)))
  const out: DayFacts[] = []
  let i = 0
  while (i < rows.length) {
    const day = rows[i]![0]
    let j = i
    while (j < rows.length && rows[j]![0] === day) j++
    const facts = new Int32Array((j - i) * FIELDS)
    const offset = clock.offsetOnDay(dayNumber(day))
    for (let k = i; k < j; k++) {
      const [, service, counter, staff, group, status, origin, returned, queuedAt, wait, serviceTime, recalls, rating, callToStart, aside, busy] = rows[k]!
      const hour = Math.floor((queuedAt + offset) / 3_600_000) % 24
      const at = (k - i) * FIELDS
      facts[at + F.service] = service
      facts[at + F.counter] = counter
      facts[at + F.staff] = staff
      facts[at + F.priorityGroup] = group
      facts[at + F.flags] = STATUS_CODE[status] | (origin ? ORIGIN : 0) | (returned ? RETURNED : 0) | (hour << HOUR_SHIFT)
      facts[at + F.wait] = clampMs(wait)
      facts[at + F.service_time] = clampMs(serviceTime)
      facts[at + F.recalls] = recalls
      facts[at + F.rating] = rating
      facts[at + F.call_to_start] = clampMs(callToStart)
      facts[at + F.aside] = clampMs(aside)
      facts[at + F.busy] = clampMs(busy)
    }
    out.push({ day, facts })
    i = j
  }
  return out
}

/**
 * The facts of every day in [from, to] that has tickets, from the cache where it is still valid.
 * `today` is the site's current service day: it and later days, and days with open tickets, are
 * never cached.
 */
export async function loadFacts(
  source: ReportSource,
  siteId: number,
  from: string,
  to: string,
  today: string,
  clock: LocalClock,
  now: number,
): Promise<DayFacts[]> {
  // First the days and their highest ids, then the rest: facts built after the fingerprint was read
  // hold at least its tickets, so a ticket added in between only makes the next report rebuild.
  const fingerprints = await source.dayFingerprints(siteId, from, to)
  if (fingerprints.length === 0) return []
  const [openDays, cachedDays] = await Promise.all([source.openTicketDays(siteId), source.cachedDays(siteId, from, to)])
  const live = new Set(openDays.concat(fingerprints.filter(([day]) => day >= today).map(([day]) => day)))
  const cached = new Map(cachedDays.map((c) => [c.day, c]))

  const result = new Map<string, Int32Array>()
  const missing: string[] = []
  for (const [day, maxId] of fingerprints) {
    const hit = cached.get(day)
    if (!live.has(day) && hit && hit.format === FORMAT && hit.maxTicketId === maxId) {
      result.set(day, int32View(hit.facts))
    } else {
      missing.push(day)
    }
  }
  if (missing.length > 0) {
    const maxIdOf = new Map(fingerprints)
    const finished: CachedDay[] = []
    for (const { day, facts } of await buildFacts(source, siteId, missing, clock)) {
      result.set(day, facts)
      const maxTicketId = maxIdOf.get(day)
      if (live.has(day) || maxTicketId === undefined) continue
      const blob = Buffer.from(facts.buffer, facts.byteOffset, facts.byteLength)
      finished.push({ day, format: FORMAT, ticketCount: facts.length / FIELDS, maxTicketId, facts: blob })
    }
    if (finished.length > 0) await source.saveDays(siteId, finished, now)
  }
  return fingerprints.map(([day]) => ({ day, facts: result.get(day) ?? new Int32Array(0) }))
}

/** An Int32Array over a blob, copying only when the blob is not 4-byte aligned. */
function int32View(blob: Buffer): Int32Array {
  if (blob.byteOffset % 4 === 0) return new Int32Array(blob.buffer, blob.byteOffset, blob.byteLength >> 2)
  return new Int32Array(new Uint8Array(blob).buffer, 0, blob.byteLength >> 2)
}
