/**
 * The province's centres through the API: opened from the catalogue or from another centre, edited,
 * deactivated; bad requests refused with stable codes and nothing created; each centre's set-up its own.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { aUser, build, login, sqlValue, type Staff } from '../helpers/build.js'
import { hashToken, newToken } from '../../server/src/auth/passwords.js'

async function openCentre(app: FastifyInstance, admin: Staff, payload: object) {
  return app.inject({ method: 'POST', url: '/api/province/sites', headers: admin.headers, payload })
}

/** Moves a login to a centre; returns the session answer. */
export async function switchTo(app: FastifyInstance, who: Staff, siteId: number) {
  return app.inject({ method: 'POST', url: '/api/auth/site', headers: who.headers, payload: { siteId } })
}

t.test('a province administrator opens centres from the catalogue or from another centre', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const fromCatalogue = await openCentre(app, admin, {
    name: 'Trung tâm Phục vụ hành chính công xã Phú Lộc',
    code: 'XA-PHULOC',
    address: 'Thôn Phú Lộc',
    catalogue: ['HT', 'CT', 'DD'],
    hours: { days: [1, 2, 3, 4, 5], periods: [{ from: '07:30', to: '11:30' }] },
    languages: ['vi'],
  })
  t.equal(fromCatalogue.statusCode, 201, fromCatalogue.body)
  const a = fromCatalogue.json().site
  t.match(a, { code: 'XA-PHULOC', address: 'Thôn Phú Lộc', languages: ['vi'], active: true, timeZone: 'Asia/Ho_Chi_Minh' })

  // Working there: the new centre's own services, in catalogue order, in blocks of a thousand, a counter each.
  const moved = await switchTo(app, admin, a.id)
  t.equal(moved.statusCode, 200, moved.body)
  t.equal(moved.json().user.siteId, a.id)
  t.equal(moved.json().user.role, 'admin', 'a province administrator is administrator at every centre')
  const services = (await app.inject({ method: 'GET', url: '/api/admin/services', headers: admin.headers })).json().services as {
    code: string
    blockStart: number
  }[]
  t.same(
    services.map((s) => [s.code, s.blockStart]),
    [
      ['DD', 1001],
      ['HT', 2001],
      ['CT', 3001],
    ],
  )
  const counters = (await app.inject({ method: 'GET', url: '/api/admin/counters', headers: admin.headers })).json().counters as unknown[]
  t.equal(counters.length, 3)

  // A copy of the provincial centre: its services and counters, not its staff, devices or tickets.
  const copy = await openCentre(app, admin, { name: 'Xã Thạnh Mỹ Tây', code: 'XA-TMT', copyFrom: 1 })
  t.equal(copy.statusCode, 201, copy.body)
  const b = copy.json().site
  const servicesOf = async (siteId: number) => (await app.store.read((r) => r.services.all(siteId))).map((s) => s.code).sort()
  t.same(await servicesOf(b.id), await servicesOf(1))
  t.equal((await app.store.read((r) => r.counters.all(b.id))).length, (await app.store.read((r) => r.counters.all(1))).length)
  t.equal((await app.store.read((r) => r.users.all(b.id))).length, 0, 'no staff copied')
  t.equal((await app.store.read((r) => r.devices.all(b.id))).length, 0, 'no devices copied')

  // A local change stays local.
  await switchTo(app, admin, b.id)
  const hoTich = (await app.store.read((r) => r.services.all(b.id))).find((s) => s.code === 'HT')!
  const renamed = await app.inject({
    method: 'PATCH',
    url: `/api/admin/services/${hoTich.id}`,
    headers: admin.headers,
    payload: { nameVi: 'Hộ tịch – Tư pháp' },
  })
  t.equal(renamed.statusCode, 200, renamed.body)
  t.equal((await app.store.read((r) => r.services.all(1))).find((s) => s.code === 'HT')?.nameVi, 'Hộ tịch', "the provincial centre's service is unchanged")

  t.equal(Number(await sqlValue(app, "select count(*) from audit_log where action = 'site.create'")), 2)
})

t.test('bad centres are refused with stable codes and nothing is created', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  await openCentre(app, admin, { name: 'Xã A', code: 'XA-A', catalogue: ['HT'] })
  const count = async () => (await app.store.read((r) => r.sites.all())).length
  const before = await count()
  const cases: [object, number, string][] = [
    [{ name: 'Xã B', code: 'xa-a', catalogue: ['HT'] }, 409, 'code_taken'],
    [{ name: 'Xã B', code: 'XA-B', catalogue: ['HT'], copyFrom: 1 }, 400, 'bad_request'],
    [{ name: 'Xã B', code: 'XA-B', catalogue: ['ZZ'] }, 400, 'bad_request'],
    [{ name: 'Xã B', code: 'XA-B', copyFrom: 999 }, 404, 'not_found'],
    [{ name: 'Xã B', code: 'XA-B', timeZone: 'Asia/Saigon_Typo' }, 400, 'invalid_time_zone'],
    [{ name: 'Xã B', code: 'XA B' }, 400, 'bad_request'],
    [{ name: 'Xã B', code: 'XA-B', languages: [] }, 400, 'bad_request'],
    [{ name: 'Xã B', code: 'XA-B', hours: { days: [1], periods: [{ from: '11:00', to: '08:00' }] } }, 400, 'bad_request'],
  ]
  for (const [payload, status, code] of cases) {
    const res = await openCentre(app, admin, payload)
    t.equal(res.statusCode, status, `${JSON.stringify(payload)} → ${res.body}`)
    t.equal(res.json().code, code)
  }
  t.equal(await count(), before, 'no centre was created by a refused request')
  t.equal((await app.inject({ method: 'PATCH', url: '/api/province/sites/999', headers: admin.headers, payload: { name: 'X' } })).statusCode, 404)
  const own = await app.inject({ method: 'PATCH', url: '/api/province/sites/1', headers: admin.headers, payload: { active: false } })
  t.equal(own.json().code, 'self_change_refused', 'nobody deactivates the centre they belong to')
})

t.test('a deactivated centre issues nothing and leaves the lists, and comes back when activated', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const site = (await openCentre(app, admin, { name: 'Xã Phú Lộc', code: 'XA-PL', catalogue: ['HT'] })).json().site
  const officer = await aUser(app, 'admin', undefined, null, site.id)
  const token = newToken()
  await app.store.write((tx) =>
    tx.devices.insert({ siteId: site.id, kind: 'kiosk', name: 'Kiosk', tokenHash: hashToken(token), config: {}, createdAt: app.clock() }),
  )
  const service = (await app.store.read((r) => r.services.all(site.id)))[0]!
  const kiosk = { authorization: `Bearer ${token}`, 'idempotency-key': 'province-k1' }

  const off = await app.inject({ method: 'PATCH', url: `/api/province/sites/${site.id}`, headers: admin.headers, payload: { active: false } })
  t.equal(off.statusCode, 200, off.body)
  t.equal(off.json().site.active, false)
  const refused = await app.inject({ method: 'POST', url: '/api/kiosk/tickets', headers: kiosk, payload: { serviceId: service.id } })
  t.equal(refused.statusCode, 422)
  t.equal(refused.json().code, 'site_inactive')
  t.equal(Number(await sqlValue(app, 'select count(*) from tickets where site_id = ?', [site.id])), 0)
  const publicList = (await app.inject({ method: 'GET', url: '/api/public/sites' })).json() as { centres: { id: number }[] }
  t.notOk(
    publicList.centres.some((s) => s.id === site.id),
    'not on the public page',
  )
  t.equal(Number(await sqlValue(app, "select count(*) from audit_log where action = 'site.deactivate'")), 1)
  // Its own administrator still reads its history, but cannot switch anyone else there.
  const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: officer.headers })
  t.equal(me.json().user.siteId, site.id)

  await app.inject({ method: 'PATCH', url: `/api/province/sites/${site.id}`, headers: admin.headers, payload: { active: true } })
  const again = await app.inject({
    method: 'POST',
    url: '/api/kiosk/tickets',
    headers: { ...kiosk, 'idempotency-key': 'province-k2' },
    payload: { serviceId: service.id },
  })
  t.equal(again.statusCode, 201, 'issuing again once active')
})
