/**
 * Everything the reports read from the database, and the one thing they write (the cache of
 * finished days), on SQLite or PostgreSQL. The SQL is written once for both engines (see sql.ts)
 * and chosen so that both give the same rows in the same order: integers only (no division, no
 * booleans), ORDER BY on non-null columns with the id last, and service days compared as text,
 * which every collation orders as their bytes since they are all written YYYY-MM-DD.
 */
import type { ReportLookups } from '../../../shared/reports.js'
import type { TicketStatus } from '../../../shared/constants.js'
import { LIVE_STATUSES, STEPS } from '../../../shared/lifecycle.js'
import { dayNumber } from '../../../shared/local-time.js'
import { SATISFIED_LEVEL } from '../../../shared/ratings.js'
import type { Database } from '../db/database.js'
import { pgSql, sqliteSql, type Sql } from './sql.js'

export interface ReportSite {
  timeZone: string
  name: string
}

/** One finished day as cached in report_days. */
export interface CachedDay {
  day: string
  format: number
  ticketCount: number
  maxTicketId: number
  facts: Buffer
}

/** One finished day's summary as kept in report_summaries, with the build of the facts it was made from. */
export interface CachedSummary {
  day: string
  format: number
  maxTicketId: number
  key: string
  summary: Buffer
}

export type StaffOutcomeCount = [day: string, staffId: number, counterId: number, outcome: string, count: number]

/** One ticket entry as the reports read it (facts.ts packs it). */
export type FactRow = [
  day: string,
  service: number,
  counter: number,
  staff: number,
  group: number,
  status: TicketStatus,
  /** 1 when the entry is not the result of a transfer. */
  origin: number,
  /** 1 when the entry was absent and came back. */
  returned: number,
  queuedAt: number,
  wait: number | null,
  serviceTime: number | null,
  recalls: number,
  rating: number,
  callToStart: number | null,
  aside: number,
  busy: number | null,
]

/** A counter's status change as the event log has it: who made it, when, to which status. */
export type CounterChange = [counterId: number, toStatus: string, actorId: number, at: number]

export interface ReportSource {
  site(siteId: number): Promise<ReportSite | undefined>
  /** Services, counters and priority groups in display order; staff by id. */
  lookups(siteId: number): Promise<ReportLookups>
  /** The days in [from, to] that have tickets, in order, each with its highest ticket id. */
  dayFingerprints(siteId: number, from: string, to: string): Promise<[day: string, maxTicketId: number][]>
  /** The service day of every ticket still open (waiting, called, serving), repeated. */
  openTicketDays(siteId: number): Promise<string[]>
  /** Every centre's services with their targets, in display order (the province's report). */
  servicesAll(): Promise<{ siteId: number; id: number; code: string; nameVi: string; nameEn: string; targetWaitMinutes: number }[]>
  cachedDays(siteId: number, from: string, to: string): Promise<Omit<CachedDay, 'ticketCount'>[]>
  /** The finished days in [from, to] that have a summary (day-summary.ts), without their facts. */
  cachedSummaries(siteId: number, from: string, to: string): Promise<CachedSummary[]>
  /** Stores days' summaries beside their facts, each only if its facts row is still the build it was made from. */
  saveSummaries(siteId: number, summaries: CachedSummary[]): Promise<void>
  /**
   * The entries of the given days (sorted), by day then ticket id. Returns to the queue are looked
   * for in the event log between `returnsFrom` and `returnsTo` (instants).
   */
  factRows(siteId: number, days: string[], returnsFrom: number, returnsTo: number): Promise<FactRow[]>
  /**
   * The counters' status changes (`counter:updated`) between two instants, in log order: the staff
   * figures' open time. Few per day; found through the events_site_type_at index.
   */
  counterChanges(siteId: number, from: number, to: number): Promise<CounterChange[]>
  /** Ratings of the visits of days in [from, to] by the ticket's service and procedure: count and satisfied. */
  procedureRatings(siteId: number, from: string, to: string): Promise<[serviceId: number, procedureId: number | null, count: number, satisfied: number][]>
  /** Visit outcomes recorded on the tickets of days in [from, to], counted by day, officer, counter and outcome. */
  staffOutcomes(siteId: number, from: string, to: string): Promise<StaffOutcomeCount[]>
  /**
   * Stores finished days, replacing what is there: on PostgreSQL each call is one statement of its
   * own (INSERT … ON CONFLICT DO UPDATE), so two processes that build the same day at once both
   * succeed and the day holds one of two identical builds.
   */
  saveDays(siteId: number, days: CachedDay[], builtAt: number): Promise<void>
}

/** Statuses of entries that ended at a counter (served, absent, or transferred from it once called). */
const ENDED_AT_COUNTER: readonly TicketStatus[] = [STEPS.finish.to, STEPS.noShow.to, STEPS.transfer.to]

/** SQL list of statuses, from the lifecycle table (its names are plain identifiers). */
function sqlList(statuses: readonly TicketStatus[]): string {
  return statuses.map((s) => `'${s}'`).join(', ')
}

/**
 * The days that have tickets, each with its highest ticket id: one seek to the next day and one to
 * that day's last ticket, both in the tickets_day index (a loose index scan, the same on both engines).
 */
const FINGERPRINTS = `
  with recursive d(day) as (
    select min(service_day) from tickets where site_id = $1 and service_day >= $2
    union all
    select (select min(service_day) from tickets where site_id = $1 and service_day > d.day) from d where d.day <= $3
  )
  select day, (select max(id) from tickets where site_id = $1 and service_day = d.day) from d where day <= $3`

/**
 * The entries of a set of days. The first call of an entry that was absent and came back is in the
 * event log (its row holds the latest call only); only those few entries are looked up there.
 */
function factSql(dayFilter: string): string {
  return `
    with returned as materialized (
      -- No-shows returned to the queue (a ticket sent back by a counter's release was never absent).
      select distinct ticket_id as id from events
      where site_id = $1 and type = '${STEPS.return.event}' and from_status in (${sqlList(STEPS.return.from)}) and at >= $2 and at < $3
    ), first_call as materialized (
      select e.ticket_id as id, min(e.at) as at from returned r
      join events e on e.ticket_id = r.id and e.type = '${STEPS.call.event}'
      group by e.ticket_id
    )
    select t.service_day, t.service_id, coalesce(t.counter_id, 0), coalesce(t.staff_id, 0), coalesce(t.priority_group_id, 0),
      t.status, case when t.transferred_from_id is null then 1 else 0 end, case when fc.id is null then 0 else 1 end, t.queued_at,
      coalesce(fc.at, t.called_at) - t.queued_at,
      case when t.status = '${STEPS.finish.to}' then t.finished_at - t.serving_at - t.aside_ms end,
      t.recall_count, coalesce(r.score + case when r.channel = 'device' then 8 else 0 end, 0),
      t.serving_at - t.called_at,
      t.aside_ms,
      case when t.status in (${sqlList(ENDED_AT_COUNTER)}) and t.called_at is not null then t.finished_at - t.called_at - t.aside_ms end
    from tickets t left join first_call fc on fc.id = t.id left join ratings r on r.ticket_id = t.id
    where t.site_id = $1 and ${dayFilter}
    order by t.service_day, t.id`
}

const CACHE_COLUMNS = ['site_id', 'service_day', 'format', 'ticket_count', 'max_ticket_id', 'facts', 'built_at']
const CACHE_UPSERT = `on conflict (site_id, service_day) do update set format = excluded.format, ticket_count = excluded.ticket_count,
  max_ticket_id = excluded.max_ticket_id, facts = excluded.facts, built_at = excluded.built_at`
/** Keeps a summary only if the facts row it was made from is still that build (a rebuild deletes it). */
const SUMMARY_UPSERT = `on conflict (site_id, service_day) do update set format = excluded.format,
  max_ticket_id = excluded.max_ticket_id, summary_key = excluded.summary_key, summary = excluded.summary`

export function reportSource(sql: Sql): ReportSource {
  return {
    async site(siteId) {
      const [row] = await sql.rows<[string, string]>('select time_zone, name from sites where id = $1', [siteId])
      return row && { timeZone: row[0], name: row[1] }
    },

    async lookups(siteId) {
      const [services, counters, staff, priorityGroups] = await Promise.all([
        sql.rows<[number, string, string, string, number]>(
          'select id, code, name_vi, name_en, target_wait_minutes from services where site_id = $1 order by sort_order, id',
          [siteId],
        ),
        sql.rows<[number, number, string]>('select id, number, name from counters where site_id = $1 order by number, id', [siteId]),
        // Everyone who can call tickets; managers and administrators sometimes sit at a counter too.
        // The centre's own people and those on rotation there: both serve its citizens.
        sql.rows<[number, string, string]>(
          'select id, display_name, username from users where site_id = $1 or id in (select user_id from assignments where site_id = $1) order by id',
          [siteId],
        ),
        sql.rows<[number, string, string, string]>('select id, code, name_vi, name_en from priority_groups where site_id = $1 order by sort_order, id', [
          siteId,
        ]),
      ])
      return {
        services: services.map(([id, code, nameVi, nameEn, targetWaitMinutes]) => ({ id, code, nameVi, nameEn, targetWaitMinutes })),
        counters: counters.map(([id, number, name]) => ({ id, number, name })),
        staff: staff.map(([id, displayName, username]) => ({ id, displayName, username })),
        priorityGroups: priorityGroups.map(([id, code, nameVi, nameEn]) => ({ id, code, nameVi, nameEn })),
      }
    },

    dayFingerprints: (siteId, from, to) => sql.rows(FINGERPRINTS, [siteId, from, to]),

    async openTicketDays(siteId) {
      // Few tickets are open at any time: found through the queue index, whatever the range.
      // (no DISTINCT: with it, SQLite walks the day index instead, reading every ticket of the site)
      const rows = await sql.rows<[string]>(`select service_day from tickets where site_id = $1 and status in (${sqlList(LIVE_STATUSES)})`, [siteId])
      return rows.map(([day]) => day)
    },

    async servicesAll() {
      const rows = await sql.rows<[number, number, string, string, string, number]>(
        'select site_id, id, code, name_vi, name_en, target_wait_minutes from services order by site_id, sort_order, id',
      )
      return rows.map(([siteId, id, code, nameVi, nameEn, targetWaitMinutes]) => ({ siteId, id, code, nameVi, nameEn, targetWaitMinutes }))
    },

    async cachedDays(siteId, from, to) {
      const rows = await sql.rows<[string, number, number, Buffer]>(
        'select service_day, format, max_ticket_id, facts from report_days where site_id = $1 and service_day between $2 and $3',
        [siteId, from, to],
      )
      return rows.map(([day, format, maxTicketId, facts]) => ({ day, format, maxTicketId, facts }))
    },

    async cachedSummaries(siteId, from, to) {
      const rows = await sql.rows<[string, number, number, string, Buffer]>(
        'select service_day, format, max_ticket_id, summary_key, summary from report_summaries where site_id = $1 and service_day between $2 and $3',
        [siteId, from, to],
      )
      return rows.map(([day, format, maxTicketId, key, summary]) => ({ day, format, maxTicketId, key, summary }))
    },

    async saveSummaries(siteId, summaries) {
      if (sql.kind === 'postgres') {
        // One statement for many days: a row at a time is a round trip each.
        for (let start = 0; start < summaries.length; start += 5_000) {
          const part = summaries.slice(start, start + 5_000)
          await sql.rows(
            `insert into report_summaries (site_id, service_day, format, max_ticket_id, summary_key, summary)
             select r.site_id, r.service_day, r.format, r.max_ticket_id, v.key, v.summary
             from unnest($2::text[], $3::int[], $4::int[], $5::text[], $6::bytea[]) as v(day, format, max_ticket_id, key, summary)
             join report_days r on r.site_id = $1 and r.service_day = v.day and r.format = v.format and r.max_ticket_id = v.max_ticket_id
             ${SUMMARY_UPSERT}`,
            [siteId, ...(['day', 'format', 'maxTicketId', 'key', 'summary'] as const).map((k) => part.map((s) => s[k]))],
          )
        }
        return
      }
      await sql.batch(async () => {
        for (const s of summaries) {
          await sql.rows(
            `insert into report_summaries (site_id, service_day, format, max_ticket_id, summary_key, summary)
             select site_id, service_day, format, max_ticket_id, $1, $2 from report_days
             where site_id = $3 and service_day = $4 and format = $5 and max_ticket_id = $6
             ${SUMMARY_UPSERT}`,
            [s.key, s.summary, siteId, s.day, s.format, s.maxTicketId],
          )
        }
      })
    },

    factRows(siteId, days, returnsFrom, returnsTo) {
      const first = days[0]
      const last = days[days.length - 1]
      if (!first || !last) return Promise.resolve([])
      // A range of days is two seeks in tickets_day; scattered days (some cached) are listed.
      if (dayNumber(last) - dayNumber(first) + 1 === days.length) {
        return sql.rows(factSql('t.service_day between $4 and $5'), [siteId, returnsFrom, returnsTo, first, last])
      }
      return sql.rows(factSql(`t.service_day in (${days.map((_, i) => `$${i + 4}`).join(', ')})`), [siteId, returnsFrom, returnsTo, ...days])
    },

    counterChanges(siteId, from, to) {
      return sql.rows<CounterChange>(
        `select counter_id, to_status, coalesce(actor_id, 0), at from events
         where site_id = $1 and type = 'counter:updated' and at >= $2 and at < $3 and counter_id is not null and to_status is not null
         order by seq`,
        [siteId, from, to],
      )
    },

    procedureRatings(siteId, from, to) {
      return sql.rows(
        `select t.service_id, t.procedure_id, count(*), sum(case when r.score >= ${SATISFIED_LEVEL} then 1 else 0 end) from ratings r join tickets t on t.id = r.ticket_id
         where t.site_id = $1 and t.service_day between $2 and $3
         group by t.service_id, t.procedure_id order by t.service_id, t.procedure_id`,
        [siteId, from, to],
      )
    },

    staffOutcomes(siteId, from, to) {
      return sql.rows<StaffOutcomeCount>(
        `select t.service_day, o.staff_id, coalesce(o.counter_id, 0), o.outcome, count(*) from visit_outcomes o join tickets t on t.id = o.ticket_id
         where o.site_id = $1 and t.site_id = $1 and t.service_day between $2 and $3 and o.staff_id is not null
         group by t.service_day, o.staff_id, coalesce(o.counter_id, 0), o.outcome
         order by t.service_day, o.staff_id, coalesce(o.counter_id, 0), o.outcome`,
        [siteId, from, to],
      )
    },

    async saveDays(siteId, days, builtAt) {
      const rows = days.map((d) => [siteId, d.day, d.format, d.ticketCount, d.maxTicketId, d.facts, builtAt])
      await sql.batch(async () => {
        await sql.insert('report_days', CACHE_COLUMNS, rows, CACHE_UPSERT)
        // Facts built again make the day's summary stale: it is made again from them.
        if (sql.kind === 'postgres') {
          await sql.rows('delete from report_summaries where site_id = $1 and service_day = any($2::text[])', [siteId, days.map((d) => d.day)])
        } else {
          for (const d of days) await sql.rows('delete from report_summaries where site_id = $1 and service_day = $2', [siteId, d.day])
        }
      })
    },
  }
}

/**
 * The reports' source on the server's database. SQLite: the one connection (run it inside the
 * store's `read`, so that no write transaction is open). PostgreSQL: the pool, each statement on its
 * own, so the cache is written outside any report's read.
 */
export function reportSourceOf(database: Database): ReportSource {
  if (database.sqlite) return reportSource(sqliteSql(database.sqlite.sqlite))
  if (database.pg) return reportSource(pgSql(database.pg))
  throw new Error(`no connection to read reports from on ${database.kind}`)
}
