/**
 * The soak: a long day of tickets through issue, call, start and finish on the system, watching
 * the server's memory. Kiosks issue a batch while the counters work it off, batch after batch,
 * so the waiting queue stays a realistic size. RSS is read after a warm-up batch and a settle
 * (start), sampled throughout (peak), and read again after a settle at the end.
 */
import { existsSync, mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { now, sleep } from './lib/clock.js'
import { round } from './lib/stats.js'
import { sampleRss } from './lib/processes.js'
import type { BenchConfig } from './config.js'
import { connectDisplays, disconnectDisplays, initClients, type BurstResult, type Load, type WorkResult } from './load.js'
import { ADMIN_PASSWORD, startSystem } from './servers.js'
import { setupSystem } from './setup-system.js'

export interface SoakResult {
  /** Tickets the soak was asked for, and those it got through before the time cap. */
  targetTickets: number
  tickets: number
  finished: number
  durationS: number
  ticketsPerSecond: number
  displays: number
  databaseDir: string
  rssStartMb: number
  rssEndMb: number
  rssPeakMb: number
  growthMb: number
  /** RSS after each tenth of the soak, MB: shows a trend, not just two points. */
  rssTrendMb: number[]
  /** Tickets per second in each tenth: falls if a command's cost grows with the day's tickets. */
  rateTrend: number[]
  errors: Record<string, number>
  cappedOut: boolean
}

/**
 * The soak measures memory, not the disk: its database lives in RAM (/dev/shm) when there is one,
 * because 400,000 commits at ~2 ms per fsync on this machine's disk would take a quarter of an hour.
 */
export function soakDir(fallback: string): string {
  return existsSync('/dev/shm') ? mkdtempSync('/dev/shm/qms-bench-') : fallback
}

export async function runSoak(opts: { root: string; dir: string; cfg: BenchConfig; load: Load; log: (l: string) => void }): Promise<SoakResult> {
  const { cfg, load, log } = opts
  const soak = cfg.soak
  const server = await startSystem({ root: opts.root, databasePath: join(opts.dir, 'soak.sqlite') })
  const errors: Record<string, number> = {}
  const add = (e: Record<string, number>) => Object.entries(e).forEach(([k, v]) => (errors[k] = (errors[k] ?? 0) + v))
  try {
    const setup = await setupSystem(server.url, ADMIN_PASSWORD, { displays: soak.displays, kiosks: cfg.kiosks })
    const target = { url: server.url, ...setup }
    await initClients(load, target, 99)
    await connectDisplays(load, target, 0, soak.displays, cfg.displaysPerProcess)
    await Promise.all(load.displays.map((w) => w.call('record', { on: false })))

    let tickets = 0
    let finished = 0
    const batch = async (): Promise<WorkResult> => {
      const working = load.counters.call<WorkResult>('work', { serviceMs: [0, 0], timeCapMs: 120_000, record: false }, 150_000)
      const issued = await load.kiosks.call<BurstResult>('burst', { count: soak.batch, concurrency: cfg.kiosks, timeCapMs: 120_000 }, 150_000)
      await load.counters.call('arrivalsDone')
      const work = await working
      tickets += issued.ok
      finished += work.finished
      add(issued.errors)
      add(work.errors)
      return work
    }

    await batch() // warm-up: code paths compiled, caches filled
    await sleep(3000)
    const rssStartMb = server.memory().rssMb
    const sampler = sampleRss(server.pid, 250)
    const started = now()
    const trend: number[] = []
    const rateTrend: number[] = []
    let mark = { at: now(), tickets }
    let cappedOut = false
    let nextTenth = 1
    while (tickets < soak.tickets) {
      if (now() - started > soak.timeCapMs) {
        cappedOut = true
        break
      }
      await batch()
      // A tenth of the tickets or of the time cap, whichever comes first: ten points even when capped.
      const tenth = Math.max(Math.floor((tickets * 10) / soak.tickets), Math.floor(((now() - started) * 10) / soak.timeCapMs))
      if (tenth >= nextTenth) {
        trend.push(round(server.memory().rssMb))
        rateTrend.push(round(((tickets - mark.tickets) / (now() - mark.at)) * 1000, 1))
        mark = { at: now(), tickets }
        log(`  soak: ${tickets} tickets, ${((now() - started) / 1000).toFixed(0)} s, RSS ${server.memory().rssMb.toFixed(1)} MB`)
        nextTenth = tenth + 1
      }
    }
    const durationS = (now() - started) / 1000
    const rssPeakMb = sampler.stop()
    await sleep(5000)
    const rssEndMb = server.memory().rssMb
    await disconnectDisplays(load)
    return {
      targetTickets: soak.tickets,
      tickets,
      finished,
      durationS: round(durationS, 1),
      ticketsPerSecond: round(tickets / durationS, 1),
      displays: soak.displays,
      databaseDir: opts.dir,
      rssStartMb: round(rssStartMb),
      rssEndMb: round(rssEndMb),
      rssPeakMb: round(rssPeakMb),
      growthMb: round(rssEndMb - rssStartMb),
      rssTrendMb: trend,
      rateTrend,
      errors,
      cappedOut,
    }
  } finally {
    await disconnectDisplays(load).catch(() => undefined)
    await server.stop()
  }
}
