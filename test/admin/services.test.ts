import t from 'tap'
import { aDevice, aUser, baseUrl, build, issue, login, serviceId } from '../helpers/build.js'
import { connect } from '../helpers/socket.js'
import { auditRows, siteChangedEvents } from './helpers.js'

const LABOUR = {
  code: 'ld',
  nameVi: 'Lao động – Thương binh và Xã hội',
  nameEn: 'Labour, invalids and social affairs',
  numbering: 'block',
  blockStart: 5001,
  blockEnd: 5999,
  hours: {
    days: [1, 2, 3, 4, 5],
    periods: [
      { from: '07:30', to: '11:15' },
      { from: '13:30', to: '16:45' },
    ],
  },
  dailyCap: 120,
  targetWaitMinutes: 15,
  defaultServiceMinutes: 9,
}

t.test('an administrator creates a service; kiosks can issue for it and screens are told', async (t) => {
  const { app } = await build(t, { listen: true })
  const admin = await login(app, 'admin')
  const listener = connect(t, baseUrl(app), { cookie: admin.cookie })
  const before = await listener.snapshot

  const res = await app.inject({ method: 'POST', url: '/api/admin/services', headers: admin.headers, payload: LABOUR })
  t.equal(res.statusCode, 201)
  const service = res.json().service
  t.equal(service.code, 'LD', 'codes are stored in capitals')
  t.equal(service.nameVi, 'Lao động – Thương binh và Xã hội')
  t.equal(service.defaultServiceMinutes, 9)
  t.same(service.hours.periods[1], { from: '13:30', to: '16:45' })

  const [event] = await listener.waitForEvents(1)
  t.equal(event?.name, 'site:changed', 'connected screens are told to refresh')
  t.equal(event?.payload.seq, before.seq + 1, 'the event continues the site sequence')

  const audit = await auditRows(app, 'service.create')
  t.equal(audit.length, 1)
  t.equal(audit[0]?.userId, admin.id, 'the audit row names the administrator')
  t.equal(audit[0]?.targetId, service.id)

  const kiosk = await aDevice(app, 'kiosk')
  const unstaffed = await issue(app, kiosk, { serviceId: service.id })
  t.equal(unstaffed.json().code, 'service_closed', 'no numbers until a counter serves the service')
  const counter = await app.inject({
    method: 'POST',
    url: '/api/admin/counters',
    headers: admin.headers,
    payload: { number: 7, name: 'Quầy 7', serviceIds: [service.id] },
  })
  t.equal(counter.statusCode, 201)
  const ticket = await issue(app, kiosk, { serviceId: service.id })
  t.equal(ticket.json().ticket.number, '5001', 'the new block numbering is used at once')

  const list = await app.inject({ method: 'GET', url: '/api/admin/services', headers: admin.headers })
  t.ok(list.json().services.some((s: { code: string }) => s.code === 'LD'))
})

t.test('bad service input is refused with a stable code and nothing is written', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const post = (payload: object) => app.inject({ method: 'POST', url: '/api/admin/services', headers: admin.headers, payload })
  const seqBefore = (await siteChangedEvents(app)).length

  const cases: [string, object, number, string][] = [
    ['duplicate code', { ...LABOUR, code: 'dd' }, 409, 'service_code_taken'],
    ['overlapping block', { ...LABOUR, blockStart: 1500, blockEnd: 1600 }, 409, 'numbering_block_overlap'],
    ['prefix already used', { ...LABOUR, numbering: 'prefix', prefix: 'x' }, 409, 'numbering_prefix_taken'],
    ['block ends before it starts', { ...LABOUR, blockStart: 5999, blockEnd: 5001 }, 400, 'bad_request'],
    ['prefix numbering without a prefix', { ...LABOUR, numbering: 'prefix', prefix: '' }, 400, 'bad_request'],
    ['period ending before it starts', { ...LABOUR, hours: { days: [1], periods: [{ from: '11:00', to: '08:00' }] } }, 400, 'bad_request'],
    [
      'overlapping periods',
      {
        ...LABOUR,
        hours: {
          days: [1],
          periods: [
            { from: '07:00', to: '11:00' },
            { from: '10:00', to: '12:00' },
          ],
        },
      },
      400,
      'bad_request',
    ],
    ['weekday 8', { ...LABOUR, hours: { days: [8], periods: [{ from: '07:00', to: '11:00' }] } }, 400, 'bad_request'],
    ['time 25:00', { ...LABOUR, hours: { days: [1], periods: [{ from: '07:00', to: '25:00' }] } }, 400, 'bad_request'],
    ['empty name', { ...LABOUR, nameVi: '' }, 400, 'bad_request'],
    ['negative cap', { ...LABOUR, dailyCap: -1 }, 400, 'bad_request'],
    ['code with spaces', { ...LABOUR, code: 'L D' }, 400, 'bad_request'],
  ]
  for (const [name, payload, status, code] of cases) {
    const res = await post(payload)
    t.equal(res.statusCode, status, name)
    t.equal(res.json().code, code, name)
  }
  t.equal((await auditRows(app, 'service.create')).length, 0, 'no audit row for a refused change')
  t.equal((await siteChangedEvents(app)).length, seqBefore, 'no event for a refused change')

  const missing = await app.inject({ method: 'PATCH', url: '/api/admin/services/9999', headers: admin.headers, payload: { nameVi: 'X' } })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().code, 'service_not_found')
})

t.test('editing a service changes what the kiosk sees and is audited', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const land = await serviceId(app, 'DD')
  const res = await app.inject({
    method: 'PATCH',
    url: `/api/admin/services/${land}`,
    headers: admin.headers,
    payload: { nameEn: 'Land administration', dailyCap: 1, active: true },
  })
  t.equal(res.statusCode, 200)
  t.equal(res.json().service.nameEn, 'Land administration')
  t.equal(res.json().service.numbering, 'block', 'fields not sent are kept')

  const kiosk = await aDevice(app, 'kiosk')
  t.equal((await issue(app, kiosk, { serviceId: land })).statusCode, 201)
  const capped = await issue(app, kiosk, { serviceId: land })
  t.equal(capped.json().code, 'daily_cap_reached', 'the new daily cap applies at once')

  const rows = await auditRows(app, 'service.update')
  t.equal(rows.length, 1)
  t.match(rows[0]?.detail, { code: 'DD', nameEn: 'Land administration', dailyCap: 1 })
  t.equal((await siteChangedEvents(app)).length, 1)

  const clash = await app.inject({ method: 'PATCH', url: `/api/admin/services/${land}`, headers: admin.headers, payload: { code: 'HT' } })
  t.equal(clash.statusCode, 409)
  t.equal(clash.json().code, 'service_code_taken')
})

t.test('a service with tickets is deactivated instead of deleted; an unused one is deleted', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const kiosk = await aDevice(app, 'kiosk')
  const land = await serviceId(app, 'DD')
  await issue(app, kiosk, { serviceId: land })

  const used = await app.inject({ method: 'DELETE', url: `/api/admin/services/${land}`, headers: admin.headers })
  t.equal(used.statusCode, 200)
  t.equal(used.json().deleted, false)
  t.equal(used.json().item.active, false, 'kept but inactive')
  t.equal((await issue(app, kiosk, { serviceId: land })).json().code, 'service_inactive')
  t.equal((await auditRows(app, 'service.deactivate')).length, 1)

  const created = await app.inject({ method: 'POST', url: '/api/admin/services', headers: admin.headers, payload: LABOUR })
  const id = created.json().service.id
  // Linked to a counter, so deleting must remove the link too.
  await app.inject({ method: 'PATCH', url: '/api/admin/counters/1', headers: admin.headers, payload: { serviceIds: [land, id] } })
  const gone = await app.inject({ method: 'DELETE', url: `/api/admin/services/${id}`, headers: admin.headers })
  t.equal(gone.statusCode, 200)
  t.equal(gone.json().deleted, true)
  const counters = await app.inject({ method: 'GET', url: '/api/admin/counters', headers: admin.headers })
  t.same(counters.json().counters[0].serviceIds, [land], 'the counter no longer lists the deleted service')
  t.equal((await auditRows(app, 'service.delete')).length, 1)
})

t.test('managers may read services but not change them; staff may do neither', async (t) => {
  const { app } = await build(t)
  const manager = await login(app, 'lanhdao')
  const staff = await aUser(app, 'staff')
  t.equal((await app.inject({ method: 'GET', url: '/api/admin/services', headers: manager.headers })).statusCode, 200)
  const change = await app.inject({ method: 'POST', url: '/api/admin/services', headers: manager.headers, payload: LABOUR })
  t.equal(change.statusCode, 403)
  t.equal(change.json().code, 'forbidden')
  t.equal((await app.inject({ method: 'GET', url: '/api/admin/services', headers: staff.headers })).statusCode, 403)
})
