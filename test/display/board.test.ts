/** What the board shows, from a snapshot and a display's settings (no browser needed). */
import t from 'tap'
import type { CounterView, QueueSnapshot, ServiceView, TicketView } from '../../shared/types.js'
import * as board from '../../display/src/board.js'
import { displaySettings, type DisplaySettings } from '../../display/src/board.js'
import { displaySnapshotOf } from '../../shared/display-stream.js'

// The board draws what the display stream gives it: the display's view of these queue states.
const counterRows = (s: QueueSnapshot, settings: DisplaySettings) => board.counterRows(displaySnapshotOf(s), settings)
const boardCalls = (s: QueueSnapshot, settings: DisplaySettings, limit: number) => board.boardCalls(displaySnapshotOf(s), settings, limit)
const waitingRows = (s: QueueSnapshot, settings: DisplaySettings) => board.waitingRows(displaySnapshotOf(s), settings)

const service = (id: number, code: string, nameVi: string, sortOrder: number, active = true) =>
  ({ id, code, nameVi, nameEn: code, active, sortOrder }) as ServiceView
const counter = (id: number, number: number, serviceIds: number[], status: CounterView['status'], currentTicketId: number | null = null) =>
  ({ id, number, serviceIds, status, currentTicketId }) as CounterView
const ticket = (id: number, number: string, serviceId: number, status: TicketView['status'], counterId: number | null = null) =>
  ({ id, number, serviceId, status, counterId }) as TicketView

function snapshot(): QueueSnapshot {
  return {
    siteId: 1,
    seq: 10,
    serviceDay: '2026-11-23',
    serverTime: 0,
    site: {} as QueueSnapshot['site'],
    priorityGroups: [],
    procedures: [],
    services: [service(1, 'DD', 'Đất đai', 1), service(2, 'HT', 'Hộ tịch', 0), service(3, 'XD', 'Xây dựng', 2, false)],
    counters: [counter(12, 2, [2], 'open', 102), counter(11, 1, [1, 2], 'open', 101), counter(13, 3, [1], 'paused', 999), counter(14, 4, [1], 'closed')],
    tickets: [
      ticket(101, '1001', 1, 'serving', 11),
      ticket(102, '2001', 2, 'called', 12),
      ticket(103, '1002', 1, 'waiting'),
      ticket(104, '1003', 1, 'waiting'),
      ticket(105, '2002', 2, 'waiting'),
    ],
    recentCalls: [
      { ticketId: 102, number: '2001', counterId: 12, serviceId: 2, at: 300, recall: true },
      { ticketId: 101, number: '1001', counterId: 11, serviceId: 1, at: 200, recall: false },
      { ticketId: 102, number: '2001', counterId: 12, serviceId: 2, at: 100, recall: false },
    ],
  }
}

t.test('settings default to every counter and service, Vietnamese, dark', async (t) => {
  t.same(displaySettings(undefined), { counterIds: [], serviceIds: [], languages: ['vi'], theme: 'dark' })
  t.same(displaySettings({ languages: ['vi', 'en'], theme: 'light', counterIds: [2] }).languages, ['vi', 'en'])
  t.equal(displaySettings({ theme: 'light' }).theme, 'light')
})

t.test('counter rows: by number, with the live ticket at each counter only', async (t) => {
  const rows = counterRows(snapshot(), displaySettings({}))
  t.same(
    rows.map((r) => [r.number, r.ticketNumber, r.status, r.servicesVi]),
    [
      [1, '1001', 'serving', 'Đất đai · Hộ tịch'],
      [2, '2001', 'calling', 'Hộ tịch'],
      [3, null, 'paused', 'Đất đai'],
      [4, null, 'closed', 'Đất đai'],
    ],
    'a counter pointing at a ticket that is no longer live shows no number',
  )
  t.same(
    counterRows(snapshot(), displaySettings({ counterIds: [12, 14] })).map((r) => r.number),
    [2, 4],
    'a display for one room shows only its counters',
  )
})

t.test('calls: newest first, each ticket once, only at shown counters', async (t) => {
  const all = boardCalls(snapshot(), displaySettings({}), 10)
  t.same(all.latest && [all.latest.number, all.latest.counterNumber, all.latest.recall], ['2001', 2, true], 'the recall is the latest call')
  t.same(
    all.recent.map((c) => [c.number, c.counterNumber]),
    [['1001', 1]],
    'the first call of 2001 is not listed again',
  )
  const first = boardCalls({ ...snapshot(), recentCalls: snapshot().recentCalls.slice(2) }, displaySettings({}), 1)
  t.not(all.latest!.key, first.latest!.key, 'a recall is a new call')
  t.same(boardCalls(snapshot(), displaySettings({ counterIds: [11] }), 10).latest?.number, '1001')
  t.same(boardCalls(snapshot(), displaySettings({}), 0).recent, [], 'capped')
})

/** 1001 called at counter 1, then 2001 at counter 2, then 3001 at counter 3, each still called. */
function threeCalls(): QueueSnapshot {
  return {
    ...snapshot(),
    counters: [counter(11, 1, [1], 'open', 101), counter(12, 2, [2], 'open', 102), counter(13, 3, [1], 'open', 103)],
    tickets: [ticket(101, '1001', 1, 'serving', 11), ticket(102, '2001', 2, 'called', 12), ticket(103, '3001', 1, 'called', 13)],
    recentCalls: [
      { ticketId: 103, number: '3001', counterId: 13, serviceId: 1, at: 300, recall: false },
      { ticketId: 102, number: '2001', counterId: 12, serviceId: 2, at: 200, recall: false },
      { ticketId: 101, number: '1001', counterId: 11, serviceId: 1, at: 100, recall: false },
    ],
  }
}
const shown = (s: QueueSnapshot) => {
  const calls = boardCalls(s, displaySettings({}), 6)
  return { latest: calls.latest && `${calls.latest.number}→${calls.latest.counterNumber}`, recent: calls.recent.map((c) => `${c.number}→${c.counterNumber}`) }
}

t.test('the big panel shows only a call that still stands', async (t) => {
  t.same(shown(threeCalls()), { latest: '3001→3', recent: ['2001→2', '1001→1'] })

  // 3001 is transferred to another service: it waits again (a new ticket with the same number).
  const transferred = threeCalls()
  transferred.tickets = [...transferred.tickets.filter((x) => x.id !== 103), ticket(104, '3001', 2, 'waiting')]
  transferred.counters = transferred.counters.map((c) => (c.id === 13 ? { ...c, currentTicketId: null } : c))
  t.same(shown(transferred), { latest: '2001→2', recent: ['1001→1'] }, 'transferred away: the previous standing call, and not listed as a call to counter 3')

  // Transferred to counter 1 and called there: the number is listed once, at its new counter.
  const calledElsewhere = threeCalls()
  calledElsewhere.tickets = [...calledElsewhere.tickets.filter((x) => x.id !== 103 && x.id !== 101), ticket(104, '3001', 2, 'called', 11)]
  calledElsewhere.recentCalls = [{ ticketId: 104, number: '3001', counterId: 11, serviceId: 2, at: 400, recall: false }, ...calledElsewhere.recentCalls]
  t.same(
    shown(calledElsewhere),
    { latest: '3001→1', recent: ['2001→2', '1001→1'] },
    'a number is shown with its newest call only; 1001, finished, stays in the list',
  )

  // 3001 is finished and counter 3 paused: neither the panel nor the list sends anyone to counter 3.
  const paused = threeCalls()
  paused.tickets = paused.tickets.filter((x) => x.id !== 103)
  paused.counters = paused.counters.map((c) => (c.id === 13 ? { ...c, status: 'paused' as const, currentTicketId: null } : c))
  t.same(shown(paused), { latest: '2001→2', recent: ['1001→1'] }, 'paused counter')
  const closed = { ...paused, counters: paused.counters.map((c) => (c.id === 13 ? { ...c, status: 'closed' as const } : c)) }
  t.same(shown(closed), { latest: '2001→2', recent: ['1001→1'] }, 'closed counter')

  // Served and finished: it is history; the list still shows it, the panel does not.
  const finished = threeCalls()
  finished.tickets = finished.tickets.filter((x) => x.id !== 103)
  t.same(shown(finished), { latest: '2001→2', recent: ['3001→3', '1001→1'] }, 'a finished call stays in the list')

  const none = { ...threeCalls(), tickets: [] }
  t.same(shown(none), { latest: null, recent: ['3001→3', '2001→2', '1001→1'] }, 'nothing stands: the panel is idle')
})

t.test('waiting: per shown service, in the site order, inactive services left out', async (t) => {
  t.same(
    waitingRows(snapshot(), displaySettings({})).map((w) => [w.code, w.waiting]),
    [
      ['HT', 1],
      ['DD', 2],
    ],
  )
  t.same(
    waitingRows(snapshot(), displaySettings({ serviceIds: [1, 3] })).map((w) => [w.code, w.waiting]),
    [
      ['DD', 2],
      ['XD', 0],
    ],
  )
})
