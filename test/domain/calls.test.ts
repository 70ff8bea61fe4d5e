import t, { type Test } from 'tap'
import { issueTicket } from '../../server/src/domain/issue.js'
import { callNext, callSpecific, cancel, finish, markNoShow, recall, returnToQueue, startServing, transfer } from '../../server/src/domain/calls.js'
import { closeCounter, openCounter, pauseCounter, resumeCounter } from '../../server/src/domain/counter-state.js'
import { closeDay } from '../../server/src/domain/day.js'
import { DomainError } from '../../server/src/domain/errors.js'
import { sqlRows } from '../helpers/build.js'
import { domainFixture } from '../helpers/domain.js'

const MINUTE = 60_000

async function refusal(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn()
    return 'allowed'
  } catch (err) {
    if (err instanceof DomainError) return err.code
    throw err
  }
}

async function atCounter(t: Test, number = 1, username = 'canbo1') {
  const f = await domainFixture(t)
  const staff = await f.staff(username)
  const counterId = (await f.counter(number)).id
  await f.run(openCounter, { counterId, staffId: staff.id ?? 0 }, staff)
  const issue = async (code: string, group?: string) => {
    const result = await f.run(issueTicket, { serviceId: (await f.service(code)).id, priorityGroupId: group ? await f.group(group) : null })
    f.clock.advance(MINUTE)
    return result.ticket
  }
  const next = () => f.run(callNext, { counterId }, staff)
  /** Call, serve and finish the next ticket; returns its number. */
  const serveNext = async () => {
    const ticket = await next()
    await f.run(startServing, { counterId, ticketId: ticket.id }, staff)
    await f.run(finish, { counterId, ticketId: ticket.id }, staff)
    return ticket.number
  }
  return { f, staff, counterId, issue, next, serveNext }
}

t.test('priority tickets go first, but at most N in a row (anti-starvation)', async (t) => {
  const { f, issue, serveNext } = await atCounter(t)
  await f.store.write((tx) => tx.sites.update(1, { maxPriorityInRow: 2 }))
  await issue('DD') // 1001 ordinary, earliest
  await issue('DD', 'NCT') // 1002
  await issue('DD', 'NKT') // 1003
  await issue('DD', 'PNMT') // 1004
  await issue('DD') // 1005
  const order = [await serveNext(), await serveNext(), await serveNext(), await serveNext(), await serveNext()]
  t.same(order, ['1002', '1003', '1001', '1004', '1005'], 'two priority, then the waiting ordinary ticket, then priority again')
})

t.test('with only priority tickets waiting, they are all called', async (t) => {
  const { f, issue, serveNext } = await atCounter(t)
  await f.store.write((tx) => tx.sites.update(1, { maxPriorityInRow: 1 }))
  await issue('DD', 'NCT')
  await issue('DD', 'NCT')
  t.same([await serveNext(), await serveNext()], ['1001', '1002'])
})

t.test("service_order strategy serves the counter's first service first; longest_wait ignores the order", async (t) => {
  const { f, issue, serveNext, counterId } = await atCounter(t, 3, 'canbo3') // counter 3 serves HT then CT
  await issue('CT') // 3001, the oldest
  await issue('HT') // 2001
  await issue('CT') // 3002
  t.same([await serveNext(), await serveNext(), await serveNext()], ['2001', '3001', '3002'])

  await f.store.write((tx) => tx.counters.update(counterId, f.clock.now(), { strategy: 'longest_wait' }))
  await issue('CT') // 3003
  await issue('HT') // 2002
  t.same([await serveNext(), await serveNext()], ['3003', '2002'], 'the longest wait first, whatever the service')
})

t.test('a counter only calls tickets of its own services', async (t) => {
  const { issue, next, f } = await atCounter(t) // counter 1 serves DD only
  await issue('HT')
  t.equal(await refusal(next), 'queue_empty')
  t.equal(f.published.at(-1)?.name, 'ticket:issued', 'a refused call publishes nothing')
})

t.test('every legal transition stores the change and publishes its event', async (t) => {
  const { f, staff, counterId, issue, next } = await atCounter(t)
  const a = await issue('DD')
  const called = await next()
  t.equal(called.id, a.id)
  t.equal(called.status, 'called')
  let event = f.published.at(-1)
  t.equal(event?.name, 'ticket:called')
  t.equal(event && 'counter' in event.payload ? event.payload.counter?.currentTicketId : null, a.id, 'the event carries the counter now holding the ticket')

  const recalled = await f.run(recall, { counterId, ticketId: a.id }, staff)
  t.equal(recalled.recallCount, 1)
  t.equal(f.published.at(-1)?.name, 'ticket:recalled')

  await f.run(startServing, { counterId, ticketId: a.id }, staff)
  t.equal(f.published.at(-1)?.name, 'ticket:serving')
  const done = await f.run(finish, { counterId, ticketId: a.id }, staff)
  t.equal(done.status, 'done')
  event = f.published.at(-1)
  t.equal(event?.name, 'ticket:finished')
  t.equal(event && 'counter' in event.payload ? event.payload.counter?.currentTicketId : 'x', null, 'the counter is free again')

  const b = await issue('DD')
  await next()
  const absent = await f.run(markNoShow, { counterId, ticketId: b.id }, staff)
  t.equal(absent.status, 'no_show')
  const back = await f.run(returnToQueue, { ticketId: b.id }, staff)
  t.equal(back.status, 'waiting')
  t.equal(back.counterId, null)
  t.equal(back.queuedAt, b.queuedAt, 'a returned ticket keeps its place')
  t.equal(f.published.at(-1)?.name, 'ticket:returned')

  const c = await issue('DD')
  const cancelled = await f.run(cancel, { ticketId: c.id }, staff)
  t.equal(cancelled.status, 'cancelled')

  const stored = await sqlRows<{ type: string; from: string | null; to: string | null }>(
    f,
    'select type, from_status as "from", to_status as "to" from events where ticket_id = ? order by seq',
    [b.id],
  )
  t.same(
    stored.map((e) => [e.type, e.from, e.to]),
    [
      ['ticket:issued', null, 'waiting'],
      ['ticket:called', 'waiting', 'called'],
      ['ticket:no_show', 'called', 'no_show'],
      ['ticket:returned', 'no_show', 'waiting'],
    ],
    "the event log keeps the ticket's whole history",
  )
  const seqs = (await sqlRows<{ seq: number }>(f, 'select seq from events order by seq')).map((e) => e.seq)
  t.same(
    seqs,
    seqs.map((_, i) => i + 1),
    'sequence numbers have no gaps',
  )
})

t.test('illegal transitions are refused with a code', async (t) => {
  const { f, staff, counterId, issue, next } = await atCounter(t)
  const a = await issue('DD')
  const b = await issue('DD')
  t.equal(await refusal(() => f.run(finish, { counterId, ticketId: a.id }, staff)), 'ticket_not_serving')
  t.equal(await refusal(() => f.run(startServing, { counterId, ticketId: a.id }, staff)), 'ticket_not_called')
  t.equal(await refusal(() => f.run(recall, { counterId, ticketId: a.id }, staff)), 'ticket_not_called')
  t.equal(await refusal(() => f.run(markNoShow, { counterId, ticketId: a.id }, staff)), 'ticket_not_called')
  t.equal(await refusal(() => f.run(returnToQueue, { ticketId: a.id }, staff)), 'ticket_not_no_show')
  await next()
  t.equal(await refusal(next), 'counter_busy', 'one ticket at a time per counter')
  t.equal(await refusal(() => f.run(callSpecific, { counterId, ticketId: b.id }, staff)), 'counter_busy')
  t.equal(await refusal(() => f.run(cancel, { ticketId: a.id }, staff)), 'ticket_not_waiting', 'a called ticket cannot be cancelled')
  t.equal(await refusal(() => f.run(pauseCounter, { counterId, reason: 'Nghỉ giải lao' }, staff)), 'counter_busy')
  t.equal(await refusal(() => f.run(closeCounter, { counterId }, staff)), 'counter_busy')
  await f.run(startServing, { counterId, ticketId: a.id }, staff)
  t.equal(await refusal(() => f.run(startServing, { counterId, ticketId: a.id }, staff)), 'ticket_not_called')
  t.equal(await refusal(() => f.run(markNoShow, { counterId, ticketId: a.id }, staff)), 'ticket_not_called')
  await f.run(finish, { counterId, ticketId: a.id }, staff)
  t.equal(await refusal(() => f.run(finish, { counterId, ticketId: a.id }, staff)), 'ticket_not_serving')
  t.equal(await refusal(() => f.run(recall, { counterId, ticketId: 99999 }, staff)), 'ticket_not_found')

  // Another counter cannot touch this counter's ticket.
  const other = await f.staff('canbo2')
  const c2 = (await f.counter(2)).id
  await f.run(openCounter, { counterId: c2, staffId: other.id ?? 0 }, other)
  const held = await f.run(callNext, { counterId }, staff)
  t.equal(held.id, b.id)
  t.equal(await refusal(() => f.run(startServing, { counterId: c2, ticketId: b.id }, other)), 'ticket_not_at_counter')
  t.equal(await refusal(() => f.run(callSpecific, { counterId: c2, ticketId: b.id }, other)), 'ticket_not_waiting')
  t.equal(await refusal(() => f.run(startServing, { counterId, ticketId: b.id }, other)), 'counter_not_assigned')
})

t.test('pausing and closing a counter', async (t) => {
  const { f, staff, counterId, issue, next } = await atCounter(t)
  await issue('DD')
  const paused = await f.run(pauseCounter, { counterId, reason: 'Họp giao ban' }, staff)
  t.equal(paused.status, 'paused')
  t.equal(paused.pauseReason, 'Họp giao ban')
  t.equal(await refusal(next), 'counter_paused')
  t.equal(await refusal(() => f.run(pauseCounter, { counterId, reason: 'again' }, staff)), 'counter_paused')
  const resumed = await f.run(resumeCounter, { counterId }, staff)
  t.equal(resumed.status, 'open')
  t.equal(resumed.pauseReason, null)
  t.equal(await refusal(() => f.run(resumeCounter, { counterId }, staff)), 'counter_not_paused')
  const closed = await f.run(closeCounter, { counterId }, staff)
  t.equal(closed.status, 'closed')
  t.equal(closed.staffId, null)
  t.equal(await refusal(next), 'counter_not_assigned', 'a closed counter belongs to nobody')
  t.same(
    f.published.filter((e) => e.name === 'counter:updated').map((e) => ('counter' in e.payload ? e.payload.counter?.status : null)),
    ['open', 'paused', 'open', 'closed'],
  )
})

t.test('opening a second counter closes the first; a held counter is refused', async (t) => {
  const { f, staff, counterId } = await atCounter(t)
  const c2 = (await f.counter(2)).id
  await f.run(openCounter, { counterId: c2, staffId: staff.id ?? 0 }, staff)
  const rows = await f.read((r) => r.counters.all(1))
  t.equal(rows.find((c) => c.id === counterId)?.status, 'closed')
  t.equal(rows.find((c) => c.id === c2)?.status, 'open')
  const other = await f.staff('canbo2')
  t.equal(await refusal(() => f.run(openCounter, { counterId: c2, staffId: other.id ?? 0 }, other)), 'counter_taken')
})

t.test('transfers keep the number and move the ticket to another service or counter', async (t) => {
  const { f, staff, counterId, issue, next } = await atCounter(t)
  const a = await issue('DD')
  await next()
  await f.run(startServing, { counterId, ticketId: a.id }, staff)
  const moved = await f.run(transfer, { ticketId: a.id, counterId, toServiceId: (await f.service('TKQ')).id, note: 'Đã đủ hồ sơ, chờ trả kết quả' }, staff)
  t.equal(moved.from.status, 'transferred')
  t.equal(moved.ticket.status, 'waiting')
  t.equal(moved.ticket.number, a.number, 'same number')
  t.equal(moved.ticket.serviceId, (await f.service('TKQ')).id)
  t.equal(moved.ticket.transferredFromId, a.id)
  t.equal(moved.ticket.transferNote, 'Đã đủ hồ sơ, chờ trả kết quả')
  t.equal(moved.ticket.issuedAt, a.issuedAt)
  const event = f.published.at(-1)
  t.equal(event?.name, 'ticket:transferred')

  // Counter 6 serves TKQ: it calls the transferred ticket with its original number.
  const other = await f.staff('canbo6')
  const c6 = (await f.counter(6)).id
  await f.run(openCounter, { counterId: c6, staffId: other.id ?? 0 }, other)
  const there = await f.run(callNext, { counterId: c6 }, other)
  t.equal(there.number, a.number)
  t.equal(there.transferNote, 'Đã đủ hồ sơ, chờ trả kết quả')

  // A transfer to a counter reserves the ticket for it, ahead of its queue.
  await issue('HT') // 2001, waits for counter 3
  const b = await issue('DD')
  await next()
  await f.run(transfer, { ticketId: b.id, counterId, toCounterId: (await f.counter(3)).id }, staff)
  const s3 = await f.staff('canbo3')
  const c3 = (await f.counter(3)).id
  await f.run(openCounter, { counterId: c3, staffId: s3.id ?? 0 }, s3)
  t.equal((await f.run(callNext, { counterId: c3 }, s3)).number, b.number, 'the reserved ticket is called first at counter 3')

  t.equal(await refusal(() => f.run(transfer, { ticketId: b.id, counterId }, staff)), 'ticket_not_waiting')
  const c = await issue('DD')
  t.equal(await refusal(() => f.run(transfer, { ticketId: c.id }, staff)), 'transfer_target_missing')
  t.equal(await refusal(async () => f.run(transfer, { ticketId: c.id, toServiceId: (await f.service('DD')).id }, staff)), 'transfer_same_service')
  t.equal(await refusal(() => f.run(transfer, { ticketId: c.id, toServiceId: 9999 }, staff)), 'transfer_target_invalid')
})

t.test('closing the day closes what is left, and numbering starts again', async (t) => {
  const { f, issue, next } = await atCounter(t)
  const a = await issue('DD')
  const b = await issue('DD')
  await next() // a is called and left at the counter
  f.clock.advance(24 * 60 * MINUTE) // Tuesday
  const result = await f.run(closeDay, {})
  t.same(result.closedTicketIds.sort(), [a.id, b.id].sort())
  t.equal(result.serviceDay, '2026-11-23')
  const rows = await sqlRows<{ status: string }>(f, 'select status from tickets')
  t.ok(rows.every((r) => r.status === 'closed'))
  t.equal(f.published.at(-1)?.name, 'day:closed')
  t.equal(await refusal(next), 'queue_empty', "yesterday's tickets are not called today")
  t.equal((await issue('DD')).number, '1001')
  t.same((await f.run(closeDay, {})).closedTicketIds, [], 'closing again closes nothing')
})
