/**
 * "People ahead" and the wait come from replaying the call-next rule (queue-forecast.ts). These
 * tests check the replay against the real `callNext` on the database: issue a mix, ask the
 * estimate for a ticket, then call next at the counters until that ticket is called.
 */
import t, { type Test } from 'tap'
import { issueTicket } from '../../server/src/domain/issue.js'
import { callNext, finish, startServing, transfer } from '../../server/src/domain/calls.js'
import { openCounter, pauseCounter, closeCounter } from '../../server/src/domain/counter-state.js'
import { estimateAll, estimateFor, estimateNewTicket, estimateTicket, loadQueueNow } from '../../server/src/domain/estimate.js'
import { forecastCalls } from '../../server/src/domain/queue-forecast.js'
import type { TicketView } from '../../shared/types.js'
import { sqlRows } from '../helpers/build.js'
import { domainFixture, type DomainFixture } from '../helpers/domain.js'

const MINUTE = 60_000

async function centre(t: Test, open: number[]) {
  const f = await domainFixture(t)
  const staffAt = new Map<number, Awaited<ReturnType<DomainFixture['staff']>>>()
  for (const number of open) {
    const staff = await f.staff(`canbo${number}`)
    await f.run(openCounter, { counterId: (await f.counter(number)).id, staffId: staff.id ?? 0 }, staff)
    staffAt.set(number, staff)
  }
  const issue = async (code: string, group?: string): Promise<TicketView> => {
    const r = await f.run(issueTicket, { serviceId: (await f.service(code)).id, priorityGroupId: group ? await f.group(group) : null })
    f.clock.advance(MINUTE)
    return r.ticket
  }
  const counterNumber = async (id: number) => (await f.read((r) => r.counters.get(1, id)))!.number
  /** Calls next at the counter, serves and finishes the ticket; returns the ticket called. */
  const serveNextAt = async (counterId: number): Promise<TicketView> => {
    const staff = staffAt.get(await counterNumber(counterId))
    const called = await f.run(callNext, { counterId }, staff)
    await f.run(startServing, { counterId, ticketId: called.id }, staff)
    await f.run(finish, { counterId, ticketId: called.id }, staff)
    return called
  }
  const row = async (id: number) => (await f.read((r) => r.tickets.get(1, id)))!
  return { f, issue, serveNextAt, row, staffAt }
}

/** A small deterministic generator, so a failing mix can be replayed. */
function lcg(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
}

t.test('a counter serving several services in order calls all of its first service before the second', async (t) => {
  // The issue's case: counter 3 serves Hộ tịch first, then Chứng thực. A Chứng thực ticket with two
  // Chứng thực tickets before it used to be told "2", and nine Hộ tịch tickets were called first.
  const { f, issue, serveNextAt, row } = await centre(t, [3])
  await issue('CT')
  await issue('CT')
  for (let i = 0; i < 4; i++) await issue('HT')
  const mine = await issue('CT')
  for (let i = 0; i < 5; i++) await issue('HT')

  const estimate = await f.read(async (r) => estimateTicket(r, (await r.tickets.get(1, mine.id))!, f.clock.now()))
  t.equal(estimate.ahead, 11, 'nine Hộ tịch and two earlier Chứng thực go first')
  t.equal(estimate.servingCounters, 'open')

  let before = 0
  for (let i = 0; i < 20 && (await row(mine.id)).status === 'waiting'; i++) {
    const called = await serveNextAt((await f.counter(3)).id)
    if (called.id !== mine.id) before++
  }
  t.equal((await row(mine.id)).status, 'done', 'the ticket was reached')
  t.equal(before, estimate.ahead, 'exactly that many were called before it')
})

t.test('a realistic mix at three counters: the forecast is the order the real call-next takes', async (t) => {
  for (const seed of [7, 42, 2026]) {
    const { f, issue, serveNextAt, row } = await centre(t, [3, 4, 6])
    const c6 = (await f.counter(6)).id
    await f.store.write(async (tx) => {
      await tx.sites.update(1, { maxPriorityInRow: 2 })
      await tx.counters.update(c6, f.clock.now(), { strategy: 'longest_wait' })
    })
    const random = lcg(seed)
    const codes = ['HT', 'HT', 'CT', 'CT', 'CT', 'TKQ']
    const groups = ['NCT', 'NKT', 'PNMT']
    const issued: TicketView[] = []
    for (let i = 0; i < 36; i++) {
      const code = codes[Math.floor(random() * codes.length)]!
      const group = random() < 0.25 ? groups[Math.floor(random() * groups.length)] : undefined
      issued.push(await issue(code, group))
    }
    // Staff send two waiting citizens to counter 4 by name: it calls them before anything else.
    await f.run(transfer, { ticketId: issued[20]!.id, toCounterId: (await f.counter(4)).id, note: 'Hồ sơ cần ký lại' })
    await f.run(transfer, { ticketId: issued[3]!.id, toCounterId: (await f.counter(4)).id })
    // A first round of calls gives the counters priority streaks to carry.
    for (const n of [3, 4, 6, 3]) await serveNextAt((await f.counter(n)).id)

    const queue = await f.read((r) => loadQueueNow(r, 1, f.clock.now()))
    const ct = (await f.service('CT')).id
    const ctTickets = new Set((await sqlRows<{ id: number }>(f, 'select id from tickets where service_id = ?', [ct])).map((x) => x.id))
    const ordinaryCt = queue.waiting.filter((w) => !w.priority && ctTickets.has(w.id))
    const target = ordinaryCt[Math.floor(ordinaryCt.length / 2)]!
    const estimate = estimateFor(queue, target.id)
    const plan = forecastCalls({ ...queue, counters: queue.counters.filter((c) => c.status === 'open'), until: target.id })
    t.ok(plan.length > 5, `seed ${seed}: a long enough wait to mean something (${plan.length} calls)`)

    // Drive the real counters in the forecast's turn order; every pick must be the real one.
    const servers = new Set([(await f.counter(3)).id, (await f.counter(4)).id, (await f.counter(6)).id]) // all serve Chứng thực
    let before = 0
    let mismatches = 0
    for (const call of plan) {
      const real = await serveNextAt(call.counterId)
      if (real.id !== call.ticketId) mismatches++
      if (real.id !== target.id && servers.has(call.counterId)) before++
    }
    t.equal(mismatches, 0, `seed ${seed}: every call matched the real callNext`)
    t.equal((await row(target.id)).status, 'done', `seed ${seed}: the ticket was called at the end`)
    t.equal(before, estimate.ahead, `seed ${seed}: people ahead matches the calls made before it`)

    // One forecast run for every phone gives each ticket what a forecast of its own gives.
    const after = await f.read((r) => loadQueueNow(r, 1, f.clock.now()))
    const all = estimateAll(after)
    let differing = 0
    for (const w of after.waiting) {
      const one = estimateFor(after, w.id)
      const many = all.get(w.id)
      if (!many || many.ahead !== one.ahead || many.minutes !== one.minutes) differing++
    }
    t.equal(differing, 0, `seed ${seed}: estimateAll agrees with estimateFor for ${after.waiting.length} tickets`)
  }
})

t.test('the wait follows the counters that serve the service and their service times', async (t) => {
  const { f, issue } = await centre(t, [1])
  await issue('DD')
  await issue('DD')
  const third = await issue('DD')
  // Đất đai takes 15 minutes by default; counter 1 alone: two visits before.
  const one = await f.read(async (r) => estimateTicket(r, (await r.tickets.get(1, third.id))!, f.clock.now()))
  t.same(one, { ahead: 2, minutes: 30, servingCounters: 'open' })
  // Counter 2 (Đất đai, then Xây dựng) opens: the two visits run side by side.
  const staff = await f.staff('canbo2')
  await f.run(openCounter, { counterId: (await f.counter(2)).id, staffId: staff.id ?? 0 }, staff)
  const two = await f.read(async (r) => estimateTicket(r, (await r.tickets.get(1, third.id))!, f.clock.now()))
  t.same(two, { ahead: 2, minutes: 15, servingCounters: 'open' })
  const fresh = estimateNewTicket(await f.read((r) => loadQueueNow(r, 1, f.clock.now())), (await f.service('DD')).id)
  t.same(fresh, { ahead: 3, minutes: 15, servingCounters: 'open' }, 'a new ticket waits behind the three: its turn comes when the first two visits end')
})

t.test('with no open counter for the service the estimate says so: paused, or none', async (t) => {
  const { f, issue, staffAt } = await centre(t, [5])
  const kd = await issue('KD')
  const dd = await issue('DD')
  const kdCounter = (await f.counter(5)).id
  await f.run(pauseCounter, { counterId: kdCounter, reason: 'Họp giao ban' }, staffAt.get(5))
  t.equal(
    (await f.read(async (r) => estimateTicket(r, (await r.tickets.get(1, kd.id))!, f.clock.now()))).servingCounters,
    'paused',
    'its only counter is paused',
  )
  t.equal((await f.read(async (r) => estimateTicket(r, (await r.tickets.get(1, dd.id))!, f.clock.now()))).servingCounters, 'none', 'no Đất đai counter is open')
  t.equal((await f.read(async (r) => estimateTicket(r, (await r.tickets.get(1, dd.id))!, f.clock.now()))).ahead, 0)
  await f.run(closeCounter, { counterId: kdCounter }, staffAt.get(5))
  t.equal((await f.read(async (r) => estimateTicket(r, (await r.tickets.get(1, kd.id))!, f.clock.now()))).servingCounters, 'none', 'closed as well')
})
