import t from 'tap'
import { issueTicket, serviceAvailability, waitOf } from '../../server/src/domain/issue.js'
import { formatTicketNumber } from '../../server/src/domain/numbering.js'
import { serviceDayOf } from '../../shared/local-time.js'
import { DomainError } from '../../server/src/domain/errors.js'
import { domainFixture } from '../helpers/domain.js'
import { FakeClock, sqlRows, sqlRun, sqlValue } from '../helpers/build.js'

const kiosk = { type: 'device' as const, id: 1 }

t.test('numbering formats: prefix with padded digits, or a block', async (t) => {
  const prefix = { numbering: 'prefix' as const, prefix: 'A', digits: 3, blockStart: 1, blockEnd: 999 }
  t.equal(formatTicketNumber(prefix, 1), 'A001')
  t.equal(formatTicketNumber(prefix, 23), 'A023')
  t.equal(formatTicketNumber(prefix, 999), 'A999')
  t.equal(formatTicketNumber(prefix, 1000), null, 'A1000 does not exist: the numbers ran out')
  const block = { numbering: 'block' as const, prefix: '', digits: 3, blockStart: 1001, blockEnd: 1999 }
  t.equal(formatTicketNumber(block, 1), '1001')
  t.equal(formatTicketNumber(block, 23), '1023')
  t.equal(formatTicketNumber(block, 999), '1999')
  t.equal(formatTicketNumber(block, 1000), null)
})

t.test('issuing numbers a service per day and writes the ticket and its event together', async (t) => {
  const f = await domainFixture(t)
  const land = (await f.service('DD')).id
  const returns = (await f.service('TKQ')).id
  const a = await f.run(issueTicket, { serviceId: land }, kiosk)
  const b = await f.run(issueTicket, { serviceId: land }, kiosk)
  const c = await f.run(issueTicket, { serviceId: returns }, kiosk)
  t.same([a.ticket.number, b.ticket.number, c.ticket.number], ['1001', '1002', 'T001'])
  t.equal(a.ticket.serviceDay, '2026-11-23')

  const stored = await f.read((r) => r.tickets.get(1, b.ticket.id))
  t.equal(stored?.status, 'waiting')
  t.equal(stored?.number, '1002')
  const logged = await sqlRows(f, 'select seq, type, ticket_id as "ticketId", actor_type as "actorType" from events order by seq')
  t.same(
    logged.map((e) => [e.seq, e.type, e.ticketId, e.actorType]),
    [
      [1, 'ticket:issued', a.ticket.id, 'device'],
      [2, 'ticket:issued', b.ticket.id, 'device'],
      [3, 'ticket:issued', c.ticket.id, 'device'],
    ],
  )
  t.same(
    f.published.map((e) => [e.name, e.payload.seq]),
    [
      ['ticket:issued', 1],
      ['ticket:issued', 2],
      ['ticket:issued', 3],
    ],
    'the published events carry the stored sequence numbers',
  )
})

t.test('numbering resets at local midnight in Asia/Ho_Chi_Minh, not UTC midnight', async (t) => {
  // 23:59 local on Monday is 16:59 UTC; 00:01 local on Tuesday is 17:01 UTC the same UTC day.
  const clock = new FakeClock(Date.UTC(2026, 10, 23, 16, 59))
  const f = await domainFixture(t, clock)
  const land = (await f.service('DD')).id
  const late = await f.run(issueTicket, { serviceId: land })
  const later = await f.run(issueTicket, { serviceId: land })
  clock.set(Date.UTC(2026, 10, 23, 17, 1))
  const early = await f.run(issueTicket, { serviceId: land })
  t.equal(late.ticket.serviceDay, '2026-11-23')
  t.equal(later.ticket.number, '1002')
  t.equal(early.ticket.serviceDay, '2026-11-24', 'after local midnight it is Tuesday')
  t.equal(early.ticket.number, '1001', 'and numbering starts again')
  t.equal(serviceDayOf(Date.UTC(2026, 10, 23, 16, 59, 59), 'Asia/Ho_Chi_Minh'), '2026-11-23')
  t.equal(serviceDayOf(Date.UTC(2026, 10, 23, 17, 0, 0), 'Asia/Ho_Chi_Minh'), '2026-11-24')
})

t.test('opening hours, daily caps and inactive services refuse issuing with a code', async (t) => {
  const f = await domainFixture(t)
  const code = async (fn: () => Promise<unknown>) => {
    try {
      await fn()
      return 'issued'
    } catch (err) {
      return err instanceof DomainError ? err.code : String(err)
    }
  }
  // XD is open on Tuesday and Thursday mornings only; the fixture's clock is Monday 08:00.
  t.equal(await code(async () => f.run(issueTicket, { serviceId: (await f.service('XD')).id })), 'service_outside_hours')
  f.clock.set(Date.UTC(2026, 10, 24, 1, 0)) // Tuesday 08:00
  t.equal(await code(async () => f.run(issueTicket, { serviceId: (await f.service('XD')).id })), 'issued')
  f.clock.set(Date.UTC(2026, 10, 24, 4, 15)) // Tuesday 11:15: the period has ended
  t.equal(await code(async () => f.run(issueTicket, { serviceId: (await f.service('XD')).id })), 'service_outside_hours')

  await f.setService('CT', { dailyCap: 2 })
  const ct = (await f.service('CT')).id
  t.equal(await code(() => f.run(issueTicket, { serviceId: ct })), 'issued')
  t.equal(await code(() => f.run(issueTicket, { serviceId: ct })), 'issued')
  t.equal(await code(() => f.run(issueTicket, { serviceId: ct })), 'daily_cap_reached')

  await f.setService('HT', { active: false })
  t.equal(await code(async () => f.run(issueTicket, { serviceId: (await f.service('HT')).id })), 'service_inactive')
  t.equal(await code(() => f.run(issueTicket, { serviceId: 9999 })), 'service_not_found')
  t.equal(await code(async () => f.run(issueTicket, { serviceId: (await f.service('DD')).id, priorityGroupId: 9999 })), 'priority_group_not_found')

  await f.setService('TKQ', { digits: 1 })
  const tkq = (await f.service('TKQ')).id
  for (let i = 1; i <= 9; i++) await f.run(issueTicket, { serviceId: tkq })
  t.equal(await code(() => f.run(issueTicket, { serviceId: tkq })), 'numbering_exhausted', 'T1…T9, then no more numbers')

  const availability = await f.read((r) => serviceAvailability(r, 1, f.clock.now()))
  const byId = new Map(availability.map((a) => [a.serviceId, a]))
  t.equal(byId.get(ct)?.reason, 'daily_cap_reached')
  t.equal(byId.get((await f.service('HT')).id)?.reason, 'service_inactive')
  t.equal(byId.get((await f.service('XD')).id)?.reason, 'service_outside_hours')
  t.equal(byId.get((await f.service('DD')).id)?.open, true)
  t.equal(byId.get(ct)?.waiting, 2)
})

t.test('on a closed day (a public holiday) no service issues, and the kiosk is told why', async (t) => {
  const f = await domainFixture(t)
  const demo = await f.read((r) => r.sites.get(1))
  t.ok(
    demo?.closedDays.some((d) => d.day === '2026-09-02' && d.name === 'Quốc khánh'),
    'the demo site knows the fixed-date holidays',
  )
  // Monday 23/11 is made a closed day; Tuesday is not.
  await f.store.write((tx) => tx.sites.update(1, { closedDays: [{ day: '2026-11-23', name: 'Nghỉ bù' }] }))
  const land = (await f.service('DD')).id
  const refusal = await (async () => {
    try {
      await f.run(issueTicket, { serviceId: land })
      return null
    } catch (err) {
      return err instanceof DomainError ? err : null
    }
  })()
  t.equal(refusal?.code, 'site_closed_today')
  t.equal(refusal?.status, 422)
  t.match(refusal?.message, /2026-11-23 \(Nghỉ bù\)/)
  t.equal(await sqlValue(f, 'select count(*) from tickets'), 0, 'no ticket written')
  const availability = await f.read((r) => serviceAvailability(r, 1, f.clock.now()))
  const active = new Set((await f.read((r) => r.services.all(1))).filter((s) => s.active).map((s) => s.id))
  t.same(
    availability.filter((a) => a.reason === 'site_closed_today').length,
    availability.filter((a) => active.has(a.serviceId)).length,
    'every offered service says the centre is closed today',
  )
  t.notOk(availability.some((a) => a.open))

  f.clock.set(Date.UTC(2026, 10, 24, 1, 0)) // Tuesday 08:00
  t.equal((await f.run(issueTicket, { serviceId: land })).ticket.number, '1001', 'the next day issues from the first number')
})

t.test('a retry with the same idempotency key returns the first ticket, never a second one', async (t) => {
  const f = await domainFixture(t)
  const land = (await f.service('DD')).id
  const first = await f.run(issueTicket, { serviceId: land, deviceId: 1, idempotencyKey: 'retry-key-1' }, kiosk)
  const retry = await f.run(issueTicket, { serviceId: land, deviceId: 1, idempotencyKey: 'retry-key-1' }, kiosk)
  t.equal(retry.ticket.id, first.ticket.id)
  t.equal(retry.replayed, true)
  t.equal(first.replayed, false)
  const other = await f.run(issueTicket, { serviceId: land, deviceId: 2, idempotencyKey: 'retry-key-1' }, kiosk)
  t.not(other.ticket.id, first.ticket.id, 'keys are per device')
  t.equal(await sqlValue(f, 'select count(*) from tickets'), 2)
  t.equal(f.published.length, 2, 'the retry published nothing')
})

t.test('estimated wait grows with the queue and shrinks with open counters', async (t) => {
  const f = await domainFixture(t)
  const land = (await f.service('DD')).id // default 15 minutes per citizen, no history yet
  // The kiosk's answer: the ticket, then its wait read once the issue has committed.
  const issue = async (input: { serviceId: number }) => {
    const issued = await f.run(issueTicket, input)
    return { ...issued, ...(await f.read((r) => waitOf(r, 1, issued.ticket, f.clock.now()))) }
  }
  const first = await issue({ serviceId: land })
  t.equal(first.waitingAhead, 0)
  t.equal(first.estimatedWaitMinutes, 0)
  await issue({ serviceId: land })
  const third = await issue({ serviceId: land })
  t.equal(third.waitingAhead, 2)
  t.equal(third.servingCounters, 'none', 'no Đất đai counter is open yet: the kiosk says so instead of a wait')
  t.equal(third.estimatedWaitMinutes, 15, 'forecast as if both Đất đai counters opened: two at once, then the third')
  const { openCounter } = await import('../../server/src/domain/counter-state.js')
  await f.run(openCounter, { counterId: (await f.counter(1)).id, staffId: (await f.staff('canbo1')).id ?? 0 }, await f.staff('canbo1'))
  await f.run(openCounter, { counterId: (await f.counter(2)).id, staffId: (await f.staff('canbo2')).id ?? 0 }, await f.staff('canbo2'))
  const fourth = await issue({ serviceId: land })
  t.equal(fourth.waitingAhead, 3)
  t.equal(fourth.servingCounters, 'open')
  t.equal(fourth.estimatedWaitMinutes, 15, 'two open counters call two each: the fourth after one visit of 15 min')
})

t.test('a service no counter serves is not offered: nobody could call its numbers', async (t) => {
  const f = await domainFixture(t)
  const kd = (await f.service('KD')).id
  await sqlRun(f, 'delete from counter_services where service_id = ?', [kd])
  try {
    await f.run(issueTicket, { serviceId: kd })
    t.fail('issued a ticket nobody can call')
  } catch (err) {
    t.equal((err as DomainError).code, 'service_closed')
  }
  const availability = (await f.read((r) => serviceAvailability(r, 1, f.clock.now()))).find((a) => a.serviceId === kd)
  t.equal(availability?.open, false)
  t.equal(availability?.reason, 'service_closed')
})
