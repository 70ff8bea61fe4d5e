/**
 * What each kind of socket receives when staff transfer a citizen with an internal note: staff see
 * the note; a kiosk sees the queue change (it counts who waits) but never the note, neither in the
 * event nor in a snapshot; a display gets its board's stream, which has no notes either. The same for
 * why a counter is paused and who works at it: staff only.
 */
import t from 'tap'
import { aDevice, baseUrl, build, counterId, issue, login, serviceId } from '../helpers/build.js'
import { connect, requestSync } from '../helpers/socket.js'

const NOTE = 'Thiếu bản sao sổ đỏ, cán bộ Lan kiểm tra lại'

t.test('an internal transfer note reaches staff and no device', async (t) => {
  const { app } = await build(t, { listen: true })
  const url = baseUrl(app)
  const kioskDevice = await aDevice(app, 'kiosk')
  const displayDevice = await aDevice(app, 'display')
  const staff = await login(app, 'canbo1')
  const counter = await counterId(app, 1)
  const ticket = (await issue(app, kioskDevice, { serviceId: await serviceId(app, 'DD') })).json().ticket as { id: number }

  const kiosk = connect(t, url, { auth: { deviceToken: kioskDevice.token } })
  const screen = connect(t, url, { auth: { deviceToken: displayDevice.token } })
  const colleague = connect(t, url, { cookie: (await login(app, 'canbo2')).cookie })
  await Promise.all([kiosk.snapshot, screen.displaySnapshot, colleague.snapshot])

  await app.inject({ method: 'POST', url: `/api/counters/${counter}/open`, headers: staff.headers })
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/call-next`, headers: staff.headers })
  const moved = await app.inject({
    method: 'POST',
    url: `/api/counters/${counter}/tickets/${ticket.id}/transfer`,
    headers: staff.headers,
    payload: { toServiceId: await serviceId(app, 'HT'), note: NOTE },
  })
  t.equal(moved.statusCode, 200, 'transferred with a note')

  const seen = (events: { name: string }[]) => events.some((e) => e.name === 'ticket:transferred')
  await colleague.waitForEvents(3) // opened, called, transferred
  await kiosk.waitForEvents(3)
  t.ok(seen(colleague.events), 'staff receive the transfer')
  t.match(JSON.stringify(colleague.events), NOTE, 'with its note')
  t.ok(seen(kiosk.events), 'the kiosk receives the transfer too (its waiting counts change)')
  t.notMatch(JSON.stringify(kiosk.received), /sổ đỏ/, 'but never the note')

  const kioskView = await requestSync(kiosk.socket)
  const moved2 = kioskView.tickets.find((x) => x.transferredFromId === ticket.id)
  t.ok(moved2, "the kiosk's snapshot holds the transferred ticket")
  t.equal(moved2?.transferNote, null, 'without the note')
  t.match(JSON.stringify((await requestSync(colleague.socket)).tickets), NOTE, "staff's snapshot keeps it")

  const polled = await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: kioskDevice.headers })
  t.equal(polled.statusCode, 200)
  t.notMatch(polled.body, /sổ đỏ/, "the kiosk's polled snapshot has no note either")
  t.match((await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: staff.headers })).body, /sổ đỏ/, "staff's has")

  // A pause's reason and the officer's name stay among staff too.
  const REASON = 'Họp giao ban với lãnh đạo'
  const paused = await app.inject({ method: 'POST', url: `/api/counters/${counter}/pause`, headers: staff.headers, payload: { reason: REASON } })
  t.equal(paused.statusCode, 200, paused.body)
  const before = kiosk.events.length
  await colleague.waitForEvents(colleague.events.length + 1)
  t.match(JSON.stringify(colleague.events), REASON, 'staff see why the counter is paused')
  t.match(JSON.stringify(colleague.events), 'Nguyễn Thị Lan', 'and who works there')
  await kiosk.waitForEvents(before + 1)
  const pausedView = (await requestSync(kiosk.socket)).counters.find((c) => c.id === counter)
  t.equal(pausedView?.status, 'paused', 'the kiosk knows the counter is paused')
  t.same([pausedView?.pauseReason, pausedView?.staffName, pausedView?.staffId], [null, null, null], 'but not why, nor who')
  t.notMatch(JSON.stringify(kiosk.received), /Họp giao ban|Nguyễn Thị Lan/, 'in no event or snapshot')
  t.notMatch((await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: kioskDevice.headers })).body, /Họp giao ban|Nguyễn Thị Lan/)

  await new Promise((r) => setTimeout(r, 400)) // the display stream coalesces for 250 ms
  t.ok(screen.displayUpdates.length > 0, 'the display received its board changes')
  t.notMatch(JSON.stringify(screen.received), /sổ đỏ/, 'and no note')
})
