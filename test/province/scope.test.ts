/**
 * Who works where: a province role at every centre, a staff member on rotation at the centres they
 * are assigned to, everyone else at home; a login switches centre and its screens follow; an
 * assignment taken away sends the login home.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { aUser, baseUrl, build, login, type Staff } from '../helpers/build.js'
import { connect } from '../helpers/socket.js'
import { hashToken, newToken } from '../../server/src/auth/passwords.js'

async function aCentre(app: FastifyInstance, admin: Staff, code: string): Promise<number> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/province/sites',
    headers: admin.headers,
    payload: { name: `Xã ${code}`, code, catalogue: ['HT', 'CT'] },
  })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json().site.id
}

const me = async (app: FastifyInstance, who: Staff) => (await app.inject({ method: 'GET', url: '/api/auth/me', headers: who.headers })).json()
const switchTo = (app: FastifyInstance, who: Staff, siteId: number) =>
  app.inject({ method: 'POST', url: '/api/auth/site', headers: who.headers, payload: { siteId } })

t.test('a staff member on rotation works at the assigned centre with the role there, and only there', async (t) => {
  const { app } = await build(t, { listen: true })
  const admin = await login(app, 'admin')
  const b = await aCentre(app, admin, 'XA-B')
  const c = await aCentre(app, admin, 'XA-C')
  const canbo1 = await login(app, 'canbo1')
  const assign = await app.inject({
    method: 'PUT',
    url: `/api/province/users/${canbo1.id}/assignments`,
    headers: admin.headers,
    payload: { assignments: [{ siteId: b, role: 'staff' }] },
  })
  t.equal(assign.statusCode, 200, assign.body)
  t.same(assign.json().user.assignments, [{ siteId: b, role: 'staff' }])
  await app.inject({
    method: 'PUT',
    url: `/api/province/users/${canbo1.id}/assignments`,
    headers: admin.headers,
    payload: {
      assignments: [
        { siteId: c, role: 'manager' },
        { siteId: b, role: 'staff' },
      ],
    },
  })
  const listed = (await app.inject({ method: 'GET', url: '/api/province/users', headers: admin.headers })).json().users as {
    username: string
    assignments: unknown[]
  }[]
  t.same(
    listed.find((u) => u.username === 'canbo1')?.assignments,
    [
      { siteId: b, role: 'staff' },
      { siteId: c, role: 'manager' },
    ],
    "the province's list shows both, by centre",
  )
  t.same(listed.find((u) => u.username === 'canbo2')?.assignments, [], 'and none for others')
  await app.inject({
    method: 'PUT',
    url: `/api/province/users/${canbo1.id}/assignments`,
    headers: admin.headers,
    payload: { assignments: [{ siteId: b, role: 'staff' }] },
  })

  const session = await login(app, 'canbo1')
  t.same(
    (await me(app, session)).workplaces.map((w: { siteId: number }) => w.siteId),
    [1, b],
    'home and the assignment',
  )
  t.equal((await switchTo(app, session, c)).statusCode, 404, 'a centre without an assignment is answered as if it did not exist')
  const moved = await switchTo(app, session, b)
  t.equal(moved.statusCode, 200, moved.body)
  t.match(moved.json().user, { siteId: b, role: 'staff' })

  // Serving at centre B: its counters, its queue, its numbers.
  const counterB = (await app.store.read((r) => r.counters.all(b)))[0]!
  const counterA = (await app.store.read((r) => r.counters.all(1)))[0]!
  t.equal((await app.inject({ method: 'POST', url: `/api/counters/${counterB.id}/open`, headers: session.headers })).statusCode, 200)
  t.equal(
    (await app.inject({ method: 'POST', url: `/api/counters/${counterA.id}/open`, headers: session.headers })).statusCode,
    404,
    "the home centre's counter is not here",
  )
  const snapshot = (await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: session.headers })).json()
  t.equal(snapshot.siteId, b)

  // B's administrator sees the rotating officer among B's people, with the role at B, but cannot edit the account.
  const adminB = await aUser(app, 'admin', undefined, null, b)
  const people = (await app.inject({ method: 'GET', url: '/api/admin/users', headers: adminB.headers })).json().users as {
    id: number
    siteId: number
    role: string
  }[]
  t.match(
    people.find((u) => u.id === canbo1.id),
    { siteId: 1, role: 'staff' },
  )
  const edit = await app.inject({ method: 'PATCH', url: `/api/admin/users/${canbo1.id}`, headers: adminB.headers, payload: { displayName: 'X' } })
  t.equal(edit.statusCode, 404, 'an account belongs to its home centre')

  // The assignment taken away: the login is back home at once, and its screens are closed.
  const screen = connect(t, baseUrl(app), { cookie: session.cookie })
  t.equal((await screen.snapshot).siteId, b)
  const closed = new Promise<void>((resolve) => screen.socket.once('disconnect', () => resolve()))
  await app.inject({ method: 'PUT', url: `/api/province/users/${canbo1.id}/assignments`, headers: admin.headers, payload: { assignments: [] } })
  await closed
  t.match((await me(app, session)).user, { siteId: 1, role: 'staff' })
})

t.test("switching centre moves the login's screens: the old centre's events stop, the new one's arrive", async (t) => {
  const { app } = await build(t, { listen: true })
  const admin = await login(app, 'admin')
  const b = await aCentre(app, admin, 'XA-B')
  const screen = connect(t, baseUrl(app), { cookie: admin.cookie })
  t.equal((await screen.snapshot).siteId, 1)
  const closed = new Promise<void>((resolve) => screen.socket.once('disconnect', () => resolve()))
  t.equal((await switchTo(app, admin, b)).statusCode, 200)
  await closed
  t.pass('the screen opened at the provincial centre was closed')
  const again = connect(t, baseUrl(app), { cookie: admin.cookie })
  t.equal((await again.snapshot).siteId, b, 'a new screen opens at centre B')

  // A ticket at the provincial centre reaches its screens, not centre B's.
  const token = newToken()
  await app.store.write((tx) => tx.devices.insert({ siteId: 1, kind: 'kiosk', name: 'K', tokenHash: hashToken(token), config: {}, createdAt: app.clock() }))
  const home = connect(t, baseUrl(app), { cookie: (await login(app, 'canbo1')).cookie })
  await home.snapshot
  const service = (await app.store.read((r) => r.services.all(1)))[0]!
  const issued = await app.inject({
    method: 'POST',
    url: '/api/kiosk/tickets',
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'switch-test-1' },
    payload: { serviceId: service.id },
  })
  t.equal(issued.statusCode, 201)
  await home.waitForEvents(1)
  // Anything for centre B would have arrived by now: the same event loop sent both.
  await new Promise((r) => setTimeout(r, 200))
  t.same(
    again.events.map((e) => e.name),
    [],
    "centre B's screen heard nothing of the provincial centre's ticket",
  )
})

t.test('province roles: the manager reads every centre, the administrator changes them; a demoted province role loses its screens', async (t) => {
  const { app } = await build(t, { listen: true })
  const admin = await login(app, 'admin')
  const b = await aCentre(app, admin, 'XA-B')
  const manager = await aUser(app, 'manager', 'tinh.lanhdao', 'manager')
  t.equal((await app.inject({ method: 'GET', url: '/api/province/sites', headers: manager.headers })).json().sites.length, 2)
  const change = await app.inject({ method: 'PATCH', url: `/api/province/sites/${b}`, headers: manager.headers, payload: { name: 'X' } })
  t.equal(change.statusCode, 403)
  t.equal((await switchTo(app, manager, b)).json().user.role, 'manager', 'manager at every centre')
  t.equal((await app.inject({ method: 'POST', url: '/api/admin/services', headers: manager.headers, payload: {} })).statusCode, 403, 'and no more than manager')

  const screen = connect(t, baseUrl(app), { cookie: manager.cookie })
  await screen.snapshot
  const closed = new Promise<void>((resolve) => screen.socket.once('disconnect', () => resolve()))
  const demote = await app.inject({ method: 'PATCH', url: `/api/province/users/${manager.id}`, headers: admin.headers, payload: { provinceRole: null } })
  t.equal(demote.statusCode, 200, demote.body)
  await closed
  t.equal((await app.inject({ method: 'GET', url: '/api/province/sites', headers: manager.headers })).statusCode, 403)
  t.match((await me(app, manager)).user, { siteId: 1, role: 'manager' }, 'back at the home centre with the home role')

  const self = await app.inject({ method: 'PATCH', url: `/api/province/users/${admin.id}`, headers: admin.headers, payload: { provinceRole: null } })
  t.equal(self.json().code, 'self_change_refused')
})

t.test("a centre's kiosks and displays hear only their centre", async (t) => {
  const { app } = await build(t, { listen: true })
  const admin = await login(app, 'admin')
  const b = await aCentre(app, admin, 'XA-B')
  const device = async (siteId: number, kind: 'kiosk' | 'display') => {
    const token = newToken()
    await app.store.write((tx) =>
      tx.devices.insert({ siteId, kind, name: `${kind} ${siteId}`, tokenHash: hashToken(token), config: {}, createdAt: app.clock() }),
    )
    return token
  }
  const kioskA = await device(1, 'kiosk')
  const listeners = {
    displayA: connect(t, baseUrl(app), { auth: { deviceToken: await device(1, 'display') } }),
    kioskB: connect(t, baseUrl(app), { auth: { deviceToken: await device(b, 'kiosk') } }),
    displayB: connect(t, baseUrl(app), { auth: { deviceToken: await device(b, 'display') } }),
  }
  // Displays start from the display stream's snapshot, kiosks from the queue's.
  await listeners.displayA.displaySnapshot
  await listeners.kioskB.snapshot
  await listeners.displayB.displaySnapshot
  const service = (await app.store.read((r) => r.services.all(1)))[0]!
  const issued = await app.inject({
    method: 'POST',
    url: '/api/kiosk/tickets',
    headers: { authorization: `Bearer ${kioskA}`, 'idempotency-key': 'devices-scope-1' },
    payload: { serviceId: service.id },
  })
  t.equal(issued.statusCode, 201)
  const counter = (await app.store.read((r) => r.counters.all(1)))[0]!
  const staff = await login(app, 'canbo1')
  await app.inject({ method: 'POST', url: `/api/counters/${counter.id}/open`, headers: staff.headers })
  t.equal((await app.inject({ method: 'POST', url: `/api/counters/${counter.id}/call-next`, headers: staff.headers })).statusCode, 200)
  await until(() => listeners.displayA.displayUpdates.length > 0)
  // Anything for centre B would have been sent in the same turn as centre one's.
  await new Promise((r) => setTimeout(r, 200))
  t.same(listeners.kioskB.events, [], "centre B's kiosk heard nothing")
  t.same(listeners.displayB.displayUpdates, [], "centre B's display heard nothing")
})

async function until(ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}
