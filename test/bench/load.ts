/**
 * The load processes and what they do together: connect displays across processes, make calls
 * one at a time and wait for every display, run the morning peak and the burst.
 */
import { random, sleep } from './lib/clock.js'
import { summarise, type LatencySummary } from './lib/stats.js'
import type { WorkerProcess } from './lib/rpc.js'
import type { CounterLogin } from './workers/counter-worker.js'
import type { BenchConfig } from './config.js'
import type { DatabaseProbe, ProbeResult } from './lib/services.js'

export interface Load {
  displays: WorkerProcess[]
  kiosks: WorkerProcess
  counters: WorkerProcess
}

export interface Target {
  url: string
  /** Several server processes on one database (PostgreSQL + Redis): clients are split between them. */
  urls?: string[]
  kioskTokens: string[]
  displayTokens: string[]
  counters: CounterLogin[]
  services: { id: number; weight: number }[]
  priorityGroupIds: number[]
  soloServiceId: number
}

interface Connected {
  connected: number
  failed: number
  errors: string[]
}

/** Opens displays up to `total`, filling each display process up to its share before the next. */
export async function connectDisplays(load: Load, target: Target, from: number, total: number, perProcess: number): Promise<number> {
  const jobs: Promise<Connected>[] = []
  for (const [i, worker] of load.displays.entries()) {
    const lo = Math.max(from, i * perProcess)
    const hi = Math.min(total, (i + 1) * perProcess)
    if (hi > lo) jobs.push(worker.call<Connected>('connect', { url: target.url, urls: target.urls, tokens: target.displayTokens.slice(lo, hi) }, 120_000))
  }
  const results = await Promise.all(jobs)
  const failed = results.reduce((n, r) => n + r.failed, 0)
  if (failed > 0) throw new Error(`${failed} displays failed to connect: ${results.flatMap((r) => r.errors).join('; ')}`)
  return total
}

export async function disconnectDisplays(load: Load): Promise<void> {
  await Promise.all(load.displays.map((w) => w.call('disconnect')))
}

export async function recordDisplays(load: Load, on: boolean): Promise<void> {
  await Promise.all(load.displays.map((w) => w.call('record', { on })))
}

interface Collected {
  displays: number
  connectedNow: number
  payloadBytes: number
  seen: [number, number, number][]
}

/** Every display process's record of calls, merged: ticket id → displays reached, last arrival. */
export async function collectDisplays(
  load: Load,
): Promise<{ seen: Map<number, { count: number; last: number }>; displays: number; connectedNow: number; payloadBytes: number }> {
  const parts = await Promise.all(load.displays.map((w) => w.call<Collected>('collect', {}, 60_000)))
  const seen = new Map<number, { count: number; last: number }>()
  for (const part of parts) {
    for (const [id, count, last] of part.seen) {
      const e = seen.get(id)
      if (e) {
        e.count += count
        e.last = Math.max(e.last, last)
      } else seen.set(id, { count, last })
    }
  }
  return {
    seen,
    displays: parts.reduce((n, p) => n + p.displays, 0),
    connectedNow: parts.reduce((n, p) => n + p.connectedNow, 0),
    payloadBytes: Math.max(...parts.map((p) => p.payloadBytes)),
  }
}

export interface CallLatency extends LatencySummary {
  /** Calls that did not reach every display (within the time limit). */
  missed: number
  payloadBytes: number
}

export function callToDisplay(
  calls: [number, number][],
  seen: Map<number, { count: number; last: number }>,
  displays: number,
  payloadBytes: number,
): CallLatency {
  const latencies: number[] = []
  let missed = 0
  for (const [id, startedAt] of calls) {
    const e = seen.get(id)
    if (e && e.count >= displays) latencies.push(e.last - startedAt)
    else missed++
  }
  return { ...summarise(latencies), missed, payloadBytes }
}

export async function initClients(load: Load, target: Target, seed: number): Promise<void> {
  await load.kiosks.call('init', {
    url: target.url,
    urls: target.urls,
    tokens: target.kioskTokens,
    services: target.services,
    priorityGroupIds: target.priorityGroupIds,
    seed,
  })
  await load.counters.call('init', { url: target.url, urls: target.urls, counters: target.counters, seed: seed + 1 })
}

interface BurstResult {
  latencies: number[]
  errors: Record<string, number>
  ok: number
  elapsedMs: number
}
interface WorkResult {
  called: number
  finished: number
  calls: [number, number][]
  errors: Record<string, number>
  elapsedMs: number
  cappedOut: boolean
}

/**
 * Calls made one at a time from counter 1, each waiting until every display has it: the latency
 * of a call with nothing else going on. `path` replaces the call route (the bare broadcast).
 */
export async function sequentialCalls(load: Load, target: Target, count: number, displays: number, path?: string): Promise<CallLatency> {
  if (!path) {
    // Counter 1 serves this service alone: give it exactly the tickets it will call.
    const issued = await load.kiosks.call<BurstResult>('burst', { count, concurrency: 1, timeCapMs: 60_000, serviceId: target.soloServiceId }, 90_000)
    if (issued.ok < count) throw new Error(`sequential calls: only ${issued.ok} of ${count} tickets issued: ${JSON.stringify(issued.errors)}`)
  }
  await recordDisplays(load, true)
  const latencies: number[] = []
  let missed = 0
  for (let i = 0; i < count; i++) {
    const call = await load.counters.call<{ ticketId?: number; startedAt?: number; error?: string }>('callOne', { index: 0, ...(path ? { path } : {}) })
    if (call.ticketId === undefined || call.startedAt === undefined) throw new Error(`sequential call failed: ${call.error}`)
    const got = await Promise.all(
      load.displays.map((w) => w.call<{ count: number; last: number; displays: number }>('waitFor', { ticketId: call.ticketId, timeoutMs: 5000 })),
    )
    const reached = got.reduce((n, g) => n + g.count, 0)
    if (reached >= displays) latencies.push(Math.max(...got.filter((g) => g.displays > 0).map((g) => g.last)) - call.startedAt)
    else missed++
    if (!path) {
      const done = await load.counters.call<{ error: string | null }>('completeOne', { index: 0, ticketId: call.ticketId })
      if (done.error) throw new Error(`sequential call: finishing failed: ${done.error}`)
    }
  }
  const { payloadBytes } = await collectDisplays(load)
  return { ...summarise(latencies), missed, payloadBytes }
}

/**
 * Arrival instants (ms from the start) for a morning peak compressed into `seconds`: the shape of
 * 07:30–11:30 in half hours (as the history generator uses), Poisson within each slot, seeded.
 */
export function morningPeak(peak: BenchConfig['peak'], seed: number): number[] {
  const shape = [9, 16, 18, 15, 12, 9, 6, 3]
  const top = Math.max(...shape)
  const slotMs = (peak.seconds * 1000) / shape.length
  const rnd = random(seed)
  const out: number[] = []
  shape.forEach((w, slot) => {
    const perMs = (peak.peakPerSecond * (w / top)) / 1000
    let t = slot * slotMs
    for (;;) {
      t += -Math.log(1 - rnd()) / perMs
      if (t >= (slot + 1) * slotMs) break
      out.push(t)
    }
  })
  return out
}

export interface ScenarioResult {
  displays: number
  peak: {
    arrivals: number
    issued: number
    issueLatency: LatencySummary
    issueErrors: Record<string, number>
    calls: number
    callToDisplay: CallLatency
    counterErrors: Record<string, number>
  }
  burst: {
    issued: number
    issueErrors: Record<string, number>
    issueElapsedMs: number
    issuePerSecond: number
    issueLatency: LatencySummary
    called: number
    callElapsedMs: number
    callNextPerSecond: number
    /** Server CPU time (user + system) per ticket issued, and per ticket called, started and finished, ms. */
    issueCpuMs: number
    callCpuMs: number
    callToDisplay: CallLatency
    counterErrors: Record<string, number>
    /** PostgreSQL legs: what the database did during the issue burst and during the drain. */
    issueDatabase?: ProbeResult
    callDatabase?: ProbeResult
  }
}

/** Morning peak (open-loop arrivals, counters serving), then the burst: issue flat out, then call flat out. */
export async function scenario(
  load: Load,
  cfg: BenchConfig,
  displays: number,
  seed: number,
  serverCpuMs: () => number,
  probe?: () => DatabaseProbe,
): Promise<ScenarioResult> {
  await recordDisplays(load, true)
  const offsetsMs = morningPeak(cfg.peak, seed)
  const peakCap = cfg.peak.seconds * 1000 + 30_000
  const working = load.counters.call<WorkResult>('work', { serviceMs: cfg.serviceMs, timeCapMs: peakCap }, peakCap + 30_000)
  const arrivals = await load.kiosks.call<BurstResult>('arrivals', { offsetsMs, timeCapMs: peakCap }, peakCap + 30_000)
  await load.counters.call('arrivalsDone')
  const work = await working
  const peakSeen = await collectDisplays(load)
  if (peakSeen.connectedNow < displays) throw new Error(`only ${peakSeen.connectedNow} of ${displays} displays still connected`)

  const issueCap = 60_000
  const issueProbe = probe?.()
  await issueProbe?.start()
  const cpu0 = serverCpuMs()
  const burst = await load.kiosks.call<BurstResult>(
    'burst',
    { count: cfg.burstTickets, concurrency: cfg.burstConcurrency, timeCapMs: issueCap },
    issueCap + 30_000,
  )
  const cpu1 = serverCpuMs()
  const issueDatabase = await issueProbe?.stop()
  await sleep(300)
  await recordDisplays(load, true)
  const drainCap = 90_000
  const callProbe = probe?.()
  await callProbe?.start()
  const cpu2 = serverCpuMs()
  const drain = await load.counters.call<WorkResult>('work', { serviceMs: [0, 0], timeCapMs: drainCap, drainOnly: true }, drainCap + 30_000)
  const cpu3 = serverCpuMs()
  const callDatabase = await callProbe?.stop()
  const drainSeen = await collectDisplays(load)

  return {
    displays,
    peak: {
      arrivals: offsetsMs.length,
      issued: arrivals.ok,
      issueLatency: summarise(arrivals.latencies),
      issueErrors: arrivals.errors,
      calls: work.called,
      callToDisplay: callToDisplay(work.calls, peakSeen.seen, displays, peakSeen.payloadBytes),
      counterErrors: work.errors,
    },
    burst: {
      issued: burst.ok,
      issueErrors: burst.errors,
      issueElapsedMs: burst.elapsedMs,
      issuePerSecond: (burst.ok / burst.elapsedMs) * 1000,
      issueLatency: summarise(burst.latencies),
      called: drain.called,
      callElapsedMs: drain.elapsedMs,
      callNextPerSecond: (drain.called / drain.elapsedMs) * 1000,
      issueCpuMs: (cpu1 - cpu0) / Math.max(1, burst.ok),
      callCpuMs: (cpu3 - cpu2) / Math.max(1, drain.finished),
      callToDisplay: callToDisplay(drain.calls, drainSeen.seen, displays, drainSeen.payloadBytes),
      counterErrors: drain.errors,
      ...(issueDatabase ? { issueDatabase } : {}),
      ...(callDatabase ? { callDatabase } : {}),
    },
  }
}

export type { BurstResult, WorkResult }
