/**
 * The security matrix for sockets, in one table: who may open a socket, and what each kind of socket
 * receives while staff work (a call, a transfer with an internal note, a pause with its reason, a
 * device's status). Staff see the queue; managers and administrators also the devices' status;
 * a kiosk the queue without notes, pause reasons or staff names; a display only its board's stream (no notes, no pause reasons,
 * no staff names) and, when set to some counters, only their calls; a citizen's phone only its own
 * ticket's progress. Sessions that end take their sockets with them (session-sockets.test.ts).
 */
import t from 'tap'
import { io } from 'socket.io-client'
import type { IssuedTicket } from '../../shared/types.js'
import { aDevice, aUser, baseUrl, build, counterId, issue, login, serviceId } from '../helpers/build.js'
import { connect, type Listener } from '../helpers/socket.js'

const NOTE = 'Ghi chú nội bộ: hồ sơ thiếu bản sao sổ đỏ'
const PAUSE = 'Họp giao ban với lãnh đạo'
const STAFF_NAME = 'Lê Thị Mai' // canbo3, who pauses counter 3 (server/src/db/seed.ts)

/** How a socket's opening ended: 'connected', or the server's refusal. */
function opening(url: string, opts: { auth?: object; cookie?: string; origin?: string }): Promise<string> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {}
    if (opts.cookie) headers.cookie = opts.cookie
    if (opts.origin) headers.origin = opts.origin
    const socket = io(url, { path: '/socket.io', transports: ['websocket'], auth: opts.auth ?? {}, forceNew: true, reconnection: false, extraHeaders: headers })
    const done = (outcome: string) => {
      socket.disconnect()
      resolve(outcome)
    }
    socket.once('connect_error', (err) => done(err.message))
    socket.once('connect', () => done('connected'))
  })
}

t.test('who may open a socket, and what each one receives', async (t) => {
  const { app } = await build(t, { listen: true })
  const url = baseUrl(app)
  const admin = await login(app, 'admin')
  const manager = await aUser(app, 'manager')
  const lan = await login(app, 'canbo1')
  const mai = await login(app, 'canbo3')
  const kioskDevice = await aDevice(app, 'kiosk')
  const displayDevice = await aDevice(app, 'display')
  const [one, two, three] = [await counterId(app, 1), await counterId(app, 2), await counterId(app, 3)]
  const counterTwoDisplay = await aDevice(app, 'display', { counterIds: [two] })
  const land = await serviceId(app, 'DD')
  const followed = (await issue(app, kioskDevice, { serviceId: land })).json() as IssuedTicket
  const other = (await issue(app, kioskDevice, { serviceId: land })).json() as IssuedTicket
  const [, ticketId, code] = /\/t\/(\d+)\/([\w-]+)$/.exec(followed.trackingUrl) ?? []
  const follow = { ticketId: Number(ticketId), code: code ?? '' }

  t.test('who may connect', async (t) => {
    const revoked = await aDevice(app, 'kiosk')
    t.equal((await app.inject({ method: 'POST', url: `/api/admin/devices/${revoked.id}/revoke`, headers: admin.headers })).statusCode, 200, 'a kiosk revoked')
    const leaver = await login(app, 'canbo2')
    await app.inject({ method: 'POST', url: '/api/auth/logout', headers: leaver.headers })
    const disabled = await aUser(app, 'staff')
    t.equal(
      (await app.inject({ method: 'PATCH', url: `/api/admin/users/${disabled.id}`, headers: admin.headers, payload: { active: false } })).statusCode,
      200,
      'an account disabled',
    )

    const cells: [string, Parameters<typeof opening>[1], string][] = [
      ['nobody', {}, 'unauthorized'],
      ['a made-up device token', { auth: { deviceToken: 'x'.repeat(43) } }, 'device_revoked'],
      ['a revoked kiosk', { auth: { deviceToken: revoked.token } }, 'device_revoked'],
      ['a logged-out session', { cookie: leaver.cookie }, 'unauthorized'],
      ['a disabled account', { cookie: disabled.cookie }, 'unauthorized'],
      ['staff, from a page on another port', { cookie: lan.cookie, origin: `${url.replace(/:\d+$/, '')}:1` }, 'origin_refused'],
      ['staff, from another site', { cookie: lan.cookie, origin: 'https://evil.example' }, 'origin_refused'],
      ['a phone with a wrong code', { auth: { follow: { ...follow, code: 'wrong-code-123' } } }, 'ticket_not_found'],
      ['a phone with a ticket id that is not a number', { auth: { follow: { ticketId: 'Infinity', code: follow.code } } }, 'ticket_not_found'],
      ['a phone with a ticket id past the database’s integers', { auth: { follow: { ticketId: 2 ** 31, code: follow.code } } }, 'ticket_not_found'],
      ['staff', { cookie: lan.cookie }, 'connected'],
      ['staff, from its own page', { cookie: lan.cookie, origin: url }, 'connected'],
      ['a manager', { cookie: manager.cookie }, 'connected'],
      ['an administrator', { cookie: admin.cookie }, 'connected'],
      ['a kiosk', { auth: { deviceToken: kioskDevice.token } }, 'connected'],
      ['a display', { auth: { deviceToken: displayDevice.token } }, 'connected'],
      ['a citizen’s phone with its link', { auth: { follow } }, 'connected'],
    ]
    const got: Record<string, string> = {}
    for (const [who, opts] of cells) got[who] = await opening(url, opts)
    t.same(got, Object.fromEntries(cells.map(([who, , outcome]) => [who, outcome])), 'each caller is let in or refused with its reason')
  })

  t.test('what each receives', async (t) => {
    const sockets: Record<string, Listener> = {
      staff: connect(t, url, { cookie: lan.cookie }),
      manager: connect(t, url, { cookie: manager.cookie }),
      admin: connect(t, url, { cookie: admin.cookie }),
      kiosk: connect(t, url, { auth: { deviceToken: kioskDevice.token } }),
      display: connect(t, url, { auth: { deviceToken: displayDevice.token } }),
      'display of counter 2': connect(t, url, { auth: { deviceToken: counterTwoDisplay.token } }),
      phone: connect(t, url, { auth: { follow } }),
    }
    await Promise.all([
      sockets.staff!.snapshot,
      sockets.manager!.snapshot,
      sockets.admin!.snapshot,
      sockets.kiosk!.snapshot,
      sockets.display!.displaySnapshot,
      sockets['display of counter 2']!.displaySnapshot,
    ])
    await new Promise((r) => setTimeout(r, 300)) // the phone's first progress

    const post = (headers: Record<string, string>, path: string, payload?: object) =>
      app.inject({ method: 'POST', url: path, headers, ...(payload ? { payload } : {}) })
    await post(lan.headers, `/api/counters/${one}/open`)
    const called = (await post(lan.headers, `/api/counters/${one}/call-next`)).json() as { id: number; number: string }
    t.equal(called.id, followed.ticket.id, 'counter 1 calls the followed ticket')
    t.equal(
      (await post(lan.headers, `/api/counters/${one}/tickets/${called.id}/transfer`, { toServiceId: await serviceId(app, 'HT'), note: NOTE })).statusCode,
      200,
      'transferred with an internal note',
    )
    await post(mai.headers, `/api/counters/${three}/open`)
    t.equal((await post(mai.headers, `/api/counters/${three}/pause`, { reason: PAUSE })).statusCode, 200, 'counter 3 paused with a reason')
    // The kiosk's printer runs out of paper, as the printing plugin reports it (ticket-printing.ts).
    app.realtime.deviceStatus(1, { deviceId: kioskDevice.id, printerStatus: 'error', printerError: 'Hết giấy', lastSeenAt: Date.now() })
    await new Promise((r) => setTimeout(r, 800)) // the display stream coalesces for 250 ms

    const names = (l: Listener) => [...new Set(l.received.map((r) => r.name))].sort()
    const text = (l: Listener) => JSON.stringify(l.received)
    const row = (l: Listener) => ({
      names: names(l),
      note: text(l).includes(NOTE),
      pauseReason: text(l).includes(PAUSE),
      staffName: text(l).includes(STAFF_NAME),
    })
    const queue = ['queue:snapshot', 'counter:updated', 'ticket:called', 'ticket:transferred']
    const matrix = Object.fromEntries(Object.entries(sockets).map(([who, l]) => [who, row(l)]))
    t.same(
      matrix,
      {
        staff: { names: queue.sort(), note: true, pauseReason: true, staffName: true },
        manager: { names: ['device:status', ...queue].sort(), note: true, pauseReason: true, staffName: true },
        admin: { names: ['device:status', ...queue].sort(), note: true, pauseReason: true, staffName: true },
        kiosk: { names: queue.sort(), note: false, pauseReason: false, staffName: false },
        display: { names: ['display:changed', 'display:snapshot'], note: false, pauseReason: false, staffName: false },
        'display of counter 2': { names: ['display:changed', 'display:snapshot'], note: false, pauseReason: false, staffName: false },
        phone: { names: ['ticket:progress'], note: false, pauseReason: false, staffName: false },
      },
      'each kind of socket receives its own kind of message, and nothing staff write to each other reaches a device or a phone',
    )

    const calls = (l: Listener) => l.displayUpdates.flatMap((u) => u.steps.flatMap((s) => (s.call ? [s.call.counterId] : [])))
    t.same(calls(sockets.display!), [one], 'the display of every counter receives the call at counter 1')
    t.same(calls(sockets['display of counter 2']!), [], 'the display of counter 2 does not')
    t.notOk(text(sockets.phone!).includes(`"${other.ticket.number}"`), 'the phone never hears of the next citizen’s number')
  })
})
