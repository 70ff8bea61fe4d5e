/**
 * A province day: 100 sites on one PostgreSQL database served by two processes (rooms through
 * Redis): 700 counters, 300 displays, 135 kiosks. There is no API to create sites yet, so the
 * bench writes them straight into the database. Steps at 10, 30 and 100 active sites: an open-loop
 * load of calls and arrivals across the active sites; for each step, p99 call → display (the three
 * displays of the called ticket's site each receive the call on their stream) and server CPU per
 * command (both server processes; the database server's CPU beside it).
 */
import { createHash, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import { sleep } from './lib/clock.js'
import { round, summarise, type LatencySummary } from './lib/stats.js'
import { cpuMsOf, memoryOf, track, type RunningServer } from './lib/processes.js'
import type { Postgres, ProbeResult, Redis } from './lib/services.js'
import { WorkerProcess } from './lib/rpc.js'
import { callToDisplay, collectDisplays, connectDisplays, disconnectDisplays, recordDisplays, type CallLatency, type Load } from './load.js'
import { startSystem } from './servers.js'
import { hashPassword } from '../../server/src/auth/passwords.js'
import type { ProvinceCounter, ProvinceKiosk } from './workers/province-worker.js'

const SITES = 100
const COUNTERS_PER_SITE = 7
const DISPLAYS_PER_SITE = 3
const KIOSKS = 135
const SERVICES = [
  ['DD', 'Đất đai', 'Land', 'A'],
  ['HT', 'Hộ tịch', 'Civil status', 'B'],
  ['CT', 'Chứng thực', 'Certification', 'C'],
  ['KD', 'Kinh doanh', 'Business', 'D'],
  ['TKQ', 'Trả kết quả', 'Results', 'T'],
] as const

export interface ProvinceStep {
  sites: number
  counters: number
  durationS: number
  meanCallIntervalS: number
  prefilled: number
  issued: number
  called: number
  started: number
  finished: number
  /** Calls that found the queue empty (not commands that changed anything; not counted as commands). */
  empty: number
  late: number
  maxLateMs: number
  errors: Record<string, number>
  commands: number
  commandsPerSecond: number
  callToDisplay: CallLatency
  /** The call-next request alone (request start to response), and from its response to the last of the site's displays. */
  callRequest: LatencySummary
  responseToDisplay: LatencySummary
  /** CPU of both server processes over the step ÷ commands, ms; and of the PostgreSQL server. */
  serverCpuMsPerCommand: number
  databaseCpuMsPerCommand: number
  /** The same less what the servers spend with no commands at all (the idle rate measured before the steps, times the step's duration). */
  serverCpuMsPerCommandNetOfIdle: number
  /** Cores kept busy over the step: both servers, the PostgreSQL server, the bench's own load processes. */
  coresServers: number
  coresDatabase: number
  coresLoad: number
  serverRssMb: number
  /** What PostgreSQL did over the step: statements, commits, what its active backends waited on. */
  database: ProbeResult
  loadAvg: number
}

export interface ProvinceResult {
  sites: number
  counters: number
  displays: number
  kiosks: number
  seedMs: number
  /** With every display connected and no commands: CPU the two servers and PostgreSQL spend per second, ms. */
  idle: { serverCpuMsPerS: number; databaseCpuMsPerS: number; seconds: number }
  steps: ProvinceStep[]
}

export interface ProvinceOptions {
  root: string
  tmp: string
  builtDir: string
  quick: boolean
  args: string[]
  services: { postgres: Postgres; redis: Redis }
  log: (line: string) => void
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const token = () => randomBytes(24).toString('base64url')

interface Seeded {
  counters: Omit<ProvinceCounter, 'url'>[]
  kiosks: Omit<ProvinceKiosk, 'url'>[]
  displays: { siteId: number; token: string }[]
  services: [number, number[]][]
}

/** Sites, services, counters (open, each held by its staff member), staff with a session, devices: straight into the tables. */
async function seed(url: string): Promise<Seeded> {
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  try {
    const at = Date.now()
    // One scrypt hash for every account: nobody logs in with it (sessions are written below).
    const passwordHash = await hashPassword(token())
    const out: Seeded = { counters: [], kiosks: [], displays: [], services: [] }
    await db.query('BEGIN')
    for (let s = 1; s <= SITES; s++) {
      const site = (
        await db.query<{ id: number }>('INSERT INTO sites (name, name_en, created_at) VALUES ($1, $2, $3) RETURNING id', [
          `Bộ phận một cửa ${s}`,
          `Centre ${s}`,
          at,
        ])
      ).rows[0]
      const siteId = site?.id as number
      const serviceIds: number[] = []
      for (const [i, [code, vi, en, prefix]] of SERVICES.entries()) {
        const row = await db.query<{ id: number }>(
          'INSERT INTO services (site_id, code, name_vi, name_en, numbering, prefix, digits, block_end, sort_order) VALUES ($1, $2, $3, $4, $5, $6, 4, 9999, $7) RETURNING id',
          [siteId, code, vi, en, 'prefix', prefix, i],
        )
        serviceIds.push(row.rows[0]?.id as number)
      }
      out.services.push([siteId, serviceIds])
      for (let n = 1; n <= COUNTERS_PER_SITE; n++) {
        const user = await db.query<{ id: number }>(
          'INSERT INTO users (site_id, username, display_name, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
          [siteId, `s${s}-canbo${n}`, `Cán bộ ${n}`, passwordHash, 'staff', at],
        )
        const userId = user.rows[0]?.id as number
        const counter = await db.query<{ id: number }>(
          "INSERT INTO counters (site_id, number, name, status, staff_id, updated_at) VALUES ($1, $2, $3, 'open', $4, $5) RETURNING id",
          [siteId, n, `Quầy ${n}`, userId, at],
        )
        const counterId = counter.rows[0]?.id as number
        // Every counter serves every service, each starting from a different one.
        for (let i = 0; i < serviceIds.length; i++) {
          await db.query('INSERT INTO counter_services (counter_id, service_id, position) VALUES ($1, $2, $3)', [
            counterId,
            serviceIds[(n + i) % serviceIds.length],
            i,
          ])
        }
        const cookieValue = token()
        const csrf = token()
        await db.query('INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
          sha256(cookieValue),
          userId,
          csrf,
          at,
          at + 24 * 3600_000,
        ])
        out.counters.push({ siteId, counterId, cookie: `qms_session=${cookieValue}`, csrf })
      }
      for (let d = 1; d <= DISPLAYS_PER_SITE; d++) {
        const t = token()
        await db.query("INSERT INTO devices (site_id, kind, name, token_hash, config, created_at) VALUES ($1, 'display', $2, $3, '{}'::jsonb, $4)", [
          siteId,
          `Màn hình ${d}`,
          sha256(t),
          at,
        ])
        out.displays.push({ siteId, token: t })
      }
    }
    // 135 kiosks over 100 sites: one each, a second at the first 35.
    for (let k = 0; k < KIOSKS; k++) {
      const siteId = out.services[k % SITES]?.[0] as number
      const t = token()
      await db.query("INSERT INTO devices (site_id, kind, name, token_hash, config, created_at) VALUES ($1, 'kiosk', $2, $3, '{}'::jsonb, $4)", [
        siteId,
        `Kiosk ${k + 1}`,
        sha256(t),
        at,
      ])
      out.kiosks.push({ siteId, token: t })
    }
    await db.query('COMMIT')
    return out
  } finally {
    await db.end()
  }
}

function arg(args: string[], name: string): number | undefined {
  const v = args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
  return v === undefined ? undefined : Number(v)
}

export async function runProvince(opts: ProvinceOptions): Promise<ProvinceResult> {
  const { log, services } = opts
  const stepSites = opts.quick ? [10, 100] : [10, 30, 100]
  const durationS = arg(opts.args, 'province-seconds') ?? (opts.quick ? 30 : 60)
  // A clerk serves a citizen in 5–10 minutes; time runs ~15× faster here: a call every 30 s per counter.
  const meanCallIntervalS = arg(opts.args, 'province-interval') ?? 30

  const database = `bench_province_${Date.now()}`
  const url = await services.postgres.createDatabase(database)
  const env = { DATABASE_URL: url, REDIS_URL: services.redis.url, DEMO_DATA: 'false', DEMO_HISTORY_DAYS: '0', KIOSK_ISSUE_RATE_LIMIT_PER_MINUTE: '100000' }
  const servers: RunningServer[] = []
  const workers: WorkerProcess[] = []
  try {
    servers.push(await startSystem({ root: opts.root, databasePath: join(opts.tmp, 'province-unused-1.sqlite'), extraEnv: env }))
    servers.push(await startSystem({ root: opts.root, databasePath: join(opts.tmp, 'province-unused-2.sqlite'), extraEnv: env }))
    const urls = servers.map((s) => s.url)
    log(`province: two servers up (pids ${servers.map((s) => s.pid).join(', ')})`)
    const seedStart = Date.now()
    const seeded = await seed(url)
    const seedMs = Date.now() - seedStart
    log(
      `province: ${SITES} sites, ${seeded.counters.length} counters, ${seeded.displays.length} displays, ${seeded.kiosks.length} kiosks written in ${seedMs} ms`,
    )

    // One process holds the counters and the kiosks (the Load's two roles), two hold the displays.
    const clients = WorkerProcess.start('province-clients', join(opts.builtDir, 'province-worker.js'), track)
    const load: Load = {
      displays: [0, 1].map((i) => WorkerProcess.start(`province-displays-${i + 1}`, join(opts.builtDir, 'display-worker.js'), track)),
      kiosks: clients,
      counters: clients,
    }
    workers.push(...load.displays, clients)
    // Counters and kiosks alternate between the two processes, displays too.
    await clients.call(
      'init',
      {
        counters: seeded.counters.map((c, i) => ({ ...c, url: urls[i % urls.length] })),
        kiosks: seeded.kiosks.map((k, i) => ({ ...k, url: urls[i % urls.length] })),
        services: seeded.services,
      },
      60_000,
    )
    const displayTokens = seeded.displays.map((d) => d.token)
    await connectDisplays(
      load,
      { url: urls[0] as string, urls, displayTokens, kioskTokens: [], counters: [], services: [], priorityGroupIds: [], soloServiceId: 0 },
      0,
      displayTokens.length,
      Math.ceil(displayTokens.length / 2),
    )
    log(`province: ${displayTokens.length} displays connected`)
    await sleep(2000)

    const cpu = () => servers.reduce((t, s) => t + s.cpuMs(), 0)
    const loadCpu = () => workers.reduce((t, w) => t + safeCpu(w.child.pid ?? 0), 0)
    const idleS = opts.quick ? 5 : 10
    const idlePids = services.postgres.pids()
    const idle0 = [cpu(), idlePids.reduce((t, pid) => t + safeCpu(pid), 0), Date.now()] as const
    await sleep(idleS * 1000)
    const idleWallS = (Date.now() - idle0[2]) / 1000
    const idle = {
      serverCpuMsPerS: round((cpu() - idle0[0]) / idleWallS, 1),
      databaseCpuMsPerS: round((idlePids.reduce((t, pid) => t + safeCpu(pid), 0) - idle0[1]) / idleWallS, 1),
      seconds: round(idleWallS, 1),
    }
    log(
      `province idle: servers ${idle.serverCpuMsPerS} ms CPU/s, PostgreSQL ${idle.databaseCpuMsPerS} ms CPU/s with ${displayTokens.length} displays connected`,
    )

    const siteIds = seeded.services.map(([id]) => id)
    const steps: ProvinceStep[] = []
    for (const [i, n] of stepSites.entries()) {
      const active = siteIds.slice(0, n)
      const pre = await clients.call<{ issued: number; errors: Record<string, number> }>('prefill', { siteIds: active, perSite: 10, timeCapMs: 60_000 }, 90_000)
      await sleep(1000)
      await recordDisplays(load, true)
      const pgPids = services.postgres.pids()
      const dbCpu = () => pgPids.reduce((t, pid) => t + safeCpu(pid), 0)
      const cpu0 = cpu()
      const db0 = dbCpu()
      const load0 = loadCpu()
      const probe = services.postgres.probe(database)
      await probe.start()
      const r = await clients.call<{
        issued: number
        called: number
        started: number
        finished: number
        empty: number
        late: number
        maxLateMs: number
        errors: Record<string, number>
        calls: [number, number][]
        callMs: number[]
        elapsedMs: number
      }>('run', { siteIds: active, meanIntervalMs: meanCallIntervalS * 1000, durationMs: durationS * 1000, seed: 100 + i }, durationS * 1000 + 120_000)
      const cpu1 = cpu()
      const db1 = dbCpu()
      const load1 = loadCpu()
      const db = await probe.stop()
      await sleep(1000)
      const seen = await collectDisplays(load)
      const commands = r.issued + r.called + r.started + r.finished
      const afterResponse: number[] = []
      r.calls.forEach(([id, startedAt], k) => {
        const e = seen.seen.get(id)
        if (e && e.count >= DISPLAYS_PER_SITE) afterResponse.push(e.last - startedAt - (r.callMs[k] ?? 0))
      })
      const elapsedS = r.elapsedMs / 1000
      const step: ProvinceStep = {
        sites: n,
        counters: n * COUNTERS_PER_SITE,
        durationS: round(r.elapsedMs / 1000, 1),
        meanCallIntervalS,
        prefilled: pre.issued,
        issued: r.issued,
        called: r.called,
        started: r.started,
        finished: r.finished,
        empty: r.empty,
        late: r.late,
        maxLateMs: round(r.maxLateMs, 0),
        errors: { ...pre.errors, ...r.errors },
        commands,
        commandsPerSecond: round(commands / (r.elapsedMs / 1000), 1),
        callToDisplay: callToDisplay(r.calls, seen.seen, DISPLAYS_PER_SITE, seen.payloadBytes),
        callRequest: summarise(r.callMs),
        responseToDisplay: summarise(afterResponse),
        serverCpuMsPerCommand: round((cpu1 - cpu0) / Math.max(1, commands), 3),
        databaseCpuMsPerCommand: round((db1 - db0) / Math.max(1, commands), 3),
        serverCpuMsPerCommandNetOfIdle: round((cpu1 - cpu0 - idle.serverCpuMsPerS * elapsedS) / Math.max(1, commands), 3),
        coresServers: round((cpu1 - cpu0) / r.elapsedMs, 2),
        coresDatabase: round((db1 - db0) / r.elapsedMs, 2),
        coresLoad: round((load1 - load0) / r.elapsedMs, 2),
        serverRssMb: round(
          servers.reduce((t, s) => t + memoryOf(s.pid).rssMb, 0),
          1,
        ),
        database: db,
        loadAvg: round((await import('node:os')).loadavg()[0] ?? 0, 1),
      }
      steps.push(step)
      log(
        `province ${n} sites: ${r.called} calls, ${commands} commands (${step.commandsPerSecond}/s), call→display p50 ${step.callToDisplay.p50} p99 ${step.callToDisplay.p99} ms ` +
          `(missed ${step.callToDisplay.missed}; call request p99 ${step.callRequest.p99} ms, response → display p99 ${step.responseToDisplay.p99} ms), ` +
          `server CPU ${step.serverCpuMsPerCommand} ms/command (${step.serverCpuMsPerCommandNetOfIdle} net of idle), cores: servers ${step.coresServers}, PostgreSQL ${step.coresDatabase}, load ${step.coresLoad}; database ${step.databaseCpuMsPerCommand} ms/command, errors ${JSON.stringify(step.errors)}`,
      )
    }
    await disconnectDisplays(load)
    return { sites: SITES, counters: seeded.counters.length, displays: seeded.displays.length, kiosks: seeded.kiosks.length, seedMs, idle, steps }
  } finally {
    await Promise.all(workers.map((w) => w.stop().catch(() => undefined)))
    await Promise.all(servers.map((s) => s.stop()))
  }
}

function safeCpu(pid: number): number {
  try {
    return cpuMsOf(pid)
  } catch {
    return 0
  }
}

export function provinceMarkdown(r: ProvinceResult): string {
  const rows = r.steps.map(
    (s) =>
      `| ${s.sites} | ${s.counters} | ${s.durationS} s | ${s.called} | ${s.commands} (${s.commandsPerSecond}/s) | ${s.callToDisplay.p50} ms | **${s.callToDisplay.p99} ms** ${s.callToDisplay.p99 < 100 ? '(met)' : '(MISSED)'} | ${s.callToDisplay.missed} | ${s.callRequest.p50} / ${s.callRequest.p99} ms | ${s.responseToDisplay.p50} / ${s.responseToDisplay.p99} ms | ${s.serverCpuMsPerCommand} ms (${s.serverCpuMsPerCommandNetOfIdle}) | ${s.databaseCpuMsPerCommand} ms | ${s.coresServers} / ${s.coresDatabase} / ${s.coresLoad} | ${s.serverRssMb} MB | ${s.empty} / ${s.late} | ${JSON.stringify(s.errors)} | ${s.loadAvg} |`,
  )
  const first = r.steps[0]
  const last = r.steps[r.steps.length - 1]
  const growth =
    first && last && first !== last
      ? `From ${first.sites} to ${last.sites} active sites: p99 call → display ${first.callToDisplay.p99} → ${last.callToDisplay.p99} ms (${round(last.callToDisplay.p99 / first.callToDisplay.p99, 2)}×), ` +
        `server CPU per command ${first.serverCpuMsPerCommand} → ${last.serverCpuMsPerCommand} ms (${round(last.serverCpuMsPerCommand / first.serverCpuMsPerCommand, 2)}×), ` +
        `for ${round(last.commandsPerSecond / first.commandsPerSecond, 1)}× the commands per second.`
      : ''
  return [
    `${r.sites} sites, ${r.counters} counters (all open), ${r.displays} displays (all connected through every step), ${r.kiosks} kiosks, written into PostgreSQL in ${r.seedMs} ms; two server processes, Redis adapter. ` +
      `Each active counter calls at Poisson instants (mean interval in the table's first step: ${first?.meanCallIntervalS ?? '?'} s), then starts and finishes the ticket; each active site's kiosks issue at the rate its counters call. ` +
      'Call → display: from the call request to the last of the three displays of that site receiving it. CPU per command: user + system time of both server processes (and of the PostgreSQL server) ÷ successful issue, call, start and finish commands. Target: p99 < 100 ms.',
    '',
    `Idle (every display connected, no commands, ${r.idle.seconds} s): the two servers spend ${r.idle.serverCpuMsPerS} ms of CPU per second, PostgreSQL ${r.idle.databaseCpuMsPerS} ms; ` +
      "\"net of idle\" below takes that rate times the step's duration out of the servers' CPU before dividing by the commands. Cores: CPU seconds per wall second of the two servers / PostgreSQL / the bench's own load processes, on a 2-core machine shared with other engineers.",
    '',
    '| active sites | counters | duration | calls | commands | call → display p50 | p99 | missed | call request p50 / p99 | response → display p50 / p99 | server CPU / command (net of idle) | PostgreSQL CPU / command | cores: servers / PostgreSQL / load | server RSS (both) | empty queue / late calls | errors | load avg |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|---:|',
    ...rows,
    '',
    growth,
    '',
    'PostgreSQL over each step (pg_stat_statements; pg_stat_activity sampled every 20 ms):',
    '',
    ...r.steps.map((s) => {
      const waits = Object.entries(s.database.waits)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([k, v]) => `${k} ${Math.round(v * 100)} %`)
        .join(', ')
      return `- ${s.sites} sites: ${round(s.database.statements / Math.max(1, s.commands), 1)} statements and ${round(s.database.commits / Math.max(1, s.commands), 2)} commits per command, statement execution ${round(s.database.statementMs / Math.max(1, s.commands), 2)} ms per command; active backends ${s.database.activeBackendsMean} on average, waiting on: ${waits}; statements seen waiting on a lock: ${JSON.stringify(s.database.lockWaiters)}`
    }),
  ].join('\n')
}
