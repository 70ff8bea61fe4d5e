import t from 'tap'
import { build, counterId, login, serviceId } from '../helpers/build.js'
import { auditRows } from './helpers.js'

t.test('register a display: token shown once, works, config refs checked, rotate and revoke', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const reg = await app.inject({
    method: 'POST',
    url: '/api/admin/devices',
    headers: admin.headers,
    payload: { kind: 'display', name: 'Màn hình sảnh chờ', config: { counterIds: [await counterId(app, 1)], languages: ['vi', 'en'], theme: 'dark' } },
  })
  t.equal(reg.statusCode, 201)
  const { device, token, setupUrl } = reg.json()
  t.equal(setupUrl, `http://qms.test/display/#token=${token}`)
  const list = await app.inject({ method: 'GET', url: '/api/admin/devices', headers: admin.headers })
  t.notMatch(list.body, new RegExp(token), 'the token is not listed again')
  const meRes = await app.inject({ method: 'GET', url: '/api/device/me', headers: { authorization: `Bearer ${token}` } })
  t.equal(meRes.json().device.name, 'Màn hình sảnh chờ')

  const ghost = await app.inject({
    method: 'PATCH',
    url: `/api/admin/devices/${device.id}`,
    headers: admin.headers,
    payload: { config: { counterIds: [999] } },
  })
  t.equal(ghost.statusCode, 422)
  t.equal(ghost.json().code, 'counter_not_found')
  const ghostService = await app.inject({
    method: 'POST',
    url: '/api/admin/devices',
    headers: admin.headers,
    payload: { kind: 'display', name: 'x', config: { serviceIds: [999] } },
  })
  t.equal(ghostService.json().code, 'service_not_found')

  const patched = await app.inject({
    method: 'PATCH',
    url: `/api/admin/devices/${device.id}`,
    headers: admin.headers,
    payload: { config: { serviceIds: [await serviceId(app, 'HT')], languages: ['vi'], theme: 'light' } },
  })
  t.equal(patched.json().device.config.theme, 'light')

  const rotated = await app.inject({ method: 'POST', url: `/api/admin/devices/${device.id}/rotate-token`, headers: admin.headers })
  t.equal(rotated.statusCode, 200)
  t.not(rotated.json().token, token)
  t.equal(
    (await app.inject({ method: 'GET', url: '/api/device/me', headers: { authorization: `Bearer ${token}` } })).statusCode,
    401,
    'the old token stops working',
  )
  const fresh = { authorization: `Bearer ${rotated.json().token}` }
  t.equal((await app.inject({ method: 'GET', url: '/api/device/me', headers: fresh })).statusCode, 200)
  t.equal((await auditRows(app, 'device.rotate_token')).length, 1)

  const revoked = await app.inject({ method: 'POST', url: `/api/admin/devices/${device.id}/revoke`, headers: admin.headers })
  t.equal(revoked.json().device.revoked, true)
  t.equal((await app.inject({ method: 'GET', url: '/api/device/me', headers: fresh })).statusCode, 401)
  t.equal((await auditRows(app, 'device.revoke')).length, 1)
})

t.test("a kiosk's printer setting can be changed to each kind and is stored whole", async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const created = await app.inject({
    method: 'POST',
    url: '/api/admin/devices',
    headers: admin.headers,
    payload: { kind: 'kiosk', name: 'Máy lấy số tầng 2', config: { printer: { kind: 'network', url: 'tcp://192.168.1.50:9100', paperWidth: 80 } } },
  })
  t.equal(created.statusCode, 201)
  t.same(created.json().device.config.printer, { kind: 'network', url: 'tcp://192.168.1.50:9100', paperWidth: 80 })
  const id = created.json().device.id
  const patch = (printer: object) => app.inject({ method: 'PATCH', url: `/api/admin/devices/${id}`, headers: admin.headers, payload: { config: { printer } } })
  for (const printer of [{ kind: 'browser', paperWidth: 58 }, { kind: 'network', url: 'tcp://10.0.0.7:9100', paperWidth: 58 }, { kind: 'none' }]) {
    const res = await patch(printer)
    t.equal(res.statusCode, 200, `${printer.kind} is accepted`)
    t.same(res.json().device.config.printer, printer, `${printer.kind} is stored with every field`)
  }
  t.equal((await patch({ kind: 'network', paperWidth: 80 })).json().code, 'bad_request', 'a network printer needs its address')
  t.equal((await patch({ kind: 'network', url: 'http://printer', paperWidth: 80 })).json().code, 'bad_request')
  t.equal((await patch({ kind: 'browser', paperWidth: 72 })).json().code, 'bad_request')
})
