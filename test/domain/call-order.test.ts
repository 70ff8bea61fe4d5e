/**
 * The console lists waiting tickets in `callOrder` and marks the first as next; the server's
 * call-next must take exactly that ticket. Checked on a real database through the domain
 * commands, across priority streaks, transfers to a counter, both strategies and several
 * `maxPriorityInRow` settings, and on hand-made cases that name each part of the rule.
 */
import t from 'tap'
import { callOrder, type CallCandidate, type CallingCounter } from '../../shared/call-order.js'
import { issueTicket } from '../../server/src/domain/issue.js'
import { callNext, finish, startServing, transfer } from '../../server/src/domain/calls.js'
import { openCounter } from '../../server/src/domain/counter-state.js'
import { buildSnapshot } from '../../server/src/domain/snapshot.js'
import type { CallStrategy } from '../../shared/constants.js'
import { domainFixture } from '../helpers/domain.js'
import { seededRandom } from '../helpers/random.js'

const MINUTE = 60_000

const ticket = (id: number, serviceId: number, priority: boolean, extra: Partial<CallCandidate> = {}): CallCandidate => ({
  id,
  serviceId,
  priorityGroupId: priority ? 1 : null,
  queuedAt: id * MINUTE,
  targetCounterId: null,
  ...extra,
})
const desk = (over: Partial<CallingCounter> = {}): CallingCounter => ({ id: 1, strategy: 'service_order', serviceIds: [10, 20], priorityStreak: 0, ...over })
const ids = (xs: CallCandidate[]) => xs.map((x) => x.id)

t.test('the rule, part by part', async (t) => {
  const waiting = [ticket(1, 10, false), ticket(2, 10, true), ticket(3, 10, true), ticket(4, 10, true), ticket(5, 10, false)]
  t.same(ids(callOrder(waiting, desk(), 2)), [2, 3, 1, 4, 5], 'two priority tickets in a row, then an ordinary one goes first')
  t.same(ids(callOrder(waiting, desk({ priorityStreak: 2 }), 2)), [1, 2, 3, 5, 4], 'a streak already at the limit lets the ordinary ticket go first')
  t.same(ids(callOrder(waiting, desk(), 0)), [1, 2, 3, 4, 5], 'maxPriorityInRow 0: arrival only')
  t.same(
    ids(callOrder([ticket(1, 10, true), ticket(2, 10, true)], desk({ priorityStreak: 5 }), 1)),
    [1, 2],
    'with no ordinary ticket waiting, priority goes on',
  )

  const mixed = [ticket(1, 20, false), ticket(2, 10, false), ticket(3, 30, false)]
  t.same(ids(callOrder(mixed, desk(), 3)), [2, 1], 'service order: the counter’s first field first; a field it does not serve is left out')
  t.same(ids(callOrder(mixed, desk({ strategy: 'longest_wait' }), 3)), [1, 2], 'longest wait: arrival across the counter’s fields')

  const reserved = [ticket(1, 10, true), ticket(2, 30, false, { targetCounterId: 1 }), ticket(3, 10, false, { targetCounterId: 2 })]
  t.same(ids(callOrder(reserved, desk(), 3)), [2, 1], 'a ticket sent to this counter comes first, whatever its field; one sent elsewhere is left out')
  const afterReserved = [ticket(1, 10, true), ticket(2, 10, true), ticket(3, 10, false), ticket(9, 10, false, { targetCounterId: 1 })]
  t.same(ids(callOrder(afterReserved, desk({ priorityStreak: 1 }), 2)), [9, 1, 2, 3], 'calling a reserved ticket starts the priority streak again')
})

t.test('the ticket the console marks next is the one call-next calls', async (t) => {
  const strategies: CallStrategy[] = ['service_order', 'longest_wait']
  let compared = 0
  for (const [round, strategy] of strategies.flatMap((s) => [0, 1, 2, 3].map((max) => [max, s] as const)).entries()) {
    const [maxPriorityInRow, counterStrategy] = [strategy[0], strategy[1]]
    const f = await domainFixture(t)
    const next = seededRandom(1000 + round)
    const c1 = (await f.counter(1)).id
    const c2 = (await f.counter(2)).id
    const served = [(await f.service('HT')).id, (await f.service('DD')).id, (await f.service('CT')).id]
    await f.store.write(async (tx) => {
      await tx.sites.update(1, { maxPriorityInRow })
      await tx.counters.update(c1, f.clock.now(), { strategy: counterStrategy })
      await tx.counters.setServices(c1, served)
    })
    const lan = await f.staff('canbo1')
    await f.run(openCounter, { counterId: c1, staffId: lan.id ?? 0 }, lan)

    const codes = ['DD', 'HT', 'CT', 'KD']
    const groups = ['NCT', 'NKT']
    const predicted = async () => {
      const snap = await f.read((r) => buildSnapshot(r, 1, f.clock.now(), 'http://qms.test'))
      const counter = snap.counters.find((c) => c.id === c1)
      if (!counter) throw new Error('no counter 1')
      return callOrder(
        snap.tickets.filter((x) => x.status === 'waiting'),
        counter,
        snap.site.maxPriorityInRow,
      )
    }
    for (let step = 0; step < 40; step++) {
      const roll = next()
      if (roll < 0.55) {
        const code = codes[Math.floor(next() * codes.length)] as string
        const group = next() < 0.4 ? await f.group(groups[Math.floor(next() * groups.length)] as string) : null
        await f.run(issueTicket, { serviceId: (await f.service(code)).id, priorityGroupId: group })
      } else if (roll < 0.65) {
        // Staff send a waiting ticket (not yet sent anywhere) to counter 1 or to counter 2.
        const open = (await f.read((r) => buildSnapshot(r, 1, f.clock.now(), 'http://qms.test'))).tickets.filter(
          (x) => x.status === 'waiting' && x.targetCounterId === null,
        )
        const pick = open[Math.floor(next() * open.length)]
        if (pick) await f.run(transfer, { ticketId: pick.id, toCounterId: next() < 0.7 ? c1 : c2 }, lan)
      } else {
        const order = await predicted()
        if (order.length === 0) continue
        const called = await f.run(callNext, { counterId: c1 }, lan)
        t.equal(called.id, order[0]?.id, `round ${round} step ${step}: call-next takes the ticket marked next`)
        compared++
        await f.run(startServing, { counterId: c1, ticketId: called.id }, lan)
        await f.run(finish, { counterId: c1, ticketId: called.id }, lan)
      }
      f.clock.advance(MINUTE)
    }
    // A last burst of arrivals; then, with nobody arriving, the calls follow the whole list, in order.
    for (let i = 0; i < 8; i++) {
      const code = codes[Math.floor(next() * 3)] as string
      await f.run(issueTicket, { serviceId: (await f.service(code)).id, priorityGroupId: next() < 0.5 ? await f.group('NCT') : null })
      f.clock.advance(MINUTE)
    }
    const order = (await predicted()).map((x) => x.number)
    const calls: string[] = []
    for (let i = 0; i < order.length; i++) {
      const called = await f.run(callNext, { counterId: c1 }, lan)
      calls.push(called.number)
      await f.run(startServing, { counterId: c1, ticketId: called.id }, lan)
      await f.run(finish, { counterId: c1, ticketId: called.id }, lan)
      f.clock.advance(MINUTE)
    }
    t.same(calls, order, `round ${round} (${counterStrategy}, ${maxPriorityInRow} in a row): the list is the order of the calls`)
    t.ok(order.length > 3, 'a queue long enough to say something')
  }
  t.ok(compared > 50, `call-next compared with the list ${compared} times`)
})
