import t from 'tap'
import { build, login, serviceId } from '../helpers/build.js'

t.test('the audit log lists who changed what, newest first, with paging and filters', async (t) => {
  const { app, clock } = await build(t)
  const admin = await login(app, 'admin')
  const land = await serviceId(app, 'DD')
  for (const target of [20, 25, 30]) {
    clock.advance(60_000)
    await app.inject({ method: 'PATCH', url: `/api/admin/services/${land}`, headers: admin.headers, payload: { targetWaitMinutes: target } })
  }
  clock.advance(60_000)
  await app.inject({ method: 'PATCH', url: '/api/admin/site', headers: admin.headers, payload: { ticketFooter: 'Cảm ơn' } })

  const all = await app.inject({ method: 'GET', url: '/api/admin/audit', headers: admin.headers })
  t.equal(all.statusCode, 200)
  const body = all.json()
  t.equal(body.total, 4)
  t.same(
    body.entries.map((e: { action: string }) => e.action),
    ['site.update', 'service.update', 'service.update', 'service.update'],
  )
  t.equal(body.entries[0].username, 'admin')
  t.equal(body.entries[0].displayName, 'Quản trị viên')
  t.equal(body.entries[0].at, clock.time)
  t.equal(body.entries[1].detail.targetWaitMinutes, 30)

  const page = await app.inject({ method: 'GET', url: '/api/admin/audit?limit=2&offset=2', headers: admin.headers })
  t.same(
    page.json().entries.map((e: { detail: { targetWaitMinutes: number } }) => e.detail.targetWaitMinutes),
    [25, 20],
  )
  t.equal(page.json().total, 4)

  const family = await app.inject({ method: 'GET', url: '/api/admin/audit?action=service.', headers: admin.headers })
  t.equal(family.json().total, 3)
  const byTarget = await app.inject({ method: 'GET', url: '/api/admin/audit?targetType=site', headers: admin.headers })
  t.equal(byTarget.json().total, 1)
  const byUser = await app.inject({ method: 'GET', url: `/api/admin/audit?userId=${admin.id + 100}`, headers: admin.headers })
  t.equal(byUser.json().total, 0)
  const window = await app.inject({ method: 'GET', url: `/api/admin/audit?from=${clock.time - 60_000}&to=${clock.time}`, headers: admin.headers })
  t.equal(window.json().total, 1, 'from is inclusive and to exclusive')

  t.equal((await app.inject({ method: 'GET', url: '/api/admin/audit?limit=0', headers: admin.headers })).json().code, 'bad_request')
  t.equal((await app.inject({ method: 'GET', url: "/api/admin/audit?action=x'--", headers: admin.headers })).json().code, 'bad_request')
  const manager = await login(app, 'lanhdao')
  t.equal((await app.inject({ method: 'GET', url: '/api/admin/audit', headers: manager.headers })).statusCode, 403, 'the audit log is for administrators')
})
