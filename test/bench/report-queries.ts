/**
 * Child process of the bench (see reports.ts): a year of history on a temporary database, then
 * every report timed: first run (nothing cached: the per-day facts are built) and again (warm).
 * Prints `progress …` lines and, last, one JSON line with the result.
 */
import { rmSync } from 'node:fs'
import { now } from './lib/clock.js'
import { median, max, round } from './lib/stats.js'
import type * as ReportsModule from '../../server/src/reports/run-report.js'
import type * as HistoryModule from '../../server/src/reports/history.js'

/** With `databaseUrl` (an empty PostgreSQL database), the same on PostgreSQL; the seed is copied from the SQLite file. */
const input = JSON.parse(process.argv[2] ?? '{}') as { databasePath: string; tickets: number; days: number; repeats: number; databaseUrl?: string }

type Reports = typeof ReportsModule
type History = typeof HistoryModule
let runReport: Reports['runReport']
let generateHistory: History['generateHistory']
try {
  ;({ runReport } = (await import('../../server/src/reports/run-report.js')) as Reports)
  ;({ generateHistory } = (await import('../../server/src/reports/history.js')) as History)
} catch (err) {
  console.log(JSON.stringify({ skipped: `server/src/reports is not there yet (${err instanceof Error ? err.message.split('\n')[0] : String(err)})` }))
  process.exit(0)
}
const { openStorage } = await import('../../server/src/db/client.js')
const { openDatabase, sqliteDatabase } = await import('../../server/src/db/open.js')
const { sqliteSql, pgSql } = await import('../../server/src/reports/sql.js')
const { seedIfEmpty } = await import('../../server/src/db/seed.js')
const { sqliteStore } = await import('../../server/src/db/sqlite/store.js')
const { reportSourceOf } = await import('../../server/src/reports/source.js')
const { presetRange, REPORT_PRESETS } = await import('../../shared/reports.js')
const { serviceDayOf } = await import('../../shared/local-time.js')

rmSync(input.databasePath, { force: true })
const storage = openStorage(input.databasePath)
let database = sqliteDatabase(storage)
try {
  const seeded = await seedIfEmpty(sqliteStore(storage), { now: Date.now(), demo: true, adminPassword: 'bench-password-123' })
  const siteId = seeded?.siteId ?? 1
  // Working days in a year: weekdays less the fixed holidays the generator skips.
  const workingDays = Math.round((input.days * 5) / 7) - 4
  if (input.databaseUrl) {
    const { SEED_TABLES, copyTable } = await import('../reports/copy-to-pg.js')
    database = await openDatabase({ url: input.databaseUrl, path: '' })
    for (const table of SEED_TABLES) await copyTable(storage.sqlite, database.pg!, table)
  }
  const t0 = now()
  const history = await generateHistory(database, { siteId, days: input.days, ticketsPerDay: Math.ceil(input.tickets / workingDays), seed: 42 })
  const generateS = round((now() - t0) / 1000, 1)
  console.log(
    `progress generated ${history.tickets} tickets over ${history.workingDays} working days (${history.firstDay} – ${history.lastDay}) in ${generateS} s`,
  )

  const sql = database.pg ? pgSql(database.pg) : sqliteSql(storage.sqlite)
  const first = async (text: string) => (await sql.rows<[number]>(text, [siteId]))[0]?.[0] ?? null
  const serviceId = await first('select id from services where site_id = $1 order by id')
  const counterId = await first('select id from counters where site_id = $1 order by number')
  const staffId = await first('select staff_id from tickets where site_id = $1 and staff_id is not null limit 1')
  const priorityGroupId = await first('select id from priority_groups where site_id = $1 order by id')
  // The history ends yesterday: reports are asked as on the day after it, as a manager would.
  const today = serviceDayOf(Date.now(), 'Asia/Ho_Chi_Minh')
  const year = { from: history.firstDay, to: history.lastDay }
  const queries: [string, Parameters<typeof runReport>[2]][] = [
    ...REPORT_PRESETS.map((p) => [`preset ${p}`, presetRange(p, today)] as [string, Parameters<typeof runReport>[2]]),
    ['whole year', year],
    ['whole year, one service', { ...year, serviceId }],
    ['whole year, one counter', { ...year, counterId }],
    ['whole year, one staff member', { ...year, staffId }],
    ['whole year, one priority group', { ...year, priorityGroupId }],
  ]

  const source = reportSourceOf(database)
  const results = []
  for (const [name, query] of queries) {
    let cpuMs = 0
    const time = async () => {
      const s = now()
      const c = process.cpuUsage()
      await runReport(source, siteId, query)
      const used = process.cpuUsage(c)
      cpuMs = Math.max(cpuMs, (used.user + used.system) / 1000)
      return now() - s
    }
    // The first run of a range builds and caches the per-day facts it has not seen yet.
    const firstMs = await time()
    const warm: number[] = []
    for (let i = 0; i < input.repeats; i++) warm.push(await time())
    const r = { name, firstMs: round(firstMs), medianMs: round(median(warm)), maxMs: round(max([firstMs, ...warm])), maxCpuMs: round(cpuMs) }
    console.log(`progress ${name}: first ${r.firstMs} ms, then median ${r.medianMs} ms (CPU at most ${r.maxCpuMs} ms)`)
    results.push(r)
  }
  console.log(JSON.stringify({ tickets: history.tickets, days: input.days, generateS, queries: results }))
} finally {
  if (input.databaseUrl) await database.close()
  storage.close()
  for (const suffix of ['', '-wal', '-shm']) rmSync(input.databasePath + suffix, { force: true })
}
