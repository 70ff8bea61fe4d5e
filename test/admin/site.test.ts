import t from 'tap'
import { baseUrl, build, login } from '../helpers/build.js'
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
  t.equal(auditRows(app, 'site.update').length, 1)

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
  t.equal((await patch({ numberReading: 'roman' })).json().code, 'bad_request')
  t.equal((await patch({ name: '' })).json().code, 'bad_request')
  t.equal(auditRows(app, 'site.update').length, 0)
  const get = await app.inject({ method: 'GET', url: '/api/admin/site', headers: admin.headers })
  t.equal(get.json().site.timeZone, 'Asia/Ho_Chi_Minh', 'nothing changed')
})
