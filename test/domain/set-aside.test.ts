/**
 * Setting a ticket aside at the counter and resuming it: the stored row and the published event of
 * each step, the refusals, the day close, and the service time the reports and estimates count
 * without the time aside.
 */
import t, { type Test } from 'tap'
import { issueTicket } from '../../server/src/domain/issue.js'
import { callNext, finish, markNoShow, resume, returnToQueue, setAside, startServing } from '../../server/src/domain/calls.js'
import { openCounter, pauseCounter, resumeCounter } from '../../server/src/domain/counter-state.js'
import { closeDay } from '../../server/src/domain/day.js'
import { DomainError } from '../../server/src/domain/errors.js'
import { runReport } from '../../server/src/reports/run-report.js'
import { reportSourceOf } from '../../server/src/reports/source.js'
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

async function desk(t: Test) {
  const f = await domainFixture(t)
  const staff = await f.staff('canbo1')
  const counterId = (await f.counter(1)).id
  await f.run(openCounter, { counterId, staffId: staff.id ?? 0 }, staff)
  const issue = async () => {
    const { ticket } = await f.run(issueTicket, { serviceId: (await f.service('DD')).id, priorityGroupId: null })
    return ticket
  }
  const at = (ticketId: number) => ({ counterId, ticketId })
  /** Calls the next ticket and starts serving it. */
  const serveNext = async () => {
    const called = await f.run(callNext, { counterId }, staff)
    f.clock.advance(MINUTE)
    await f.run(startServing, at(called.id), staff)
    return called
  }
  const row = (id: number) => f.read((r) => r.tickets.get(1, id))
  return { f, staff, counterId, issue, at, serveNext, row }
}

t.test('set aside: the ticket keeps its counter, number and times, the counter is free, the event says so', async (t) => {
  const { f, staff, counterId, issue, at, serveNext, row } = await desk(t)
  await issue()
  await issue()
  const first = await serveNext()
  const before = (await row(first.id))!
  f.clock.advance(4 * MINUTE)
  const asideAt = f.clock.now()
  const view = await f.run(setAside, at(first.id), staff)
  t.equal(view.status, 'set_aside')

  const stored = (await row(first.id))!
  t.equal(stored.status, 'set_aside', 'the row is set aside')
  t.equal(stored.counterId, counterId, 'it keeps its counter')
  t.equal(stored.number, before.number, 'and its number')
  t.equal(stored.calledAt, before.calledAt, 'and its call time')
  t.equal(stored.servingAt, before.servingAt, 'and its start time')
  t.equal(stored.asideAt, asideAt, 'the instant it was set aside')
  t.equal(stored.asideMs, 0)
  t.equal(await f.read((r) => r.tickets.atCounter(counterId)), undefined, 'no ticket holds the counter')

  const event = f.published.at(-1)!
  t.equal(event.name, 'ticket:set_aside', 'published after commit')
  if (event.name !== 'ticket:set_aside') return
  t.equal(event.payload.ticket.status, 'set_aside')
  t.equal(event.payload.counter?.currentTicketId, null, 'the counter shows no current ticket')

  // The counter calls the next citizen meanwhile.
  const second = await f.run(callNext, { counterId }, staff)
  t.not(second.id, first.id, 'the next citizen is called while the first is aside')
})

t.test('resume: back to serving at the same counter; the time aside is added up; refusals change nothing', async (t) => {
  const { f, staff, counterId, issue, at, serveNext, row } = await desk(t)
  await issue()
  await issue()
  const first = await serveNext()
  f.clock.advance(3 * MINUTE)
  await f.run(setAside, at(first.id), staff)
  f.clock.advance(7 * MINUTE)

  // The counter is busy with another citizen: refused, with the counter's ticket named.
  const second = await f.run(callNext, { counterId }, staff)
  const seq = f.published.length
  t.equal(await refusal(() => f.run(resume, at(first.id), staff)), 'counter_busy', 'a counter with another ticket cannot resume')
  t.equal((await row(first.id))!.status, 'set_aside', 'the refused ticket stays aside')
  t.equal(f.published.length, seq, 'a refusal publishes nothing')

  // Another officer's counter cannot resume it; nor can a resume happen from any other status.
  const other = await f.staff('canbo2')
  const counter2 = (await f.counter(2)).id
  await f.run(openCounter, { counterId: counter2, staffId: other.id ?? 0 }, other)
  t.equal(await refusal(() => f.run(resume, { counterId: counter2, ticketId: first.id }, other)), 'ticket_not_at_counter', 'only at its own counter')
  t.equal(await refusal(() => f.run(resume, at(second.id), staff)), 'ticket_not_set_aside', 'a called ticket is not aside')
  t.equal(await refusal(() => f.run(setAside, at(second.id), staff)), 'ticket_not_serving', 'only a ticket being served is set aside')

  await f.run(startServing, at(second.id), staff)
  await f.run(finish, at(second.id), staff)
  // A paused counter does not take citizens back either.
  await f.run(pauseCounter, { counterId, reason: 'Họp' }, staff)
  t.equal(await refusal(() => f.run(resume, at(first.id), staff)), 'counter_paused')
  await f.run(resumeCounter, { counterId }, staff)

  f.clock.advance(MINUTE)
  const aside = f.clock.now() - (await row(first.id))!.asideAt!
  const view = await f.run(resume, at(first.id), staff)
  t.equal(view.status, 'serving')
  const stored = (await row(first.id))!
  t.equal(stored.status, 'serving', 'served again')
  t.equal(stored.counterId, counterId, 'at the same counter')
  t.equal(stored.asideAt, null)
  t.equal(stored.asideMs, aside, 'the time aside is kept')
  t.equal(aside, 8 * MINUTE, 'seven minutes, then one more')
  const event = f.published.at(-1)!
  t.equal(event.name, 'ticket:resumed')
  if (event.name === 'ticket:resumed') t.equal(event.payload.counter?.currentTicketId, first.id, 'the counter shows it again')
  t.same((await f.read((r) => r.tickets.atCounter(counterId)))?.id, first.id, 'it holds the counter')

  // Aside a second time: the stretches add up.
  f.clock.advance(MINUTE)
  await f.run(setAside, at(first.id), staff)
  f.clock.advance(2 * MINUTE)
  await f.run(resume, at(first.id), staff)
  t.equal((await row(first.id))!.asideMs, 10 * MINUTE, 'two stretches aside: eight and two minutes')
})

t.test('closing the day closes set-aside tickets like the rest', async (t) => {
  const { f, staff, issue, at, serveNext, row } = await desk(t)
  await issue()
  const first = await serveNext()
  await f.run(setAside, at(first.id), staff)
  f.clock.advance(24 * 60 * MINUTE)
  const closed = await f.run(closeDay, {})
  t.ok(closed.closedTicketIds.includes(first.id), 'the day close names it')
  t.equal((await row(first.id))!.status, 'closed')
  t.equal(await refusal(() => f.run(resume, at(first.id), staff)), 'ticket_not_set_aside', 'a closed ticket cannot be resumed')
})

t.test('service time leaves out the time aside: reports, staff figures and estimates', async (t) => {
  const { f, staff, issue, at, serveNext } = await desk(t)
  const day = (await f.read((r) => r.sites.get(1)))!
  await issue()
  await issue()
  // Ticket 1: called, 1 min to start (serveNext), served 3 min, aside 10 min, served 2 more min.
  const first = await serveNext()
  f.clock.advance(3 * MINUTE)
  await f.run(setAside, at(first.id), staff)
  // Meanwhile ticket 2: 1 min to start, served 4 min.
  const second = await serveNext()
  f.clock.advance(4 * MINUTE)
  await f.run(finish, at(second.id), staff)
  f.clock.advance(5 * MINUTE)
  await f.run(resume, at(first.id), staff)
  f.clock.advance(2 * MINUTE)
  await f.run(finish, at(first.id), staff)

  const recent = await f.read((r) => r.tickets.recentServiceMs(first.serviceId, 0, 10))
  t.same(recent, [5 * MINUTE, 4 * MINUTE], 'the estimates read 5 and 4 minutes of service')

  const now = f.clock.now()
  const source = reportSourceOf(f.database)
  const today = first.serviceDay
  const run = () => runReport(source, day.id, { from: today, to: today }, now)
  const report = f.database.kind === 'sqlite' ? await f.store.read(run) : await run()
  t.equal(report.totals.service.mean, 4.5 * MINUTE, 'mean service of 5 and 4 minutes: the 10 minutes aside are left out')
  t.equal(report.totals.service.max, 5 * MINUTE)
  const row = report.staffDays.find((s) => s.staffId === staff.id)
  t.ok(row, 'the officer has a row')
  t.equal(row!.served, 2)
  t.equal(row!.serviceMean, 4.5 * MINUTE, 'staff mean service without time aside')
  t.equal(row!.callToStartMean, MINUTE, 'a minute from call to start, each')
  t.equal(row!.asideMs, 10 * MINUTE, 'ten minutes aside')
  t.equal(row!.asideTickets, 1)
  // Open from the opening (fixture start) to now; busy: ticket 1 call → finish without aside (1+3+2 = 6
  // min), ticket 2 (1+4 = 5 min).
  const opened = now - (1 + 3 + 1 + 4 + 5 + 2) * MINUTE
  t.equal(row!.openMs, now - opened, 'open since the counter opened')
  t.equal(row!.idleMs, now - opened - 11 * MINUTE, 'idle: open time without the time tickets held the counter')
  t.same(row!.outcomes, [], 'outcomes wait for the procedures branch')
})

t.test('a citizen set aside who does not come back: marked absent with the time aside counted, the counter left as it is', async (t) => {
  const { f, staff, counterId, issue, at, serveNext, row } = await desk(t)
  await issue()
  await issue()
  const first = await serveNext()
  await f.run(setAside, at(first.id), staff)
  f.clock.advance(20 * MINUTE)
  const second = await serveNext()
  const absent = await f.run(markNoShow, at(first.id), staff)
  t.equal(absent.status, 'no_show')
  const stored = (await row(first.id))!
  t.equal(stored.asideAt, null)
  t.equal(stored.asideMs, 21 * MINUTE, 'its twenty-one minutes aside are counted')
  t.equal((await f.read((r) => r.tickets.atCounter(counterId)))?.id, second.id, 'the counter still serves the next citizen')
  const event = f.published.at(-1)!
  t.equal(event.name, 'ticket:no_show')
  if (event.name === 'ticket:no_show') t.notOk(event.payload.counter, 'no change of the counter is published')
  t.equal(await refusal(() => f.run(resume, at(first.id), staff)), 'ticket_not_set_aside', 'it cannot be resumed any more')
  const back = await f.run(returnToQueue, { ticketId: first.id }, staff)
  t.equal(back.status, 'waiting', 'and may still come back to the queue, like any absent citizen')
})
