/** What the board shows, from a snapshot and a display's settings (no browser needed). */
import t from 'tap'
import type { CounterView, QueueSnapshot, ServiceView, TicketView } from '../../shared/types.js'
import { callRows, counterRows, displaySettings, waitingRows } from '../../display/src/board.js'

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
  const all = callRows(snapshot(), displaySettings({}), 10)
  t.same(all.map((c) => [c.number, c.counterNumber, c.recall]), [['2001', 2, true], ['1001', 1, false]])
  t.not(all[0]!.key, callRows({ ...snapshot(), recentCalls: snapshot().recentCalls.slice(2) }, displaySettings({}), 1)[0]!.key, 'a recall is a new call')
  t.same(callRows(snapshot(), displaySettings({ counterIds: [11] }), 10).map((c) => c.number), ['1001'])
  t.equal(callRows(snapshot(), displaySettings({}), 1).length, 1, 'capped')
})

t.test('waiting: per shown service, in the site order, inactive services left out', async (t) => {
  t.same(waitingRows(snapshot(), displaySettings({})).map((w) => [w.code, w.waiting]), [['HT', 1], ['DD', 2]])
  t.same(waitingRows(snapshot(), displaySettings({ serviceIds: [1, 3] })).map((w) => [w.code, w.waiting]), [['DD', 2], ['XD', 0]])
})
