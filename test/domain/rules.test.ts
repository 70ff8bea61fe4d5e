/**
 * Two queue rules that nothing else tested (a mutation of each survived the suite), through the
 * HTTP API and the fake clock as staff would meet them:
 * - a citizen marked absent can be returned to the queue only on the ticket's own service day
 *   (the site's local date, Asia/Ho_Chi_Minh), not the next morning;
 * - a call of a ticket reserved for the counter (transferred to that counter) starts the counter's
 *   run of priority calls again, whatever the reserved ticket's class.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { MONDAY_8AM, aDevice, build, counterId, groupId, issue, login, serviceId, type Staff } from '../helpers/build.js'

const HOUR = 3_600_000
/** Monday 23 November 2026, 23:59 in Hà Nội (UTC+7), and the next local midnight. */
const MONDAY_LAST_MINUTE = Date.UTC(2026, 10, 23, 16, 59, 0)
const TUESDAY_MIDNIGHT = Date.UTC(2026, 10, 23, 17, 0, 0)

async function snapshotSeq(app: FastifyInstance, staff: Staff): Promise<number> {
  const res = await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: staff.headers })
  return res.json().seq as number
}

t.test('an absent citizen returns to the queue only on the ticket’s own service day', async (t) => {
  const { app, clock } = await build(t)
  const kiosk = await aDevice(app, 'kiosk')
  let staff = await login(app, 'canbo1')
  const counter = await counterId(app, 1)
  const post = (url: string) => app.inject({ method: 'POST', url, headers: staff.headers })
  /** Moves the clock; a login lasts 12 hours, so the staff member logs in again, as after a break. */
  const at = async (instant: number) => {
    clock.set(instant)
    staff = await login(app, 'canbo1')
  }
  t.equal((await post(`/api/counters/${counter}/open`)).statusCode, 200)

  const absent = async (): Promise<number> => {
    const ticket = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json().ticket.id as number
    const called = await post(`/api/counters/${counter}/call-next`)
    t.equal(called.json().id, ticket, 'the new ticket is called')
    const marked = await post(`/api/counters/${counter}/tickets/${ticket}/no-show`)
    t.equal(marked.json().status, 'no_show', 'and marked absent')
    return ticket
  }

  t.equal(clock.time, MONDAY_8AM)
  const late = await absent()
  const again = await absent()
  await at(MONDAY_LAST_MINUTE)
  const back = await post(`/api/tickets/${late}/return`)
  t.equal(back.statusCode, 200, 'at 23:59 the same local day the citizen may still come back')
  t.equal(back.json().status, 'waiting')

  // The other absent citizen after the local day turns (still Monday in UTC: 17:00Z).
  await at(TUESDAY_MIDNIGHT)
  const before = await snapshotSeq(app, staff)
  const refused = await post(`/api/tickets/${again}/return`)
  t.equal(refused.statusCode, 409, 'at local midnight the absent ticket of yesterday is refused')
  t.equal(refused.json().code, 'ticket_day_closed')
  const after = await app.inject({ method: 'GET', url: `/api/tickets/${again}`, headers: staff.headers })
  t.equal(after.json().status, 'no_show', 'the ticket stays absent')
  t.equal(await snapshotSeq(app, staff), before, 'a refused return publishes nothing')

  await at(TUESDAY_MIDNIGHT + 8 * HOUR)
  const nextMorning = await post(`/api/tickets/${again}/return`)
  t.equal(nextMorning.json().code, 'ticket_day_closed', 'nor the next morning')
  const queue = (await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: staff.headers })).json()
  t.notOk(
    queue.tickets.some((x: { id: number }) => x.id === again),
    'yesterday’s ticket is not in today’s queue',
  )
})

t.test('a ticket reserved for a counter starts its run of priority calls again', async (t) => {
  for (const reservedIsPriority of [true, false]) {
    await t.test(reservedIsPriority ? 'a reserved priority ticket' : 'a reserved ordinary ticket', async (t) => {
      const { app, clock } = await build(t)
      const kiosk = await aDevice(app, 'kiosk')
      const admin = await login(app, 'admin')
      const staff = await login(app, 'canbo1')
      const counter = await counterId(app, 1)
      const land = await serviceId(app, 'DD')
      const civil = await serviceId(app, 'HT')
      const elderly = await groupId(app, 'NCT')
      const post = (url: string, payload?: object) => app.inject({ method: 'POST', url, headers: staff.headers, ...(payload ? { payload } : {}) })

      // At most two priority calls in a row, then an ordinary citizen.
      const site = await app.inject({ method: 'PATCH', url: '/api/admin/site', headers: admin.headers, payload: { maxPriorityInRow: 2 } })
      t.equal(site.statusCode, 200, 'the site allows two priority calls in a row')

      const numberOf = new Map<number, string>()
      const take = async (serviceId: number, priority: boolean, name: string) => {
        clock.advance(60_000)
        const res = await issue(app, kiosk, { serviceId, priorityGroupId: priority ? elderly : null })
        t.equal(res.statusCode, 201, `${name} issued`)
        const id = res.json().ticket.id as number
        numberOf.set(id, name)
        return id
      }
      await take(land, false, 'ordinary')
      await take(land, true, 'priority 1')
      await take(land, true, 'priority 2')
      await take(land, true, 'priority 3')

      t.equal((await post(`/api/counters/${counter}/open`)).statusCode, 200)
      const calls: string[] = []
      const callAndFinish = async () => {
        const called = await post(`/api/counters/${counter}/call-next`)
        t.equal(called.statusCode, 200)
        const id = called.json().id as number
        calls.push(numberOf.get(id) ?? `? ${id}`)
        await post(`/api/counters/${counter}/tickets/${id}/start`)
        await post(`/api/counters/${counter}/tickets/${id}/finish`)
      }
      // Priority first: the run is one call long.
      await callAndFinish()

      // Another service's citizen, sent to counter 1 by staff: reserved for it.
      const sent = await take(civil, reservedIsPriority, 'reserved')
      const moved = await app.inject({ method: 'POST', url: `/api/tickets/${sent}/transfer`, headers: staff.headers, payload: { toCounterId: counter } })
      t.equal(moved.statusCode, 200, 'the ticket is transferred to counter 1')
      const reserved = moved.json().ticket as { id: number; targetCounterId: number | null }
      t.equal(reserved.targetCounterId, counter, 'and reserved for it')
      numberOf.set(reserved.id, 'reserved')

      for (let i = 0; i < 4; i++) await callAndFinish()
      // Without the reset the run would go on from one (priority 2, then the ordinary citizen), or,
      // counting a reserved priority ticket in it, from two (the ordinary citizen next).
      t.same(
        calls,
        ['priority 1', 'reserved', 'priority 2', 'priority 3', 'ordinary'],
        'after the reserved ticket, two priority calls again before the ordinary citizen',
      )
    })
  }
})
