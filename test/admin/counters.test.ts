import t from 'tap'
import { aDevice, build, counterId, issue, login, serviceId } from '../helpers/build.js'
import { auditRows, siteChangedEvents } from './helpers.js'

t.test('an administrator adds a counter with ordered services; staff can open it and call', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const land = await serviceId(app, 'DD')
  const civil = await serviceId(app, 'HT')
  const res = await app.inject({
    method: 'POST',
    url: '/api/admin/counters',
    headers: admin.headers,
    payload: { number: 7, name: ' Quầy 7 ', strategy: 'longest_wait', serviceIds: [civil, land] },
  })
  t.equal(res.statusCode, 201)
  const counter = res.json().counter
  t.equal(counter.number, 7)
  t.equal(counter.name, 'Quầy 7', 'names are trimmed')
  t.equal(counter.strategy, 'longest_wait')
  t.same(counter.serviceIds, [civil, land], 'services keep the order given')
  t.equal(counter.status, 'closed', 'a new counter starts closed')
  t.equal((await auditRows(app, 'counter.create')).length, 1)
  t.equal((await siteChangedEvents(app)).length, 1)

  const reorder = await app.inject({
    method: 'PATCH',
    url: `/api/admin/counters/${counter.id}`,
    headers: admin.headers,
    payload: { serviceIds: [land, civil] },
  })
  t.same(reorder.json().counter.serviceIds, [land, civil])

  const kiosk = await aDevice(app, 'kiosk')
  await issue(app, kiosk, { serviceId: land })
  const staff = await login(app, 'canbo1')
  await app.inject({ method: 'POST', url: `/api/counters/${counter.id}/open`, headers: staff.headers })
  const called = await app.inject({ method: 'POST', url: `/api/counters/${counter.id}/call-next`, headers: staff.headers })
  t.equal(called.json().number, '1001', 'the new counter calls from its services')
})

t.test('counter numbers are unique, services must exist, open or used counters stay', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const dup = await app.inject({ method: 'POST', url: '/api/admin/counters', headers: admin.headers, payload: { number: 1, name: 'Again' } })
  t.equal(dup.statusCode, 409)
  t.equal(dup.json().code, 'counter_number_taken')

  const renumber = await app.inject({ method: 'PATCH', url: `/api/admin/counters/${await counterId(app, 2)}`, headers: admin.headers, payload: { number: 1 } })
  t.equal(renumber.statusCode, 409)

  const ghost = await app.inject({
    method: 'POST',
    url: '/api/admin/counters',
    headers: admin.headers,
    payload: { number: 9, name: 'Ghost', serviceIds: [999] },
  })
  t.equal(ghost.statusCode, 422)
  t.equal(ghost.json().code, 'service_not_found')
  const afterGhost = await app.inject({ method: 'GET', url: '/api/admin/counters', headers: admin.headers })
  t.notOk(
    afterGhost.json().counters.some((c: { number: number }) => c.number === 9),
    'a refused create leaves no counter behind',
  )

  const repeated = await app.inject({
    method: 'POST',
    url: '/api/admin/counters',
    headers: admin.headers,
    payload: { number: 9, name: 'Rep', serviceIds: [1, 1] },
  })
  t.equal(repeated.statusCode, 400)
  const badStrategy = await app.inject({
    method: 'POST',
    url: '/api/admin/counters',
    headers: admin.headers,
    payload: { number: 9, name: 'X', strategy: 'random' },
  })
  t.equal(badStrategy.json().code, 'bad_request')

  const staff = await login(app, 'canbo1')
  const one = await counterId(app, 1)
  await app.inject({ method: 'POST', url: `/api/counters/${one}/open`, headers: staff.headers })
  const open = await app.inject({ method: 'DELETE', url: `/api/admin/counters/${one}`, headers: admin.headers })
  t.equal(open.statusCode, 409, 'an open counter is not deleted')

  const kiosk = await aDevice(app, 'kiosk')
  await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })
  const called = (await app.inject({ method: 'POST', url: `/api/counters/${one}/call-next`, headers: staff.headers })).json()
  const stillOpen = await app.inject({ method: 'DELETE', url: `/api/admin/counters/${one}`, headers: admin.headers })
  t.equal(stillOpen.json().code, 'counter_not_closed', 'an open counter says so, with its own code')
  await app.inject({ method: 'POST', url: `/api/counters/${one}/tickets/${called.id}/no-show`, headers: staff.headers })
  await app.inject({ method: 'POST', url: `/api/counters/${one}/close`, headers: staff.headers })
  const used = await app.inject({ method: 'DELETE', url: `/api/admin/counters/${one}`, headers: admin.headers })
  t.equal(used.statusCode, 409, 'a counter with history is not deleted')
  t.equal(used.json().code, 'counter_has_history')

  const six = await counterId(app, 6)
  const gone = await app.inject({ method: 'DELETE', url: `/api/admin/counters/${six}`, headers: admin.headers })
  t.equal(gone.statusCode, 200)
  t.equal(gone.json().deleted, true)
  const list = await app.inject({ method: 'GET', url: '/api/admin/counters', headers: admin.headers })
  t.same(
    list.json().counters.map((c: { number: number }) => c.number),
    [1, 2, 3, 4, 5],
  )
  t.equal((await auditRows(app, 'counter.delete')).length, 1)
  const missing = await app.inject({ method: 'PATCH', url: '/api/admin/counters/999', headers: admin.headers, payload: { name: 'X' } })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().code, 'counter_not_found')
})
