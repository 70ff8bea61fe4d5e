/**
 * One leg of a round: one server (the system or the baseline) on a new database, taken through
 * every display count in turn: memory and one-at-a-time call latency at each scale level, and the
 * full scenario (peak, burst) at the scenario levels. Displays stay connected as their number grows.
 */
import { join } from 'node:path'
import { sleep } from './lib/clock.js'
import { round } from './lib/stats.js'
import { memoryOf, sampleRss, type RunningServer } from './lib/processes.js'
import type { Postgres, Redis } from './lib/services.js'
import type { BenchConfig } from './config.js'
import {
  connectDisplays,
  disconnectDisplays,
  initClients,
  scenario,
  sequentialCalls,
  type CallLatency,
  type Load,
  type ScenarioResult,
  type Target,
} from './load.js'
import { ADMIN_PASSWORD, baselineTarget, startBaseline, startSystem } from './servers.js'
import { setupSystem } from './setup-system.js'

/** `postgres`: the system as two processes on one PostgreSQL database, rooms spanning them through Redis. */
export type Kind = 'baseline' | 'system' | 'postgres'

export interface LevelResult {
  displays: number
  /** RSS with this many displays connected, after a settle, MB. */
  rssMb: number
  sequential?: CallLatency
  /** Baseline only: the broadcast with no write behind it. */
  bareBroadcast?: CallLatency
  scenario?: ScenarioResult
  /** RSS after the scenario and a settle, and the highest RSS sampled during it, MB. */
  rssAfterScenarioMb?: number
  rssPeakScenarioMb?: number
}

export interface LegResult {
  kind: Kind
  round: number
  startupMs: number
  rssIdleMb: number
  setupMs: number
  levels: LevelResult[]
  serverWarnings: string
}

export interface LegOptions {
  root: string
  tmp: string
  cfg: BenchConfig
  load: Load
  profileDir?: string | undefined
  /** Diagnostics only: extra environment for the system server. */
  systemEnv?: Record<string, string>
  /** Needed by the `postgres` legs: the cluster (a new database per leg) and Redis. */
  services?: { postgres: Postgres; redis: Redis } | undefined
  log: (line: string) => void
}

/** The servers of one leg seen as one: RSS and CPU are the sum over its processes. */
interface ServerGroup {
  url: string
  urls: string[]
  pids: number[]
  startupMs: number
  rssMb(): number
  cpuMs(): number
  output(): string
  stop(): Promise<void>
}

function group(servers: RunningServer[], startupMs: number): ServerGroup {
  return {
    url: servers[0]?.url ?? '',
    urls: servers.map((s) => s.url),
    pids: servers.map((s) => s.pid),
    startupMs,
    rssMb: () => servers.reduce((n, s) => n + s.memory().rssMb, 0),
    cpuMs: () => servers.reduce((n, s) => n + s.cpuMs(), 0),
    output: () => servers.map((s) => s.output()).join('\n'),
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()))
    },
  }
}

/** The sum of several processes' RSS, sampled while a phase runs; the highest sum seen, in MB. */
function sampleGroupRss(pids: number[]): { stop(): number } {
  if (pids.length === 1) return sampleRss(pids[0] as number)
  let peak = 0
  const take = () => {
    try {
      peak = Math.max(
        peak,
        pids.reduce((n, pid) => n + memoryOf(pid).rssMb, 0),
      )
    } catch {
      // A process ended.
    }
  }
  take()
  const timer = setInterval(take, 200)
  return {
    stop() {
      clearInterval(timer)
      take()
      return peak
    },
  }
}

/**
 * Two system processes on a new database of the cluster: the first migrates and seeds the demo
 * site, then the second starts (both would race to migrate otherwise). Start-up is the first's.
 */
async function startPostgresPair(opts: LegOptions, database: string): Promise<ServerGroup> {
  const services = opts.services
  if (!services) throw new Error('postgres leg without a PostgreSQL cluster')
  const url = await services.postgres.createDatabase(database)
  const env = { ...opts.systemEnv, DATABASE_URL: url, REDIS_URL: services.redis.url }
  const first = await startSystem({ root: opts.root, databasePath: join(opts.tmp, `${database}-unused.sqlite`), profileDir: opts.profileDir, extraEnv: env })
  try {
    const second = await startSystem({
      root: opts.root,
      databasePath: join(opts.tmp, `${database}-unused-2.sqlite`),
      profileDir: opts.profileDir,
      extraEnv: { ...env, DEMO_DATA: 'false' },
    })
    return group([first, second], first.startupMs)
  } catch (err) {
    await first.stop()
    throw err
  }
}

export async function runLeg(kind: Kind, roundNo: number, opts: LegOptions): Promise<LegResult> {
  const { cfg, load, log } = opts
  const levels = [...new Set([...cfg.scaleDisplays, ...cfg.scenarioDisplays])].sort((a, b) => a - b)
  const maxDisplays = Math.max(...levels)
  const databasePath = join(opts.tmp, `${kind}-${roundNo}.sqlite`)
  let server: ServerGroup
  const database = `bench_round_${roundNo}_${Date.now()}`
  if (kind === 'postgres') server = await startPostgresPair(opts, database)
  else {
    const one =
      kind === 'system'
        ? await startSystem({ root: opts.root, databasePath, profileDir: opts.profileDir, extraEnv: opts.systemEnv })
        : await startBaseline({ root: opts.root, databasePath })
    server = group([one], one.startupMs)
  }
  try {
    log(`${kind} round ${roundNo}: up in ${server.startupMs.toFixed(0)} ms (pid ${server.pids.join(', ')})`)
    await sleep(1000)
    const rssIdleMb = server.rssMb()
    const setupStart = Date.now()
    const target: Target =
      kind === 'baseline'
        ? baselineTarget(server.url, maxDisplays, cfg.kiosks, cfg.counters)
        : { url: server.url, urls: server.urls, ...(await setupSystem(server.url, ADMIN_PASSWORD, { displays: maxDisplays, kiosks: cfg.kiosks })) }
    const setupMs = Date.now() - setupStart
    await initClients(load, target, 1000 + roundNo)

    const results: LevelResult[] = []
    let connected = 0
    for (const displays of levels) {
      connected = await connectDisplays(load, target, connected, displays, cfg.displaysPerProcess)
      await sleep(1500)
      const level: LevelResult = { displays, rssMb: round(server.rssMb()) }
      if (cfg.scaleDisplays.includes(displays)) {
        level.sequential = await sequentialCalls(load, target, cfg.sequentialCalls, displays)
        if (kind === 'baseline') level.bareBroadcast = await sequentialCalls(load, target, cfg.sequentialCalls, displays, '/bare/counters/1/broadcast')
        log(`  ${displays} displays: RSS ${level.rssMb.toFixed(1)} MB, call→last display p50 ${level.sequential.p50} ms p99 ${level.sequential.p99} ms`)
      }
      if (cfg.scenarioDisplays.includes(displays)) {
        const sampler = sampleGroupRss(server.pids)
        const pgCluster = opts.services?.postgres
        const probe = kind === 'postgres' && pgCluster ? () => pgCluster.probe(database) : undefined
        level.scenario = await scenario(load, cfg, displays, 7 + roundNo, () => server.cpuMs(), probe)
        level.rssPeakScenarioMb = round(sampler.stop())
        await sleep(2000)
        level.rssAfterScenarioMb = round(server.rssMb())
        const s = level.scenario
        log(
          `  ${displays} displays scenario: issue p50 ${s.peak.issueLatency.p50} ms p99 ${s.peak.issueLatency.p99} ms, ` +
            `call→display p50 ${s.peak.callToDisplay.p50} p99 ${s.peak.callToDisplay.p99} ms, ` +
            `burst ${s.burst.issuePerSecond.toFixed(0)} issues/s, ${s.burst.callNextPerSecond.toFixed(0)} calls/s, RSS ${level.rssAfterScenarioMb} MB`,
        )
      }
      results.push(level)
    }
    await disconnectDisplays(load)
    return {
      kind,
      round: roundNo,
      startupMs: round(server.startupMs),
      rssIdleMb: round(rssIdleMb),
      setupMs,
      levels: results,
      serverWarnings: server.output().slice(-2000),
    }
  } catch (err) {
    // What the servers said is the first thing to read when a leg fails.
    throw new Error(`${kind} round ${roundNo}: ${String(err)}\nserver output:\n${server.output().slice(-4000)}`)
  } finally {
    await disconnectDisplays(load).catch(() => undefined)
    await server.stop()
  }
}
