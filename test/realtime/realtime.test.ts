import t from 'tap'
import { applyQueueEvent } from '../../shared/queue-state.js'
import type { QueueSnapshot } from '../../shared/types.js'
import { aDevice, baseUrl, build, counterId, issue, login, serviceId } from '../helpers/build.js'
import { connect, connectError, requestSync } from '../helpers/socket.js'

/** The parts of a snapshot that must agree, without the instant it was taken. */
function comparable(s: QueueSnapshot) {
  return { seq: s.seq, counters: s.counters, tickets: s.tickets, recentCalls: s.recentCalls.map((c) => ({ ...c })) }
}

t.test('one client acts over HTTP, another receives the event with the next sequence number', async (t) => {
  const { app } = await build(t, { listen: true })
  const url = baseUrl(app)
  // A kiosk follows the site's events (displays have their own stream: display-stream.test.ts).
  const kiosk = await aDevice(app, 'kiosk')
  const staff = await login(app, 'canbo1')
  const screen = connect(t, url, { auth: { deviceToken: kiosk.token } })
  const counterScreen = connect(t, url, { cookie: staff.cookie })
  const first = await screen.snapshot
  t.equal(first.seq, 0, 'a fresh site has seen no events')
  t.equal(first.counters.length, 6)
  t.equal((await counterScreen.snapshot).seq, 0, 'staff connect with their session cookie')

  await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })
  const c1 = await counterId(app, 1)
  await app.inject({ method: 'POST', url: `/api/counters/${c1}/open`, headers: staff.headers })
  const called = await app.inject({ method: 'POST', url: `/api/counters/${c1}/call-next`, headers: staff.headers })
  t.equal(called.statusCode, 200)

  const received = await screen.waitForEvents(3)
  t.same(
    received.map((e) => [e.name, e.payload.seq]),
    [
      ['ticket:issued', 1],
      ['counter:updated', 2],
      ['ticket:called', 3],
    ],
  )
  const call = received[2]
  t.equal(call?.name === 'ticket:called' ? call.payload.ticket.number : null, '1001', 'the display learns which number was called')
  t.equal(call?.name === 'ticket:called' ? call.payload.counter?.number : null, 1, '… and to which counter')
  await counterScreen.waitForEvents(3)

  // Snapshot + events = a new snapshot: the shared reducer keeps screens exact.
  let state = first
  for (const event of received) {
    const r = applyQueueEvent(state, event)
    t.equal(r.kind, 'applied')
    state = r.state
  }
  const fresh = await requestSync(screen.socket)
  t.same(comparable(state), comparable(fresh), 'the reduced state equals the server snapshot')
})

t.test('a client that misses an event sees the gap and resyncs', async (t) => {
  const { app } = await build(t, { listen: true })
  const url = baseUrl(app)
  const kiosk = await aDevice(app, 'kiosk')
  const screen = connect(t, url, { auth: { deviceToken: kiosk.token } })
  const first = await screen.snapshot
  for (let i = 0; i < 3; i++) await issue(app, kiosk, { serviceId: await serviceId(app, 'HT') })
  const events = await screen.waitForEvents(3)

  // Drop the second event, as a flaky network might: the third no longer follows.
  const afterFirst = applyQueueEvent(first, events[0]!)
  t.equal(afterFirst.kind, 'applied')
  const gap = applyQueueEvent(afterFirst.state, events[2]!)
  t.equal(gap.kind, 'resync', 'the gap is detected')
  t.equal(gap.state.seq, 1, 'nothing is applied past a gap')
  const duplicate = applyQueueEvent(afterFirst.state, events[0]!)
  t.equal(duplicate.kind, 'stale', 'a duplicate is ignored')

  const resynced = await requestSync(screen.socket)
  t.equal(resynced.seq, 3)
  t.same(
    resynced.tickets.map((x) => x.number),
    ['2001', '2002', '2003'],
    'the resync brings every waiting ticket',
  )
})

t.test('sockets must authenticate: bad device tokens, revoked devices and strangers are refused', async (t) => {
  const { app } = await build(t, { listen: true })
  const url = baseUrl(app)
  t.equal(await connectError(url, {}), 'unauthorized')
  t.equal(await connectError(url, { deviceToken: 'not-a-real-token' }), 'device_revoked')
  const display = await aDevice(app, 'display')
  const admin = await login(app, 'admin')
  const screen = connect(t, url, { auth: { deviceToken: display.token } })
  await screen.displaySnapshot
  const disconnected = new Promise<string>((resolve) => screen.socket.once('disconnect', resolve))
  const revoked = await app.inject({ method: 'POST', url: `/api/admin/devices/${display.id}/revoke`, headers: admin.headers })
  t.equal(revoked.statusCode, 200)
  t.equal(await disconnected, 'io server disconnect', 'a revoked display is cut off at once')
  t.equal(await connectError(url, { deviceToken: display.token }), 'device_revoked', 'and cannot come back')
})

t.test('a citizen following a ticket sees only that ticket', async (t) => {
  const { app } = await build(t, { listen: true })
  const url = baseUrl(app)
  const kiosk = await aDevice(app, 'kiosk')
  const staff = await login(app, 'canbo1')
  const mine = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json()
  await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })
  const [, id, code] = /\/t\/(\d+)\/([\w-]+)$/.exec(mine.trackingUrl) ?? []
  t.equal(await connectError(url, { follow: { ticketId: Number(id), code: 'wrong' } }), 'ticket_not_found')
  const phone = connect(t, url, { auth: { follow: { ticketId: Number(id), code: code ?? '' } } })
  const state = await new Promise<{ number: string; status: string }>((resolve) => phone.socket.once('ticket:progress', resolve))
  t.equal(state.number, '1001')
  t.equal(state.status, 'waiting')
  const called = new Promise<{ status: string; counterNumber: number | null }>((resolve) =>
    phone.socket.on('ticket:progress', (p) => p.status === 'called' && resolve(p)),
  )
  const c1 = await counterId(app, 1)
  await app.inject({ method: 'POST', url: `/api/counters/${c1}/open`, headers: staff.headers })
  await app.inject({ method: 'POST', url: `/api/counters/${c1}/call-next`, headers: staff.headers })
  t.same(await called, { ...(await called), status: 'called', counterNumber: 1 }, 'its call arrives as the page shows it')
  t.equal(phone.events.length, 0, 'no queue events at all: those name staff and other tickets')
})
