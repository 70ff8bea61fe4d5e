/**
 * The waiting-room displays' own stream: what a board shows and nothing else, kept current from a
 * snapshot and the steps that follow it. The server builds the steps (server/src/plugins/display-stream.ts);
 * the display applies them here, and so do the tests, which prove that snapshot + steps = new snapshot.
 *
 * Sequence: a step is numbered with the site's own sequence number (`seq`) of the event it comes
 * from, and every event of the site is accounted for by exactly one step, so the stream has no
 * holes of its own: a display that holds seq 41 must see 42 next. What a display does not show
 * costs it almost nothing: an issued ticket is one service id inside a run of issues
 * (`{ seq: 42, issued: [3, 3, 5] }` covers 42, 43 and 44), and the steps other than calls are
 * coalesced by the server into one message per site and short interval.
 *
 * Why the site's sequence and not a counter of the stream's own: any server process can number a
 * step without asking anyone (the event that committed carries its seq), and the steps are applied
 * in seq order, so with several processes (Redis) a step that arrives early waits for the one
 * before it. A hole that stays open longer than a process takes to flush its coalesced steps is a
 * lost message: the display asks for a new snapshot (`display:sync`).
 */
import type { CallView, CounterView, QueueSnapshot, ServiceView, SiteView, TicketView } from './types.js'
import { RECENT_CALLS_KEPT } from './queue-state.js'
import { AT_COUNTER_STATUSES, LIVE_STATUSES } from './lifecycle.js'

/** A ticket as a board sees it: its number, where it is and in what state (no staff, no notes). */
export type DisplayTicket = Pick<TicketView, 'id' | 'number' | 'serviceId' | 'status' | 'counterId'>

/** A counter as a board shows it: its number, state and services, and who it is calling (no staff, no pause reason). */
export type DisplayCounter = Pick<CounterView, 'id' | 'number' | 'status' | 'serviceIds' | 'currentTicketId'>

/** Everything one display shows, as of `seq`. */
export interface DisplaySnapshot {
  siteId: number
  seq: number
  serviceDay: string
  serverTime: number
  site: SiteView
  services: ServiceView[]
  counters: DisplayCounter[]
  /**
   * The live tickets the board looks at: those at a counter, and those waiting whose number is
   * among the recent calls (returned or transferred: the board no longer lists that call).
   */
  tickets: DisplayTicket[]
  recentCalls: CallView[]
  /** Waiting tickets per service id (services with none may be missing). */
  waiting: Record<number, number>
}

/**
 * One site event as a display sees it. A step with `issued` stands for a run of ticket issues,
 * one per entry (the service id), numbered `seq`, `seq + 1`, …; any other step for one event.
 */
export interface DisplayStep {
  seq: number
  issued?: number[]
  /** A call or a recall: the board shows it and the display says it. */
  call?: CallView
  /** The counter as it is after the event. */
  counter?: DisplayCounter
  /** Tickets whose state changed, as they are after it. */
  tickets?: DisplayTicket[]
  /** Changes to the waiting counts: [service id, change]. */
  waiting?: [number, number][]
  /** The day closed or the configuration changed: take a new snapshot. */
  resync?: true
}

/** What the server sends a site's displays: steps in seq order. */
export interface DisplayUpdate {
  siteId: number
  steps: DisplayStep[]
}

const LIVE: ReadonlySet<string> = new Set(LIVE_STATUSES)
const AT_COUNTER: ReadonlySet<string> = new Set(AT_COUNTER_STATUSES)

export function displayTicket(t: TicketView): DisplayTicket {
  return { id: t.id, number: t.number, serviceId: t.serviceId, status: t.status, counterId: t.counterId }
}

export function displayCounter(c: CounterView): DisplayCounter {
  return { id: c.id, number: c.number, status: c.status, serviceIds: c.serviceIds, currentTicketId: c.currentTicketId }
}

function boardLooksAt(t: DisplayTicket, calledNumbers: ReadonlySet<string>): boolean {
  return LIVE.has(t.status) && (AT_COUNTER.has(t.status) || calledNumbers.has(t.number))
}

/**
 * What a display shows of the site's queue: the server's snapshot for displays, and the tests'
 * reference. A display that shows some counters only (`counterIds`) gets only their calls.
 */
export function displaySnapshotOf(s: QueueSnapshot, counterIds: readonly number[] = []): DisplaySnapshot {
  const waiting: Record<number, number> = {}
  for (const t of s.tickets) if (t.status === 'waiting') waiting[t.serviceId] = (waiting[t.serviceId] ?? 0) + 1
  const recentCalls = counterIds.length === 0 ? s.recentCalls : s.recentCalls.filter((c) => counterIds.includes(c.counterId))
  const called = new Set(recentCalls.map((c) => c.number))
  return {
    siteId: s.siteId,
    seq: s.seq,
    serviceDay: s.serviceDay,
    serverTime: s.serverTime,
    site: s.site,
    services: s.services,
    counters: s.counters.map(displayCounter),
    tickets: s.tickets
      .map(displayTicket)
      .filter((t) => boardLooksAt(t, called))
      .sort((a, b) => a.id - b.id),
    recentCalls,
    waiting,
  }
}

/** The last seq a step accounts for. */
export function lastSeqOf(step: DisplayStep): number {
  return step.seq + (step.issued ? step.issued.length - 1 : 0)
}

export interface DisplayApplyResult {
  state: DisplaySnapshot
  /** Steps received but not applied yet: a step before them is missing (or still on its way). */
  pending: DisplayStep[]
  /** The steps applied, in order (the display says their calls). */
  applied: DisplayStep[]
  /** A step asked for a new snapshot: the configuration changed or the day closed. */
  resync: boolean
}

/**
 * Applies what can be applied in seq order: steps already covered by `state` are dropped, steps
 * after a hole wait in `pending` (give them back with the next update).
 */
export function applyDisplaySteps(state: DisplaySnapshot, pending: readonly DisplayStep[], steps: readonly DisplayStep[]): DisplayApplyResult {
  let waitingSteps = [...pending, ...steps].filter((s) => lastSeqOf(s) > state.seq)
  const applied: DisplayStep[] = []
  let next = state
  for (;;) {
    const seq = next.seq
    waitingSteps = waitingSteps.filter((s) => lastSeqOf(s) > seq)
    const i = waitingSteps.findIndex((s) => s.seq <= seq + 1)
    if (i < 0) break
    const step = waitingSteps[i]!
    waitingSteps = waitingSteps.filter((_, j) => j !== i)
    if (step.resync) return { state: next, pending: waitingSteps, applied, resync: true }
    next = applyStep(next, step)
    applied.push(step)
  }
  return { state: next, pending: waitingSteps, applied, resync: false }
}

/** Zero counts are left out, as in a snapshot, so that a kept state and a fresh one compare equal. */
function count(waiting: Record<number, number>, serviceId: number, change: number): void {
  const n = (waiting[serviceId] ?? 0) + change
  if (n === 0) delete waiting[serviceId]
  else waiting[serviceId] = n
}

function applyStep(state: DisplaySnapshot, step: DisplayStep): DisplaySnapshot {
  const waiting = { ...state.waiting }
  if (step.issued) {
    // A run may start inside what the snapshot already holds: count only the issues after it.
    step.issued.forEach((serviceId, i) => {
      if (step.seq + i > state.seq) count(waiting, serviceId, 1)
    })
    return { ...state, seq: lastSeqOf(step), waiting }
  }
  for (const [serviceId, change] of step.waiting ?? []) count(waiting, serviceId, change)
  let recentCalls = state.recentCalls
  if (step.call) recentCalls = [step.call, ...recentCalls].slice(0, RECENT_CALLS_KEPT)
  let tickets = state.tickets
  if (step.tickets) {
    const called = new Set(recentCalls.map((c) => c.number))
    const changed = new Set(step.tickets.map((t) => t.id))
    tickets = [...tickets.filter((t) => !changed.has(t.id)), ...step.tickets.filter((t) => boardLooksAt(t, called))].sort((a, b) => a.id - b.id)
  }
  const counter = step.counter
  const counters = counter ? state.counters.map((c) => (c.id === counter.id ? counter : c)) : state.counters
  return { ...state, seq: step.seq, waiting, recentCalls, tickets, counters }
}
