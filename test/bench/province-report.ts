/**
 * Child process of the bench (see reports.ts): a province of `centres` centres with a year of
 * history on a temporary SQLite file (the provincial centre as busy as the centre bench's, the
 * communes as a commune is: DOMAIN.md), then the province's side-by-side report over the year,
 * timed first (per-day facts and summaries built from the tickets, once in a system's life: after
 * that each day is summarized as it ends), then by new processes on the same file (a restart: the
 * summaries read from report_summaries), then warm, whole and for one field. A restart is timed
 * twice: a report asked the moment the process has opened the file, before anything else ran (the
 * worst case), and as the server does it: its start-up first reads the kept summaries
 * (warmSummaries, as routes/province.ts at onReady), timed, then the report. Prints `progress …`
 * lines and, last, one JSON line with the result. With `restart` in its input it is such a new
 * process: it times one report of each kind on the existing file and prints their times.
 */
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { now } from './lib/clock.js'
import { median, max, round } from './lib/stats.js'

const input = JSON.parse(process.argv[2] ?? '{}') as {
  databasePath: string
  centres: number
  days: number
  provincialPerDay: number
  communePerDay: number
  repeats: number
  restart?: { from: string; to: string; at: number; startUp: boolean }
}

const { openStorage } = await import('../../server/src/db/client.js')
const { sqliteDatabase } = await import('../../server/src/db/open.js')
const { seedIfEmpty } = await import('../../server/src/db/seed.js')
const { sqliteStore } = await import('../../server/src/db/sqlite/store.js')
const { createCentre } = await import('../../server/src/domain/admin/centres.js')
const { generateHistory } = await import('../../server/src/reports/history.js')
const { reportSourceOf } = await import('../../server/src/reports/source.js')
const { runProvinceReport } = await import('../../server/src/reports/province.js')
const { DaySummaries } = await import('../../server/src/reports/day-summary.js')
const { warmSummaries } = await import('../../server/src/reports/province.js')
const { SYSTEM } = await import('../../server/src/domain/runner.js')

if (input.restart) {
  const { from, to, at, startUp } = input.restart
  const storage = openStorage(input.databasePath)
  const store = sqliteStore(storage)
  const source = reportSourceOf(sqliteDatabase(storage))
  const sites = await store.read((r) => r.sites.all())
  const times: Record<string, { ms: number; cpuMs: number }> = {}
  const timed = async (name: string, work: () => Promise<unknown>) => {
    const s = now()
    const c = process.cpuUsage()
    await work()
    const used = process.cpuUsage(c)
    times[name] = { ms: round(now() - s), cpuMs: round((used.user + used.system) / 1000) }
  }
  const summaries = new DaySummaries()
  if (startUp)
    await timed('startUp', () =>
      warmSummaries(
        source,
        sites,
        at,
        summaries,
        () => false,
        (work) => store.read(work),
      ),
    )
  for (const service of [null, 'HT']) {
    await timed(service ?? 'all', () => store.read(() => runProvinceReport(source, sites, { from, to, service }, at, startUp ? summaries : new DaySummaries())))
  }
  storage.close()
  console.log(JSON.stringify(times))
  process.exit(0)
}

/** The same report from a new process on the same file, asked at once or after the server's start-up work. */
function afterRestart(from: string, to: string, at: number, startUp: boolean): Record<string, { ms: number; cpuMs: number }> {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify({ ...input, restart: { from, to, at, startUp } })],
    {
      encoding: 'utf8',
      timeout: 5 * 60_000,
    },
  )
  const line = child.stdout.trim().split('\n').pop()
  if (child.status !== 0 || !line) throw new Error(`the restarted process failed: ${child.stderr}`)
  return JSON.parse(line) as Record<string, { ms: number; cpuMs: number }>
}

rmSync(input.databasePath, { force: true })
const storage = openStorage(input.databasePath)
const database = sqliteDatabase(storage)
const store = sqliteStore(storage)
try {
  const at = Date.now()
  await seedIfEmpty(store, { now: at, demo: true, adminPassword: 'bench-password-123' })
  const t0 = now()
  for (let i = 1; i < input.centres; i++) {
    await store.write(async (tx) => {
      const site = (await tx.sites.get(1))!
      const fields = i % 3 === 0 ? ['HT', 'CT', 'DD', 'TKQ', 'LD'] : ['HT', 'CT', 'DD', 'TKQ']
      const ctx = { tx, siteId: 1, site, now: at, actor: SYSTEM, secret: () => 'x' }
      await createCentre(ctx, { name: `Trung tâm Phục vụ hành chính công xã ${i}`, code: `XA-${i}`, catalogue: fields })
    })
  }
  let tickets = 0
  const sites = await store.read((r) => r.sites.all())
  for (const site of sites) {
    const perDay = site.id === 1 ? input.provincialPerDay : input.communePerDay
    const history = await generateHistory(database, {
      siteId: site.id,
      days: input.days,
      ticketsPerDay: perDay,
      seed: site.id,
      now: at,
      addCounters: site.id !== 1,
    })
    tickets += history.tickets
    if (site.id % 10 === 0) console.log(`progress ${site.id} of ${sites.length} centres generated (${tickets} tickets)`)
  }
  const generateS = round((now() - t0) / 1000, 1)
  console.log(`progress generated ${tickets} tickets in ${sites.length} centres in ${generateS} s`)

  const source = reportSourceOf(database)
  // As the server keeps them: one process's summaries of finished days, made by the first report.
  const summaries = new DaySummaries()
  const to = new Date(at + 7 * 3_600_000 - 86_400_000).toISOString().slice(0, 10)
  const from = new Date(at + 7 * 3_600_000 - input.days * 86_400_000).toISOString().slice(0, 10)
  const results = []
  let restarted: Record<string, { ms: number; cpuMs: number }> | undefined
  let startedUp: Record<string, { ms: number; cpuMs: number }> | undefined
  for (const [name, service] of [
    ['every centre, a year', null],
    ['every centre, a year, one field (HT)', 'HT'],
  ] as const) {
    let cpuMs = 0
    const time = async () => {
      const s = now()
      const c = process.cpuUsage()
      const report = await store.read(() => runProvinceReport(source, sites, { from, to, service }, at, summaries))
      const used = process.cpuUsage(c)
      cpuMs = Math.max(cpuMs, (used.user + used.system) / 1000)
      if (report.centres.length !== sites.length) throw new Error('a centre is missing from the report')
      return now() - s
    }
    const firstMs = await time()
    // Once every day has its summary kept: what a new process pays, at once and after its start-up.
    restarted ??= afterRestart(from, to, at, false)
    startedUp ??= afterRestart(from, to, at, true)
    const restart = restarted[service ?? 'all']!
    const afterStartUp = startedUp[service ?? 'all']!
    const warm: number[] = []
    for (let i = 0; i < input.repeats; i++) warm.push(await time())
    const r = {
      name,
      firstMs: round(firstMs),
      restartMs: restart.ms,
      restartCpuMs: restart.cpuMs,
      startUpMs: startedUp.startUp!.ms,
      startUpCpuMs: startedUp.startUp!.cpuMs,
      afterStartUpMs: afterStartUp.ms,
      afterStartUpCpuMs: afterStartUp.cpuMs,
      medianMs: round(median(warm)),
      maxWarmMs: round(max(warm)),
      maxCpuMs: round(cpuMs),
    }
    console.log(
      `progress ${name}: first ${r.firstMs} ms, after a restart ${r.afterStartUpMs} ms (CPU ${r.afterStartUpCpuMs} ms; start-up reading the summaries ${r.startUpMs} ms), asked before it ${r.restartMs} ms (CPU ${r.restartCpuMs} ms), then median ${r.medianMs} ms, at most ${r.maxWarmMs} ms (CPU at most ${r.maxCpuMs} ms)`,
    )
    results.push(r)
  }
  console.log(JSON.stringify({ centres: sites.length, tickets, days: input.days, generateS, queries: results }))
} finally {
  storage.close()
  for (const suffix of ['', '-wal', '-shm']) rmSync(input.databasePath + suffix, { force: true })
}
