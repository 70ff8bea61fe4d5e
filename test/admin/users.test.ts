import t from 'tap'
import { aDevice, build, counterId, issue, login, PASSWORD, serviceId } from '../helpers/build.js'
import { auditRows } from './helpers.js'

const me = (app: Awaited<ReturnType<typeof build>>['app'], headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/auth/me', headers })

t.test('an administrator creates an account; the new person logs in; no hash is ever returned', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const res = await app.inject({
    method: 'POST',
    url: '/api/admin/users',
    headers: admin.headers,
    payload: { username: 'CanBo7', displayName: 'Đặng Thu Trang', role: 'staff', password: 'mat-khau-moi-1' },
  })
  t.equal(res.statusCode, 201)
  t.same(res.json().user, { id: res.json().user.id, username: 'canbo7', displayName: 'Đặng Thu Trang', role: 'staff', active: true, siteId: 1 })
  t.notMatch(res.body, /scrypt|passwordHash|mat-khau/, 'neither the password nor its hash comes back')
  const list = await app.inject({ method: 'GET', url: '/api/admin/users', headers: admin.headers })
  t.notMatch(list.body, /scrypt|passwordHash/)
  t.ok(list.json().users.some((u: { username: string }) => u.username === 'canbo7'))

  const stored = await app.store.read((r) => r.users.byUsername('canbo7'))
  t.match(stored?.passwordHash, /^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/, 'stored as a salted scrypt hash')
  t.notMatch(JSON.stringify(await auditRows(app, 'user.create')), /mat-khau/, 'the audit row holds no password')

  const login7 = await login(app, 'canbo7', 'mat-khau-moi-1')
  t.equal((await me(app, login7.headers)).json().user.displayName, 'Đặng Thu Trang')

  const dup = await app.inject({
    method: 'POST',
    url: '/api/admin/users',
    headers: admin.headers,
    payload: { username: 'canbo1', displayName: 'X', role: 'staff', password: 'abcdefgh' },
  })
  t.equal(dup.statusCode, 409)
  t.equal(dup.json().code, 'username_taken')
  const short = await app.inject({
    method: 'POST',
    url: '/api/admin/users',
    headers: admin.headers,
    payload: { username: 'canbo8', displayName: 'X', role: 'staff', password: 'short' },
  })
  t.equal(short.json().code, 'bad_request', 'passwords have at least 8 characters')
  const role = await app.inject({
    method: 'POST',
    url: '/api/admin/users',
    headers: admin.headers,
    payload: { username: 'canbo8', displayName: 'X', role: 'root', password: 'abcdefgh' },
  })
  t.equal(role.json().code, 'bad_request')
})

t.test('disabling an account ends its sessions at once and it cannot log in again', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const staff = await login(app, 'canbo2')
  t.equal((await me(app, staff.headers)).statusCode, 200)

  const res = await app.inject({ method: 'PATCH', url: `/api/admin/users/${staff.id}`, headers: admin.headers, payload: { active: false } })
  t.equal(res.statusCode, 200)
  t.equal(res.json().user.active, false)
  t.equal((await me(app, staff.headers)).statusCode, 401, 'the open session is gone')
  const again = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'canbo2', password: PASSWORD } })
  t.equal(again.statusCode, 403)
  t.equal(again.json().code, 'account_disabled')
  t.equal((await auditRows(app, 'user.disable')).length, 1)

  await app.inject({ method: 'PATCH', url: `/api/admin/users/${staff.id}`, headers: admin.headers, payload: { active: true } })
  t.ok(await login(app, 'canbo2'), 'enabled again, the person logs in')
  t.equal((await auditRows(app, 'user.enable')).length, 1)
})

t.test('an administrator cannot disable or demote themself', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  for (const payload of [{ active: false }, { role: 'manager' }]) {
    const res = await app.inject({ method: 'PATCH', url: `/api/admin/users/${admin.id}`, headers: admin.headers, payload })
    t.equal(res.statusCode, 403)
    t.equal(res.json().code, 'self_change_refused')
  }
  const rename = await app.inject({
    method: 'PATCH',
    url: `/api/admin/users/${admin.id}`,
    headers: admin.headers,
    payload: { displayName: 'Quản trị hệ thống' },
  })
  t.equal(rename.statusCode, 200, 'renaming yourself is fine')
  t.equal((await me(app, admin.headers)).json().user.role, 'admin')
})

t.test('role changes take effect on the next request', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const manager = await login(app, 'lanhdao')
  t.equal((await app.inject({ method: 'GET', url: '/api/admin/users', headers: manager.headers })).statusCode, 200)
  const res = await app.inject({ method: 'PATCH', url: `/api/admin/users/${manager.id}`, headers: admin.headers, payload: { role: 'staff' } })
  t.equal(res.json().user.role, 'staff')
  t.equal((await app.inject({ method: 'GET', url: '/api/admin/users', headers: manager.headers })).statusCode, 403)
  const missing = await app.inject({ method: 'PATCH', url: '/api/admin/users/999', headers: admin.headers, payload: { role: 'staff' } })
  t.equal(missing.statusCode, 404)
})

t.test('a password reset logs the person out and only the new password works', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const staff = await login(app, 'canbo3')
  const res = await app.inject({
    method: 'POST',
    url: `/api/admin/users/${staff.id}/password`,
    headers: admin.headers,
    payload: { password: 'mat-khau-dat-lai' },
  })
  t.equal(res.statusCode, 200)
  t.equal((await me(app, staff.headers)).statusCode, 401)
  const old = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'canbo3', password: PASSWORD } })
  t.equal(old.json().code, 'invalid_credentials')
  t.ok(await login(app, 'canbo3', 'mat-khau-dat-lai'))
  t.equal((await auditRows(app, 'user.reset_password')).length, 1)
  t.notMatch(JSON.stringify(await auditRows(app, 'user.reset_password')), /dat-lai/)
})

t.test('anyone logged in changes their own password with the current one', async (t) => {
  const { app } = await build(t)
  const here = await login(app, 'canbo4')
  const elsewhere = await login(app, 'canbo4')
  const wrong = await app.inject({
    method: 'POST',
    url: '/api/auth/password',
    headers: here.headers,
    payload: { currentPassword: 'nope', newPassword: 'mat-khau-cua-toi' },
  })
  t.equal(wrong.statusCode, 403)
  t.equal(wrong.json().code, 'wrong_password')
  const weak = await app.inject({
    method: 'POST',
    url: '/api/auth/password',
    headers: here.headers,
    payload: { currentPassword: PASSWORD, newPassword: '123' },
  })
  t.equal(weak.json().code, 'bad_request')

  const ok = await app.inject({
    method: 'POST',
    url: '/api/auth/password',
    headers: here.headers,
    payload: { currentPassword: PASSWORD, newPassword: 'mat-khau-cua-toi' },
  })
  t.equal(ok.statusCode, 204)
  t.equal((await me(app, here.headers)).statusCode, 200, 'this session stays')
  t.equal((await me(app, elsewhere.headers)).statusCode, 401, 'other sessions end')
  t.ok(await login(app, 'canbo4', 'mat-khau-cua-toi'))
  t.equal((await auditRows(app, 'user.change_password')).length, 1)
})

t.test('disabling an account closes the counter it left open, unless a citizen is still there', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const lan = await login(app, 'canbo1')
  const hung = await login(app, 'canbo2')
  const kiosk = await aDevice(app, 'kiosk')
  const c1 = await counterId(app, 1)
  const c2 = await counterId(app, 2)
  await app.inject({ method: 'POST', url: `/api/counters/${c1}/open`, headers: lan.headers })
  await app.inject({ method: 'POST', url: `/api/counters/${c2}/open`, headers: hung.headers })
  await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })
  await app.inject({ method: 'POST', url: `/api/counters/${c2}/call-next`, headers: hung.headers })

  await app.inject({ method: 'PATCH', url: `/api/admin/users/${lan.id}`, headers: admin.headers, payload: { active: false } })
  await app.inject({ method: 'PATCH', url: `/api/admin/users/${hung.id}`, headers: admin.headers, payload: { active: false } })
  const state = (await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: admin.headers })).json()
  const counter = (id: number) => state.counters.find((c: { id: number }) => c.id === id)
  t.equal(counter(c1).status, 'closed', 'the idle counter no longer shows the disabled person')
  t.equal(counter(c1).staffName, null)
  t.equal(counter(c2).status, 'open', 'a counter with a called citizen is left for a colleague to sort out')
})

t.test('the account list is in Vietnamese name order: Ánh, Bùi, Dương, then Đặng', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const names = ['Đặng Văn Khoa', 'Dương Thị Hạnh', 'Bùi Minh Châu', 'Ánh Nguyệt']
  for (const [i, displayName] of names.entries()) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin.headers,
      payload: { username: `thu${i}`, displayName, role: 'staff', password: 'mat-khau-rat-dai-2026' },
    })
    t.equal(res.statusCode, 201, res.body)
  }
  const list = (await app.inject({ method: 'GET', url: '/api/admin/users', headers: admin.headers })).json().users as { displayName: string }[]
  t.same(
    list.map((u) => u.displayName).filter((n) => names.includes(n)),
    ['Ánh Nguyệt', 'Bùi Minh Châu', 'Dương Thị Hạnh', 'Đặng Văn Khoa'],
  )
})
