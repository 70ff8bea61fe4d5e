/**
 * Commands await between their queries (so that the same rules can run on an asynchronous
 * database), yet no two may interleave inside one transaction: on SQLite the store runs one
 * transaction at a time on its connection; on PostgreSQL the second waits for the site's row lock
 * the first holds. These tests hold a command open across a real timer
 * while another command, at another counter, is submitted.
 */
import t from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { callNext } from '../../server/src/domain/calls.js'
import { openCounter } from '../../server/src/domain/counter-state.js'
import { DomainError } from '../../server/src/domain/errors.js'
import { issueTicket } from '../../server/src/domain/issue.js'
import type { Command } from '../../server/src/domain/runner.js'
import { serviceDayOf } from '../../shared/local-time.js'
import { sqlRows, sqlValue } from '../helpers/build.js'
import type { TicketView } from '../../shared/types.js'
import { domainFixture } from '../helpers/domain.js'

const WAIT_MS = 40

async function twoCounters(t: Parameters<typeof domainFixture>[0]) {
  const f = await domainFixture(t)
  // Counters 1 and 2 both serve Đất đai.
  const one = { counterId: (await f.counter(1)).id, staff: await f.staff('canbo1') }
  const two = { counterId: (await f.counter(2)).id, staff: await f.staff('canbo2') }
  for (const c of [one, two]) await f.run(openCounter, { counterId: c.counterId, staffId: c.staff.id ?? 0 }, c.staff)
  const issued: TicketView[] = []
  for (let i = 0; i < 3; i++) {
    issued.push((await f.run(issueTicket, { serviceId: (await f.service('DD')).id })).ticket)
    f.clock.advance(60_000)
  }
  const log: string[] = []
  /** `command`, noting in `log` when its body starts and ends. */
  const tracked =
    <I, R>(name: string, command: Command<I, R>): Command<I, R> =>
    async (ctx, input) => {
      log.push(`${name} starts`)
      try {
        return await command(ctx, input)
      } finally {
        log.push(`${name} ends`)
      }
    }
  const eventCount = () => sqlValue<number>(f, 'select count(*) from events')
  return { f, one, two, issued, log, tracked, eventCount }
}

t.test('a command waiting on a timer between its read and its write runs alone; the next one sees its committed change', async (t) => {
  const { f, one, two, issued, log, tracked } = await twoCounters(t)
  let entered!: () => void
  const waiting = new Promise<void>((resolve) => (entered = resolve))
  let seenFirst: number | undefined
  // Reads the head of the queue, waits on a real timer, then calls.
  const slowCall: Command<{ counterId: number }, TicketView> = async (ctx, input) => {
    const site = await ctx.tx.sites.get(ctx.siteId)
    const queue = await ctx.tx.tickets.waiting(ctx.siteId, serviceDayOf(ctx.now, site!.timeZone))
    seenFirst = queue.sort((a, b) => a.queuedAt - b.queuedAt || a.id - b.id)[0]?.id
    entered()
    await sleep(WAIT_MS)
    return callNext(ctx, input)
  }
  const published = f.published.length
  const a = f.run(tracked('A', slowCall), { counterId: one.counterId }, one.staff)
  await waiting
  // Submitted while A's transaction is open and A is waiting.
  const b = f.run(tracked('B', callNext), { counterId: two.counterId }, two.staff)
  const [calledByA, calledByB] = await Promise.all([a, b])

  t.same(log, ['A starts', 'A ends', 'B starts', 'B ends'], 'B ran only after A had finished')
  t.equal(seenFirst, issued[0]!.id, 'A read the first ticket before its wait')
  t.equal(calledByA.id, issued[0]!.id, 'and called it after the wait: nobody took it in between')
  t.equal(calledByB.id, issued[1]!.id, 'B saw A’s committed call and took the next ticket')
  const rows = await sqlRows<{ id: number; status: string; counterId: number | null }>(
    f,
    'select id, status, counter_id as "counterId" from tickets order by id',
  )
  t.same(
    rows.map((r) => [r.id, r.status, r.counterId]),
    [
      [issued[0]!.id, 'called', one.counterId],
      [issued[1]!.id, 'called', two.counterId],
      [issued[2]!.id, 'waiting', null],
    ],
  )
  const calls = f.published.slice(published)
  t.same(
    calls.map((e) => [e.name, 'ticket' in e.payload ? e.payload.ticket.id : null]),
    [
      ['ticket:called', issued[0]!.id],
      ['ticket:called', issued[1]!.id],
    ],
    'both calls were published, in the order they committed',
  )
  t.equal(calls[1]!.payload.seq, calls[0]!.payload.seq + 1, 'with consecutive sequence numbers')
})

t.test('a command that fails after writing leaves nothing written and publishes nothing', async (t) => {
  const { f, one, two, issued, log, tracked, eventCount } = await twoCounters(t)
  let entered!: () => void
  const waiting = new Promise<void>((resolve) => (entered = resolve))
  // Calls the first ticket for real, waits, then is refused: its call must vanish with it.
  const callThenFail: Command<{ counterId: number }, TicketView> = async (ctx, input) => {
    const outcome = await callNext(ctx, input)
    entered()
    await sleep(WAIT_MS)
    throw new DomainError('counter_busy', `refused after calling ${outcome.result.number}`)
  }
  const published = f.published.length
  const eventsBefore = (await eventCount())!
  const seqBefore = (await f.read((r) => r.sites.get(1)))!.eventSeq
  const a = f.run(tracked('A', callThenFail), { counterId: one.counterId }, one.staff)
  const failed = a.then(
    () => null,
    (err: unknown) => err,
  )
  await waiting
  const b = f.run(tracked('B', callNext), { counterId: two.counterId }, two.staff)

  const err = await failed
  t.ok(err instanceof DomainError, 'the failing command rejects with its refusal')
  t.match((err as Error).message, /refused after calling/)
  const calledByB = await b
  t.same(log, ['A starts', 'A ends', 'B starts', 'B ends'])
  t.equal(calledByB.id, issued[0]!.id, 'B never saw the call A rolled back: it took the first ticket')
  const first = (await f.read((r) => r.tickets.get(1, issued[0]!.id)))!
  t.equal(first.counterId, two.counterId, 'the first ticket is at counter 2, not counter 1')
  const counterOne = await sqlRows(f, 'select id, status from tickets where counter_id = ?', [one.counterId])
  t.same(counterOne, [], 'nothing of A’s call is left at counter 1')
  t.equal(await eventCount(), eventsBefore + 1, 'only B’s call is in the event log')
  const seqAfter = (await f.read((r) => r.sites.get(1)))!.eventSeq
  t.equal(seqAfter, seqBefore + 1, 'the sequence moved by B’s one event: no gap left by A')
  t.same(
    f.published.slice(published).map((e) => e.name),
    ['ticket:called'],
    'only B’s call was published',
  )
  t.equal(f.published.at(-1)!.payload.seq, seqAfter)
})
