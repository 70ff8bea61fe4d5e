/**
 * The same reports on SQLite and PostgreSQL: the same seeded history generated on both, then every
 * kind of report asked of both must give deep-equal figures, the cache of finished days must hold
 * the same bytes, and two processes building the same days at once must both succeed.
 *
 * Needs a PostgreSQL server: QMS_TEST_PG_URL is a maintenance URL (postgres://postgres@host:port/postgres)
 * on which the test creates its own database and drops it at the end. Without it, the test skips.
 */
import t from 'tap'
import pg from 'pg'
import { openDatabase, sqliteDatabase } from '../../server/src/db/open.js'
import type { Database } from '../../server/src/db/database.js'
import { callSpecific, finish, startServing } from '../../server/src/domain/calls.js'
import { openCounter } from '../../server/src/domain/counter-state.js'
import { issueTicket } from '../../server/src/domain/issue.js'
import { generateHistory } from '../../server/src/reports/history.js'
import { runReport } from '../../server/src/reports/run-report.js'
import { reportSourceOf, type ReportSource } from '../../server/src/reports/source.js'
import type { ReportQuery } from '../../shared/reports.js'
import { FakeClock, type Tap } from '../helpers/build.js'
import { domainFixture } from '../helpers/domain.js'
import { SEED_TABLES, copyTable } from './copy-to-pg.js'

const url = process.env.QMS_TEST_PG_URL
/** Wednesday 25 November 2026 in Hà Nội (UTC+7). */
const TODAY = '2026-11-25'
const local = (hh: number, mm: number) => Date.UTC(2026, 10, 25, hh - 7, mm)

/** A database of its own on the server behind `maintenance`, dropped at teardown. */
async function throwawayDatabase(t: Tap, maintenance: string): Promise<string> {
  const name = `qms_reports_${process.pid}`
  const admin = new pg.Client({ connectionString: maintenance })
  await admin.connect()
  try {
    await admin.query(`drop database if exists ${name}`)
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  t.teardown(async () => {
    const again = new pg.Client({ connectionString: maintenance })
    await again.connect()
    await again.query(`drop database if exists ${name} with (force)`)
    await again.end()
  })
  const target = new URL(maintenance)
  target.pathname = `/${name}`
  return target.toString()
}

async function rows(database: Database, text: string): Promise<unknown[][]> {
  if (database.sqlite) return database.sqlite.sqlite.prepare(text).raw().all() as unknown[][]
  return (await database.pg!.query<unknown[]>({ text, rowMode: 'array' })).rows
}

if (!url) {
  t.plan(0, 'no PostgreSQL server to compare with: set QMS_TEST_PG_URL to a maintenance URL, e.g. postgres://postgres@127.0.0.1:5432/postgres')
} else {
  t.test('reports give the same figures on SQLite and PostgreSQL', async (t) => {
    const clock = new FakeClock(local(7, 0))
    const fx = await domainFixture(t, clock)
    const lite = sqliteDatabase(fx.storage)
    const pgUrl = await throwawayDatabase(t, url)
    const pgsql = await openDatabase({ url: pgUrl, path: '', poolSize: 4 })
    t.teardown(() => pgsql.close())
    for (const table of SEED_TABLES) await copyTable(fx.storage.sqlite, pgsql.pg!, table)

    // The same history on both: 80 days before today, 160 tickets a day, counters added as needed.
    const options = { siteId: 1, days: 80, ticketsPerDay: 160, seed: 7, now: clock.now() }
    const onSqlite = await generateHistory(lite, options)
    const onPg = await generateHistory(pgsql, options)
    t.same(onPg, onSqlite, 'the same days, tickets and events generated')
    t.ok(onSqlite.tickets > 5_000, `a real history: ${onSqlite.tickets} tickets`)
    for (const query of [
      'select * from tickets order by id',
      'select seq, type, ticket_id, counter_id, service_id, from_status, to_status, actor_type, actor_id, at from events order by seq',
      'select id, site_id, ticket_id, counter_id, staff_id, score, scale, channel, at from ratings order by id',
      'select * from number_counters order by service_id, service_day',
      'select id, number, name from counters order by id',
      'select event_seq from sites',
    ]) {
      t.same(await rows(pgsql, query), await rows(lite, query), query)
    }

    // Today, live on SQLite through the domain commands, then copied: one served, one being served,
    // one called, two waiting.
    const staff1 = await fx.staff('canbo1')
    const staff3 = await fx.staff('canbo3')
    const counter1 = (await fx.counter(1)).id
    const counter3 = (await fx.counter(3)).id
    clock.set(local(7, 30))
    await fx.run(openCounter, { counterId: counter1, staffId: Number(staff1.id) }, staff1)
    await fx.run(openCounter, { counterId: counter3, staffId: Number(staff3.id) }, staff3)
    const issued: number[] = []
    for (const [minute, code] of [
      [0, 'DD'],
      [2, 'HT'],
      [4, 'DD'],
      [6, 'CT'],
      [8, 'HT'],
    ] as const) {
      clock.set(local(8, minute))
      issued.push((await fx.run(issueTicket, { serviceId: (await fx.service(code)).id, priorityGroupId: null })).ticket.id)
    }
    const step = async <I>(hh: number, mm: number, command: Parameters<typeof fx.run<I, unknown>>[0], input: I, actor = staff1) => {
      clock.set(local(hh, mm))
      await fx.run(command, input, actor)
    }
    await step(8, 10, callSpecific, { counterId: counter1, ticketId: issued[0]! })
    await step(8, 11, startServing, { counterId: counter1, ticketId: issued[0]! })
    await step(8, 25, finish, { counterId: counter1, ticketId: issued[0]! })
    await step(8, 26, callSpecific, { counterId: counter1, ticketId: issued[2]! })
    await step(8, 27, startServing, { counterId: counter1, ticketId: issued[2]! })
    await step(8, 30, callSpecific, { counterId: counter3, ticketId: issued[1]! }, staff3)
    const sqlite = fx.storage.sqlite
    await copyTable(sqlite, pgsql.pg!, 'tickets', 'where service_day = ?', [TODAY])
    await copyTable(sqlite, pgsql.pg!, 'events', 'where seq > ?', [onEventSeq(await rows(pgsql, 'select event_seq from sites'))])
    await copyTable(sqlite, pgsql.pg!, 'number_counters', 'where service_day = ?', [TODAY])
    await pgsql.pg!.query('update sites set event_seq = $1', [onEventSeq(await rows(lite, 'select event_seq from sites'))])

    const now = local(10, 0)
    const ids = {
      DD: (await fx.service('DD')).id,
      counter3,
      staff: Number(staff3.id),
      group: await fx.group('NCT'),
    }
    const month = { from: '2026-10-01', to: '2026-10-31' }
    const queries: [string, ReportQuery][] = [
      ['October', month],
      ['October again, from the cache', month],
      ['October, one service', { ...month, serviceId: ids.DD }],
      ['October, one counter', { ...month, counterId: ids.counter3 }],
      ['October, one staff member', { ...month, staffId: ids.staff }],
      ['October, one priority group', { ...month, priorityGroupId: ids.group }],
      ['the whole history and today', { from: onSqlite.firstDay, to: TODAY }],
      ['November to today, one service', { from: '2026-11-01', to: TODAY, serviceId: ids.DD }],
      ['today', { from: TODAY, to: TODAY }],
    ]
    const liteSource = reportSourceOf(lite)
    const pgSource = reportSourceOf(pgsql)
    for (const [name, query] of queries) {
      const expected = await runReport(liteSource, 1, query, now)
      t.same(await runReport(pgSource, 1, query, now), expected, name)
      t.ok(expected.totals.issued > 0 && expected.totals.wait.count > 0, `${name}: ${expected.totals.issued} tickets`)
    }
    const today = await runReport(pgSource, 1, { from: TODAY, to: TODAY }, now)
    t.match(today.totals, { issued: 5, served: 1, open: 4 }, 'today is read live: one served, four still open')

    const cacheQuery = 'select site_id, service_day, format, ticket_count, max_ticket_id, facts, built_at from report_days order by service_day'
    const cached = await rows(lite, cacheQuery)
    t.equal(cached.length, onSqlite.workingDays, 'every finished day cached, today not')
    t.same(await rows(pgsql, cacheQuery), cached, 'the same cached facts, byte for byte')

    // Two processes that build the same days at once: both succeed with the same figures.
    await pgsql.pg!.query('delete from report_days')
    const other = await openDatabase({ url: pgUrl, path: '', poolSize: 4 })
    t.teardown(() => other.close())
    const whole = { from: onSqlite.firstDay, to: TODAY }
    const expected = await runReport(liteSource, 1, whole, now)
    // Each builder waits, before it writes, until the other has built too: both find the days missing.
    let built = 0
    let release = () => {}
    const bothBuilt = new Promise<void>((resolve) => (release = resolve))
    const atOnce = (source: ReportSource): ReportSource => ({
      ...source,
      async saveDays(...args) {
        if (++built === 2) release()
        await bothBuilt
        return source.saveDays(...args)
      },
    })
    const both = await Promise.all([runReport(atOnce(pgSource), 1, whole, now), runReport(atOnce(reportSourceOf(other)), 1, whole, now)])
    t.equal(built, 2, 'both built the days')
    t.same(both, [expected, expected], 'two builders at once')
    // Built at `now` this time, not when the history was generated.
    const facts = (r: unknown[][]) => r.map((row) => row.slice(0, -1))
    t.same(facts(await rows(pgsql, cacheQuery)), facts(cached), 'and the cache as one builder leaves it')
  })
}

function onEventSeq(result: unknown[][]): number {
  return Number(result[0]?.[0])
}
