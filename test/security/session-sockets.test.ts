/**
 * A staff member's sockets end with the login they were opened with, and only our own pages may
 * open one with the session cookie.
 */
import t from 'tap'
import { io } from 'socket.io-client'
import { PASSWORD, baseUrl, build, login } from '../helpers/build.js'
import { connect, type Listener } from '../helpers/socket.js'

const dropped = (l: Listener) => new Promise<string>((resolve) => l.socket.on('disconnect', (reason) => resolve(reason)))

t.test('logout ends the sockets of that login, not those of the same user on another PC', async (t) => {
  const { app } = await build(t, { listen: true })
  const here = await login(app, 'canbo1')
  const there = await login(app, 'canbo1')
  const mine = connect(t, baseUrl(app), { cookie: here.cookie })
  const other = connect(t, baseUrl(app), { cookie: there.cookie })
  await Promise.all([mine.snapshot, other.snapshot])
  const ended = dropped(mine)
  const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: here.headers })
  t.equal(out.statusCode, 204)
  t.equal(await ended, 'io server disconnect', 'the logged-out screen is cut off at once')
  // A round trip on the other PC's socket: had it been cut, this would never answer.
  const answer = await new Promise<boolean>((resolve) => other.socket.timeout(5000).emit('sync:request', (err, res) => resolve(!err && res.ok)))
  t.ok(answer, 'the other PC keeps its live queue')
  t.ok(other.socket.connected)
  const again = connect(t, baseUrl(app), { cookie: here.cookie })
  await t.rejects(again.snapshot, { message: 'unauthorized' }, 'the old cookie opens nothing')
})

t.test('a password change ends every other login and its sockets, and keeps this one', async (t) => {
  const { app } = await build(t, { listen: true })
  const here = await login(app, 'canbo2')
  const there = await login(app, 'canbo2')
  const mine = connect(t, baseUrl(app), { cookie: here.cookie })
  const other = connect(t, baseUrl(app), { cookie: there.cookie })
  await Promise.all([mine.snapshot, other.snapshot])
  const otherEnded = dropped(other)
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/password',
    headers: here.headers,
    payload: { currentPassword: PASSWORD, newPassword: 'mat-khau-moi-2026' },
  })
  t.equal(res.statusCode, 204)
  t.equal(await otherEnded, 'io server disconnect', "the other PC's screen is cut off")
  const answer = await new Promise<boolean>((resolve) => mine.socket.timeout(5000).emit('sync:request', (err, r) => resolve(!err && r.ok)))
  t.ok(answer, 'this screen stays live')
  t.equal((await app.inject({ url: '/api/auth/me', headers: { cookie: there.cookie } })).statusCode, 401)
})

t.test('a page on another port of the same host cannot open a staff socket with the cookie', async (t) => {
  const { app } = await build(t, { listen: true })
  const staff = await login(app, 'canbo3')
  const url = baseUrl(app)
  const port = new URL(url).port
  const open = (origin: string) =>
    new Promise<string>((resolve) => {
      const socket = io(url, {
        path: '/socket.io',
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: { cookie: staff.cookie, origin },
      })
      t.teardown(() => socket.disconnect())
      socket.once('queue:snapshot', () => resolve('snapshot'))
      socket.once('connect_error', (err) => resolve(err.message))
    })
  t.equal(await open(`http://127.0.0.1:${Number(port) + 1}`), 'origin_refused', 'another port: refused')
  t.equal(await open('http://evil.example'), 'origin_refused', 'another site: refused')
  t.equal(await open('null'), 'origin_refused', 'a sandboxed frame: refused')
  t.equal(await open(url), 'snapshot', 'our own page: accepted')
  t.equal(await open('http://qms.test'), 'snapshot', 'the public address (behind a proxy): accepted')
})

t.test('a manager demoted to staff loses the live device status at once', async (t) => {
  const { app } = await build(t, { listen: true })
  const admin = await login(app, 'admin')
  const manager = await login(app, 'lanhdao')
  const before = connect(t, baseUrl(app), { cookie: manager.cookie })
  await before.snapshot
  const heard = new Promise((resolve) => before.socket.on('device:status', resolve))
  app.realtime.deviceStatus(1, { deviceId: 1, printerStatus: 'error', printerError: 'Hết giấy', lastSeenAt: null })
  t.match(await heard, { printerError: 'Hết giấy' }, 'as a manager the screen hears device status')

  const ended = dropped(before)
  const demoted = await app.inject({ method: 'PATCH', url: `/api/admin/users/${manager.id}`, headers: admin.headers, payload: { role: 'staff' } })
  t.equal(demoted.statusCode, 200)
  t.equal(await ended, 'io server disconnect', 'the demotion cuts the screen off at once')

  // The screen reconnects by itself, now as staff.
  const after = connect(t, baseUrl(app), { cookie: manager.cookie })
  await after.snapshot
  const staffHeard: unknown[] = []
  after.socket.on('device:status', (s) => staffHeard.push(s))
  app.realtime.deviceStatus(1, { deviceId: 1, printerStatus: 'error', printerError: 'Kẹt giấy', lastSeenAt: null })
  await new Promise<void>((resolve) => after.socket.emit('sync:request', () => resolve()))
  t.same(staffHeard, [], 'and as staff it no longer hears it')
})
