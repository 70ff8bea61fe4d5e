/**
 * Keeps a client's copy of the queue current from the events that follow a snapshot.
 * Used by every front end, and by the server's tests to prove that snapshot + events = new snapshot.
 */
import type { QueueEvent } from './contract.js'
import { AT_COUNTER_STATUSES, LIVE_STATUSES } from './lifecycle.js'
import type { CallView, CounterView, QueueSnapshot, TicketView } from './types.js'

/**
 * Recent calls kept for the whole site. A display that shows only some counters filters this list,
 * so it is long enough that each display still finds its own last calls on a busy morning.
 */
export const RECENT_CALLS_KEPT = 60

export type ApplyResult =
  /** The event was applied; `state` is the new state. */
  | { kind: 'applied'; state: QueueSnapshot }
  /** Already seen (a duplicate after a reconnect); nothing changed. */
  | { kind: 'stale'; state: QueueSnapshot }
  /** Events were missed, or the configuration changed: ask for a new snapshot. */
  | { kind: 'resync'; state: QueueSnapshot }

const LIVE: ReadonlySet<string> = new Set(LIVE_STATUSES)

/** Queue order: earlier place in the queue first, then issue order. */
export function byQueueOrder(a: TicketView, b: TicketView): number {
  return a.queuedAt - b.queuedAt || a.id - b.id
}

function upsertTicket(tickets: TicketView[], ticket: TicketView): TicketView[] {
  const rest = tickets.filter((t) => t.id !== ticket.id)
  if (!LIVE.has(ticket.status)) return rest
  rest.push(ticket)
  return rest.sort(byQueueOrder)
}

function addCall(calls: CallView[], ticket: TicketView, recall: boolean, at: number): CallView[] {
  if (ticket.counterId === null) return calls
  const call: CallView = {
    ticketId: ticket.id,
    number: ticket.number,
    counterId: ticket.counterId,
    serviceId: ticket.serviceId,
    at,
    recall,
  }
  return [call, ...calls].slice(0, RECENT_CALLS_KEPT)
}

export function applyQueueEvent(state: QueueSnapshot, event: QueueEvent): ApplyResult {
  const { payload } = event
  if (payload.siteId !== state.siteId || payload.seq <= state.seq) return { kind: 'stale', state }
  if (payload.seq !== state.seq + 1) return { kind: 'resync', state }

  let next: QueueSnapshot = { ...state, seq: payload.seq }
  switch (event.name) {
    case 'site:changed':
      return { kind: 'resync', state }
    case 'day:closed': {
      const closed = new Set(event.payload.closedTicketIds)
      next = {
        ...next,
        tickets: next.tickets.filter((t) => !closed.has(t.id)),
        // A closed day leaves nothing on the board: its calls are history now.
        recentCalls: next.recentCalls.filter((c) => !closed.has(c.ticketId)),
        counters: next.counters.map((c) => (c.currentTicketId !== null && closed.has(c.currentTicketId) ? { ...c, currentTicketId: null } : c)),
      }
      break
    }
    case 'counter:updated':
      break
    case 'ticket:transferred':
      next = { ...next, tickets: upsertTicket(upsertTicket(next.tickets, event.payload.from), event.payload.ticket) }
      break
    default: {
      const { ticket } = event.payload
      next = { ...next, tickets: upsertTicket(next.tickets, ticket) }
      if (event.name === 'ticket:called' || event.name === 'ticket:recalled') {
        next.recentCalls = addCall(next.recentCalls, ticket, event.name === 'ticket:recalled', payload.at)
      }
    }
  }
  const counter = 'counter' in payload ? payload.counter : undefined
  if (counter) next.counters = next.counters.map((c) => (c.id === counter.id ? counter : c))
  return { kind: 'applied', state: next }
}

/**
 * Whether this ticket is at this counter now (called there or being served there): the one
 * answer to "who is calling whom" on every screen.
 */
export function isAtCounter(ticket: Pick<TicketView, 'counterId' | 'status'>, counter: Pick<CounterView, 'id'>): boolean {
  return ticket.counterId === counter.id && AT_COUNTER_STATUSES.includes(ticket.status)
}

/** The ticket a counter has called or is serving, if any (never a stale id). */
export function ticketAt<T extends Pick<TicketView, 'id' | 'counterId' | 'status'>>(
  state: { tickets: readonly T[] },
  counter: Pick<CounterView, 'id' | 'currentTicketId'>,
): T | undefined {
  if (counter.currentTicketId === null) return undefined
  const ticket = state.tickets.find((t) => t.id === counter.currentTicketId)
  return ticket && isAtCounter(ticket, counter) ? ticket : undefined
}
