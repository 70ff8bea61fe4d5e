import t from 'tap'
import { aDevice, baseUrl, build, issue, login, serviceId } from '../helpers/build.js'
import { connect } from '../helpers/socket.js'
import { auditRows } from './helpers.js'

t.test('site settings: saved, audited, and screens refresh to show them', async (t) => {
  const { app } = await build(t, { listen: true })
  const admin = await login(app, 'admin')
  const screen = connect(t, baseUrl(app), { cookie: admin.cookie })
  await screen.snapshot
  const res = await app.inject({
    method: 'PATCH',
    url: '/api/admin/site',
    headers: admin.headers,
    payload: {
      name: 'Bộ phận Một cửa UBND quận Hải Châu',
      nameEn: 'Hai Chau District One-Stop Office',
      logoUrl: 'https://haichau.danang.gov.vn/logo.png',
      timeZone: 'Asia/Bangkok',
      ticketFooter: 'Xin cảm ơn quý công dân!',
      displayNotice: 'Chiều thứ Sáu tạm nghỉ để họp.',
      maxPriorityInRow: 2,
      asideAlertMinutes: 20,
      numberReading: 'digits',
    },
  })
  t.equal(res.statusCode, 200)
  t.equal(res.json().site.name, 'Bộ phận Một cửa UBND quận Hải Châu')
  t.equal(res.json().site.numberReading, 'digits')
  const [event] = await screen.waitForEvents(1)
  t.equal(event?.name, 'site:changed')
  const snap = await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: admin.headers })
  t.equal(snap.json().site.displayNotice, 'Chiều thứ Sáu tạm nghỉ để họp.', 'the snapshot carries the new notice')
  t.equal(snap.json().site.timeZone, 'Asia/Bangkok')
  t.equal(snap.json().site.asideAlertMinutes, 20, 'the consoles learn the new set-aside reminder time')
  t.equal((await auditRows(app, 'site.update')).length, 1)

  const cleared = await app.inject({ method: 'PATCH', url: '/api/admin/site', headers: admin.headers, payload: { logoUrl: null } })
  t.equal(cleared.json().site.logoUrl, null)
})

t.test('bad site settings are refused with stable codes', async (t) => {
  const { app } = await build(t)
  const admin = await login(app, 'admin')
  const patch = (payload: object) => app.inject({ method: 'PATCH', url: '/api/admin/site', headers: admin.headers, payload })
  const zone = await patch({ timeZone: 'Asia/Saigon_Typo' })
  t.equal(zone.statusCode, 400)
  t.equal(zone.json().code, 'invalid_time_zone')
  t.equal((await patch({ logoUrl: 'javascript:alert(1)' })).json().code, 'bad_request', 'only http(s) or local logo addresses')
  t.equal((await patch({ maxPriorityInRow: 0 })).json().code, 'bad_request')
  t.equal((await patch({ asideAlertMinutes: 0 })).json().code, 'bad_request', 'a reminder after at least a minute')
  t.equal((await patch({ numberReading: 'roman' })).json().code, 'bad_request')
  t.equal((await patch({ name: '' })).json().code, 'bad_request')
  t.equal((await auditRows(app, 'site.update')).length, 0)
  const get = await app.inject({ method: 'GET', url: '/api/admin/site', headers: admin.headers })
  t.equal(get.json().site.timeZone, 'Asia/Ho_Chi_Minh', 'nothing changed')
})

t.test('closed days: kept in date order, checked, and the kiosk is refused on them', async (t) => {
  const { app, clock } = await build(t)
  const admin = await login(app, 'admin')
  const patch = (closedDays: unknown) => app.inject({ method: 'PATCH', url: '/api/admin/site', headers: admin.headers, payload: { closedDays } })

  const demo = await app.inject({ method: 'GET', url: '/api/admin/site', headers: admin.headers })
  t.ok(
    demo.json().site.closedDays.some((d: { day: string }) => d.day === '2026-09-02'),
    'the demo site starts with the fixed-date holidays',
  )

  const saved = await patch([
    { day: '2026-11-24', name: '  Nghỉ bù  ' },
    { day: '2026-11-23', name: 'Ngày hội' },
  ])
  t.equal(saved.statusCode, 200)
  t.same(
    saved.json().site.closedDays,
    [
      { day: '2026-11-23', name: 'Ngày hội' },
      { day: '2026-11-24', name: 'Nghỉ bù' },
    ],
    'in date order, names trimmed',
  )
  t.same((await auditRows(app, 'site.update')).length, 1, 'audited')

  // The fixture's clock is Monday 2026-11-23 08:00: a closed day.
  const kiosk = await aDevice(app, 'kiosk')
  const refused = await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })
  t.equal(refused.statusCode, 422)
  t.equal(refused.json().code, 'site_closed_today')
  const availability = await app.inject({ method: 'GET', url: '/api/queue/availability', headers: kiosk.headers })
  t.ok(
    availability.json().services.every((s: { open: boolean; reason: string | null }) => !s.open),
    'every service is shown closed',
  )
  const dd = await serviceId(app, 'DD')
  t.equal(availability.json().services.find((s: { serviceId: number }) => s.serviceId === dd).reason, 'site_closed_today')

  for (const [days, why] of [
    [[{ day: '2026-02-30', name: 'x' }], 'not a date'],
    [
      [
        { day: '2026-11-30', name: 'a' },
        { day: '2026-11-30', name: 'b' },
      ],
      'a day listed twice',
    ],
    [[{ day: '30/11/2026', name: 'x' }], 'a date not written YYYY-MM-DD'],
    [[{ day: '2026-11-30' }], 'no name'],
    ['2026-11-30', 'not a list'],
  ] as const) {
    const res = await patch(days)
    t.equal(res.statusCode, 400, `${why}: 400`)
    t.equal(res.json().code, 'bad_request', `${why}: bad_request`)
  }
  const after = await app.inject({ method: 'GET', url: '/api/admin/site', headers: admin.headers })
  t.equal(after.json().site.closedDays.length, 2, 'a refused change leaves the list as it was')

  clock.set(Date.UTC(2026, 10, 25, 1, 0)) // Wednesday 08:00
  // (The administrator's session has expired by Wednesday; the kiosk's device token has not.)
  t.equal((await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).statusCode, 201, 'Wednesday is open')
})
