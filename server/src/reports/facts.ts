/**
 * Report facts: one packed record per ticket entry, computed in SQL from the tickets and events
 * tables, grouped by service day.
 *
 * Why packed records and a per-day cache: a year of a large centre is 500,000 entries. SQLite's
 * percentile aggregates sort once per group and per breakdown (measured: about half a second per
 * breakdown on such a year), and handing 500,000 rows to JavaScript costs more still. A finished
 * day never changes, so its records are kept in `report_days` as one blob, checked against the
 * day's highest ticket id on every report and rebuilt when it differs. Tickets are never deleted
 * and ids only grow, so a day that gains a ticket (a transfer, generated history) gets a new highest
 * id; a ticket changes after it is created only while it is open, a rating is taken only on the
 * ticket's own service day, and today, and any day with tickets still open, is always read live. The check is two index seeks per day, so a year of
 * cached days costs about a millisecond, not a read of every ticket.
 */
import type { Database } from 'better-sqlite3'
import type { Db } from '../db/client.js'
import { TICKET_STATUSES, type TicketStatus } from '../../../shared/constants.js'
import { LIVE_STATUSES, STEPS } from '../../../shared/lifecycle.js'
import { addDays, dayNumber, type LocalClock } from '../../../shared/local-time.js'

/** Int32 fields per entry. Change FORMAT whenever the layout changes: cached days rebuild. */
export const FIELDS = 9
/**
 * The layout's version, folded with the list of statuses: a status code is its index in that list,
 * so a status added or moved changes the format and cached days rebuild.
 */
export const FORMAT = formatOf(2, TICKET_STATUSES)
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
  /** Start → finish in ms for served entries; -1 otherwise. */
  service_time: 6,
  recalls: 7,
  /** The citizen's satisfaction rating, 1–4; 0 when not rated. */
  rating: 8,
} as const
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

/** SQL list of statuses, from the lifecycle table (its names are plain identifiers). */
function sqlList(statuses: readonly TicketStatus[]): string {
  return statuses.map((s) => `'${s}'`).join(', ')
}

const INT32_MAX = 2 ** 31 - 1

/** The better-sqlite3 handle under drizzle: reports use prepared statements and blobs directly. */
export function sqliteOf(db: Db): Database {
  const client = (db as unknown as { $client?: Database }).$client
  if (!client) throw new Error('reports need a drizzle database opened on better-sqlite3')
  return client
}

export interface DayFacts {
  day: string
  facts: Int32Array
}

type FactRow = [
  day: string,
  service: number,
  counter: number,
  staff: number,
  group: number,
  status: TicketStatus,
  origin: number,
  returned: number,
  queuedAt: number,
  wait: number | null,
  serviceTime: number | null,
  recalls: number,
  rating: number,
]

/**
 * The entries of the given days, straight from tickets and events. The first call of an entry
 * that was absent and came back is in the event log (its row holds the latest call only); only
 * those few entries are looked up there.
 */
function factRows(sqlite: Database, siteId: number, days: string[], clock: LocalClock): FactRow[] {
  const first = days[0]
  const last = days[days.length - 1]
  if (!first || !last) return []
  const contiguous = dayNumber(last) - dayNumber(first) + 1 === days.length
  const dayFilter = contiguous ? 't.service_day between ? and ?' : `t.service_day in (${days.map(() => '?').join(',')})`
  const sql = `
    with returned as materialized (
      -- No-shows returned to the queue (a ticket sent back by a counter's release was never absent).
      select distinct ticket_id as id from events
      where site_id = ? and type = '${STEPS.return.event}' and from_status in (${sqlList(STEPS.return.from)}) and at >= ? and at < ?
    ), first_call as materialized (
      select e.ticket_id as id, min(e.at) as at from returned r
      join events e on e.ticket_id = r.id and e.type = '${STEPS.call.event}'
      group by e.ticket_id
    )
    select t.service_day, t.service_id, coalesce(t.counter_id, 0), coalesce(t.staff_id, 0), coalesce(t.priority_group_id, 0),
      t.status, t.transferred_from_id is null, fc.id is not null, t.queued_at,
      coalesce(fc.at, t.called_at) - t.queued_at,
      case when t.status = '${STEPS.finish.to}' then t.finished_at - t.serving_at end,
      t.recall_count, coalesce(r.score, 0)
    from tickets t left join first_call fc on fc.id = t.id left join ratings r on r.ticket_id = t.id
    where t.site_id = ? and ${dayFilter}
    order by t.service_day, t.id`
  // A return happens on its ticket's own service day; a day's margin either side is plenty.
  const lo = clock.startOfDay(addDays(first, -1))
  const hi = clock.startOfDay(addDays(last, 2))
  const args = contiguous ? [first, last] : days
  return sqlite
    .prepare(sql)
    .raw()
    .all(siteId, lo, hi, siteId, ...args) as FactRow[]
}

function clampMs(ms: number | null): number {
  if (ms === null) return -1
  return Math.max(0, Math.min(INT32_MAX, Math.round(ms)))
}

/** Computes the facts of the given days (sorted), live from the tables. Days without tickets are left out. */
export function buildFacts(sqlite: Database, siteId: number, days: string[], clock: LocalClock): DayFacts[] {
  const rows = factRows(sqlite, siteId, days, clock)
  const out: DayFacts[] = []
  let i = 0
  while (i < rows.length) {
    const day = rows[i]![0]
    let j = i
    while (j < rows.length && rows[j]![0] === day) j++
    const facts = new Int32Array((j - i) * FIELDS)
    const offset = clock.offsetOnDay(dayNumber(day))
    for (let k = i; k < j; k++) {
      const [, service, counter, staff, group, status, origin, returned, queuedAt, wait, serviceTime, recalls, rating] = rows[k]!
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
export function loadFacts(sqlite: Database, siteId: number, from: string, to: string, today: string, clock: LocalClock, now: number): DayFacts[] {
  // The days that have tickets, each with its highest ticket id: one seek to the next day and one
  // to that day's last ticket, both in the tickets_day index.
  const fingerprints = sqlite
    .prepare(
      `with recursive d(day) as (
         select min(service_day) from tickets where site_id = @site and service_day >= @from
         union all
         select (select min(service_day) from tickets where site_id = @site and service_day > d.day) from d where d.day <= @to
       )
       select day, (select max(id) from tickets where site_id = @site and service_day = d.day) from d where day <= @to`,
    )
    .raw()
    .all({ site: siteId, from, to }) as [string, number][]
  if (fingerprints.length === 0) return []
  const live = new Set(
    (
      sqlite
        .prepare(
          // Few tickets are open at any time: found through the queue index, whatever the range.
          // (no DISTINCT: with it, SQLite walks the day index instead, reading every ticket of the site)
          `select service_day from tickets where site_id = ? and status in (${sqlList(LIVE_STATUSES)})`,
        )
        .pluck()
        .all(siteId) as string[]
    ).concat(fingerprints.filter(([day]) => day >= today).map(([day]) => day)),
  )
  const cached = new Map<string, { format: number; maxId: number; facts: Buffer }>()
  for (const [day, format, maxId, facts] of sqlite
    .prepare('select service_day, format, max_ticket_id, facts from report_days where site_id = ? and service_day between ? and ?')
    .raw()
    .all(siteId, from, to) as [string, number, number, Buffer][]) {
    cached.set(day, { format, maxId, facts })
  }

  const result = new Map<string, Int32Array>()
  const missing: string[] = []
  for (const [day, maxId] of fingerprints) {
    const hit = cached.get(day)
    if (!live.has(day) && hit && hit.format === FORMAT && hit.maxId === maxId) {
      result.set(day, int32View(hit.facts))
    } else {
      missing.push(day)
    }
  }
  if (missing.length > 0) {
    const built = buildFacts(sqlite, siteId, missing, clock)
    const maxIdOf = new Map(fingerprints)
    const store = sqlite.prepare(
      `insert into report_days (site_id, service_day, format, ticket_count, max_ticket_id, facts, built_at) values (?, ?, ?, ?, ?, ?, ?)
       on conflict (site_id, service_day) do update set format = excluded.format, ticket_count = excluded.ticket_count,
         max_ticket_id = excluded.max_ticket_id, facts = excluded.facts, built_at = excluded.built_at`,
    )
    sqlite.transaction(() => {
      for (const { day, facts } of built) {
        result.set(day, facts)
        const maxId = maxIdOf.get(day)
        if (live.has(day) || maxId === undefined) continue
        store.run(siteId, day, FORMAT, facts.length / FIELDS, maxId, Buffer.from(facts.buffer, facts.byteOffset, facts.byteLength), now)
      }
    })()
  }
  return fingerprints.map(([day]) => ({ day, facts: result.get(day) ?? new Int32Array(0) }))
}

/** An Int32Array over a blob, copying only when the blob is not 4-byte aligned. */
function int32View(blob: Buffer): Int32Array {
  if (blob.byteOffset % 4 === 0) return new Int32Array(blob.buffer, blob.byteOffset, blob.byteLength >> 2)
  return new Int32Array(new Uint8Array(blob).buffer, 0, blob.byteLength >> 2)
}
