import t from 'tap'
import { verifyPassword } from '../../server/src/auth/passwords.js'
import { CSRF_HEADER } from '../../shared/constants.js'
import { aUser, baseUrl, build, counterId, login, PASSWORD, sqlRows } from '../helpers/build.js'
import { connect } from '../helpers/socket.js'

t.test('a cookie-authenticated change without the CSRF header is refused', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const staff = await login(app, 'canbo1')
  const cases: [string, string, Record<string, string>, object][] = [
    ['POST', `/api/counters/${await counterId(app, 1)}/open`, { cookie: staff.cookie }, {}],
    ['PATCH', '/api/admin/site', { cookie: admin.cookie }, { name: 'Bị giả mạo' }],
    [
      'POST',
      '/api/admin/users',
      { cookie: admin.cookie, [CSRF_HEADER]: 'a-guess' },
      { username: 'evil', displayName: 'E', role: 'admin', password: 'abcdefgh' },
    ],
    ['PATCH', '/api/admin/site', { cookie: admin.cookie, [CSRF_HEADER]: staff.csrf }, { name: 'Token of another session' }],
  ]
  for (const [method, url, headers, payload] of cases) {
    const res = await app.inject({ method: method as 'POST', url, headers, payload })
    t.equal(res.statusCode, 403, `${method} ${url}`)
    t.equal(res.json().code, 'csrf_failed', `${method} ${url}`)
  }
  const site = await app.inject({ method: 'GET', url: '/api/admin/site', headers: { cookie: admin.cookie } })
  t.equal(site.json().site.name, 'Trung tâm Phục vụ hành chính công', 'reads need no CSRF token, and nothing changed')
  t.notOk(await app.store.read((r) => r.users.byUsername('evil')), 'no account was created')
})

t.test('the session cookie is httpOnly and SameSite=Strict', async (t) => {
  const { app } = await build(t)
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD } })
  const cookie = res.cookies[0]
  t.equal(cookie?.httpOnly, true)
  t.equal(cookie?.sameSite, 'Strict')
  t.notMatch(res.body, new RegExp(cookie?.value ?? 'x'), 'the session token is not in the body')
  const [row] = await sqlRows<{ id: string }>(app, 'select id from sessions')
  t.not(row?.id, cookie?.value, 'sessions are stored by hash, not by the cookie value')
})

t.test('login is rate-limited', async (t) => {
  const { app } = await build(t, { env: { LOGIN_RATE_LIMIT_PER_MINUTE: '5' } })
  const codes: string[] = []
  for (let i = 0; i < 7; i++) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: `guess-${i}` } })
    codes.push(`${res.statusCode} ${res.json().code}`)
  }
  t.same(codes.slice(0, 5), Array(5).fill('401 invalid_credentials'))
  t.same(codes.slice(5), ['429 rate_limited', '429 rate_limited'], 'the sixth attempt in a minute is refused')
  const right = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD } })
  t.equal(right.statusCode, 429, 'even the right password waits: guessing stops')
})

t.test('a disabled account cannot log in and loses its session and its socket', async (t) => {
  const { app } = await build(t, { listen: true })
  const admin = await login(app, 'admin')
  const staff = await login(app, 'canbo5')
  const socket = connect(t, baseUrl(app), { cookie: staff.cookie })
  await socket.snapshot
  const dropped = new Promise<string>((resolve) => socket.socket.on('disconnect', (reason) => resolve(reason)))

  await app.inject({ method: 'PATCH', url: `/api/admin/users/${staff.id}`, headers: admin.headers, payload: { active: false } })
  t.equal(await dropped, 'io server disconnect', 'the server closed the socket')
  const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: staff.headers })
  t.equal(me.statusCode, 401)
  const again = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'canbo5', password: PASSWORD } })
  t.equal(again.json().code, 'account_disabled')
  const reconnect = connect(t, baseUrl(app), { cookie: staff.cookie })
  await t.rejects(reconnect.snapshot, { message: 'unauthorized' }, 'the old cookie cannot open a socket')
})

t.test('passwords are stored as salted scrypt hashes', async (t) => {
  const { app } = await build(t)
  await aUser(app, 'staff', 'hash_a')
  await aUser(app, 'staff', 'hash_b')
  const rows = await app.store.read((r) => r.users.all(1))
  for (const row of rows) t.match(row.passwordHash, /^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/, row.username)
  const a = rows.find((r) => r.username === 'hash_a')
  const b = rows.find((r) => r.username === 'hash_b')
  t.not(a?.passwordHash, b?.passwordHash, 'the same password hashes differently (salted)')
  t.ok(await verifyPassword(PASSWORD, a?.passwordHash ?? ''))
  t.notOk(await verifyPassword('wrong', a?.passwordHash ?? ''))
})

t.test('only managers and administrators join the room that hears device status', async (t) => {
  const { app } = await build(t, { listen: true })
  const admin = await login(app, 'admin')
  const staff = await login(app, 'canbo1')
  const adminSocket = connect(t, baseUrl(app), { cookie: admin.cookie })
  const staffSocket = connect(t, baseUrl(app), { cookie: staff.cookie })
  await Promise.all([adminSocket.snapshot, staffSocket.snapshot])
  const staffHeard: unknown[] = []
  staffSocket.socket.on('device:status', (s) => staffHeard.push(s))
  const adminHeard = new Promise((resolve) => adminSocket.socket.on('device:status', resolve))
  app.realtime.deviceStatus(1, { deviceId: 1, printerStatus: 'error', printerError: 'Hết giấy', lastSeenAt: null })
  t.match(await adminHeard, { printerError: 'Hết giấy' })
  // A round trip on the staff socket after the broadcast: had it been sent there, it would have arrived first.
  await new Promise<void>((resolve) => staffSocket.socket.emit('sync:request', () => resolve()))
  t.same(staffHeard, [])
})
