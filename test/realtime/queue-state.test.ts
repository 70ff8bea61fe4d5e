/** The client-side reducer every screen uses, on hand-made events. */
import t from 'tap'
import { applyQueueEvent } from '../../shared/queue-state.js'
import type { QueueEvent } from '../../shared/contract.js'
import type { CounterView, QueueSnapshot, TicketView } from '../../shared/types.js'

const counter = (id: number): CounterView => ({
  id,
  number: id,
  name: `Quầy ${id}`,
  status: 'open',
  pauseReason: null,
  strategy: 'service_order',
  serviceIds: [1],
  staffId: id,
  staffName: null,
  currentTicketId: null,
  updatedAt: 0,
  priorityStreak: 0,
})

const ticket = (id: number, counterId: number, status: TicketView['status'] = 'called'): TicketView => ({
  id,
  number: String(1000 + id),
  serviceId: 1,
  serviceDay: '2026-11-23',
  priorityGroupId: null,
  status,
  issuedAt: id,
  queuedAt: id,
  calledAt: id,
  servingAt: null,
  finishedAt: null,
  counterId,
  staffId: counterId,
  recallCount: 0,
  transferredFromId: null,
  transferNote: null,
  targetCounterId: null,
  asideAt: null,
  asideMs: 0,
  procedureId: null,
})

function empty(): QueueSnapshot {
  return {
    siteId: 1,
    seq: 0,
    serviceDay: '2026-11-23',
    serverTime: 0,
    site: {} as QueueSnapshot['site'],
    services: [],
    priorityGroups: [],
    procedures: [],
    counters: [1, 2, 3, 4, 5, 6, 7].map(counter),
    tickets: [],
    recentCalls: [],
  }
}

function play(state: QueueSnapshot, events: QueueEvent[]): QueueSnapshot {
  for (const e of events) {
    const r = applyQueueEvent(state, e)
    if (r.kind !== 'applied') throw new Error(`event ${e.payload.seq} was ${r.kind}`)
    state = r.state
  }
  return state
}

const called = (seq: number, t: TicketView): QueueEvent => ({ name: 'ticket:called', payload: { siteId: 1, seq, at: seq, ticket: t } })

t.test('a display for one counter still finds its last calls after a busy minute elsewhere', async (t) => {
  const events: QueueEvent[] = [called(1, ticket(1, 7))]
  for (let i = 2; i <= 31; i++) events.push(called(i, ticket(i, 1 + (i % 6))))
  const state = play(empty(), events)
  t.ok(
    state.recentCalls.some((c) => c.counterId === 7 && c.number === '1001'),
    'the call at counter 7 is still in the list after 30 calls at counters 1–6',
  )
  t.equal(state.recentCalls[0]?.number, '1031', 'newest first')
})

t.test('closing the day clears the board', async (t) => {
  const state = play(empty(), [called(1, ticket(1, 1)), called(2, ticket(2, 2))])
  const closed = play(state, [{ name: 'day:closed', payload: { siteId: 1, seq: 3, at: 3, serviceDay: '2026-11-23', closedTicketIds: [1, 2] } }])
  t.same(closed.tickets, [])
  t.same(closed.recentCalls, [], 'no closed call stays on the board as the latest call')
})
