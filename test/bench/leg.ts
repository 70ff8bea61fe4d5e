/**
 * One leg of a round: one server (the system or the baseline) on a new database, taken through
 * every display count in turn: memory and one-at-a-time call latency at each scale level, and the
 * full scenario (peak, burst) at the scenario levels. Displays stay connected as their number grows.
 */
import { join } from 'node:path'
import { sleep } from './lib/clock.js'
import { round } from './lib/stats.js'
import { sampleRss } from './lib/processes.js'
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

export type Kind = 'baseline' | 'system'

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
  log: (line: string) => void
}

export async function runLeg(kind: Kind, roundNo: number, opts: LegOptions): Promise<LegResult> {
  const { cfg, load, log } = opts
  const levels = [...new Set([...cfg.scaleDisplays, ...cfg.scenarioDisplays])].sort((a, b) => a - b)
  const maxDisplays = Math.max(...levels)
  const databasePath = join(opts.tmp, `${kind}-${roundNo}.sqlite`)
  const server =
    kind === 'system'
      ? await startSystem({ root: opts.root, databasePath, profileDir: opts.profileDir, extraEnv: opts.systemEnv })
      : await startBaseline({ root: opts.root, databasePath })
  try {
    log(`${kind} round ${roundNo}: up in ${server.startupMs.toFixed(0)} ms (pid ${server.pid})`)
    await sleep(1000)
    const rssIdleMb = server.memory().rssMb
    const setupStart = Date.now()
    const target: Target =
      kind === 'system'
        ? { url: server.url, ...(await setupSystem(server.url, ADMIN_PASSWORD, { displays: maxDisplays, kiosks: cfg.kiosks })) }
        : baselineTarget(server.url, maxDisplays, cfg.kiosks, cfg.counters)
    const setupMs = Date.now() - setupStart
    await initClients(load, target, 1000 + roundNo)

    const results: LevelResult[] = []
    let connected = 0
    for (const displays of levels) {
      connected = await connectDisplays(load, target, connected, displays, cfg.displaysPerProcess)
      await sleep(1500)
      const level: LevelResult = { displays, rssMb: round(server.memory().rssMb) }
      if (cfg.scaleDisplays.includes(displays)) {
        level.sequential = await sequentialCalls(load, target, cfg.sequentialCalls, displays)
        if (kind === 'baseline') level.bareBroadcast = await sequentialCalls(load, target, cfg.sequentialCalls, displays, '/bare/counters/1/broadcast')
        log(`  ${displays} displays: RSS ${level.rssMb.toFixed(1)} MB, call→last display p50 ${level.sequential.p50} ms p99 ${level.sequential.p99} ms`)
      }
      if (cfg.scenarioDisplays.includes(displays)) {
        const sampler = sampleRss(server.pid)
        level.scenario = await scenario(load, cfg, displays, 7 + roundNo, () => server.cpuMs())
        level.rssPeakScenarioMb = round(sampler.stop())
        await sleep(2000)
        level.rssAfterScenarioMb = round(server.memory().rssMb)
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
  } finally {
    await disconnectDisplays(load).catch(() => undefined)
    await server.stop()
  }
}
