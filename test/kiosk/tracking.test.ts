/** The page behind the ticket's QR code: what a citizen reads on the phone, and who may read it. */
import t from 'tap'
import type { IssuedTicket } from '../../shared/types.js'
import { aDevice, build, counterId, issue, login, serveNext, serviceId, sqlRows } from '../helpers/build.js'

/** The visible text of the page, tags stripped, whitespace collapsed. */
function text(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

function pathOf(url: string): string {
  return new URL(url).pathname
}

t.test('the tracking link shows the number, the status in plain Vietnamese, and the wait', async (t) => {
  const { app, clock } = await build(t)
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const land = await serviceId(app, 'DD')
  await issue(app, kiosk, { serviceId: land })
  const mine = (await issue(app, kiosk, { serviceId: land })).json() as IssuedTicket
  t.match(mine.trackingUrl, /^http:\/\/qms\.test\/t\/\d+\/[A-Za-z0-9_-]+$/, 'the QR link is final: PUBLIC_URL/t/:id/:code')

  const waiting = await app.inject({ url: pathOf(mine.trackingUrl) })
  t.equal(waiting.statusCode, 200)
  t.match(waiting.headers['content-type'], /text\/html/)
  t.equal(waiting.headers['cache-control'], 'no-store')
  t.match(waiting.body, /<noscript><meta http-equiv="refresh" content="20"><\/noscript>/, 'without scripts it refreshes itself while the citizen waits')
  t.match(waiting.body, /<script src="\/t\/page\.js\?v=[0-9a-f]{12}" defer><\/script>/, 'with them it follows the ticket live')
  t.match(waiting.headers['content-security-policy'], "script-src 'self'; connect-src 'self'", 'its own script and socket only')
  const page = text(waiting.body)
  t.match(page, 'Trung tâm Phục vụ hành chính công')
  t.match(page, 'Số thứ tự 1002')
  t.match(page, 'Đất đai')
  t.match(page, 'Đang chờ đến lượt')
  t.match(page, 'Số người chờ trước 1')
  t.match(page, 'Thời gian chờ dự kiến Chưa có quầy mở', 'no Đất đai counter is open: said instead of a wait')

  const staff = await login(app, 'canbo1')
  const counter = await counterId(app, 1)
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/open`, headers: staff.headers })
  const first = await app.inject({ method: 'POST', url: `/api/counters/${counter}/call-next`, headers: staff.headers })
  t.equal(first.json().number, '1001')
  t.match(
    text((await app.inject({ url: pathOf(mine.trackingUrl) })).body),
    'Số người chờ trước 0 Thời gian chờ dự kiến Khoảng 15 phút',
    'one fewer ahead once 1001 is called; next after its visit',
  )

  await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${first.json().id}/start`, headers: staff.headers })
  clock.advance(5 * 60_000)
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${first.json().id}/finish`, headers: staff.headers })
  const called = await app.inject({ method: 'POST', url: `/api/counters/${counter}/call-next`, headers: staff.headers })
  t.equal(called.json().number, '1002')
  t.match(text((await app.inject({ url: pathOf(mine.trackingUrl) })).body), 'Mời Ông/Bà đến quầy số 1')

  await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${mine.ticket.id}/start`, headers: staff.headers })
  t.match(text((await app.inject({ url: pathOf(mine.trackingUrl) })).body), 'Đang được phục vụ tại quầy số 1')

  await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${mine.ticket.id}/finish`, headers: staff.headers })
  const done = await app.inject({ url: pathOf(mine.trackingUrl) })
  t.match(text(done.body), 'Đã hoàn thành. Xin cảm ơn!')
  t.notMatch(done.body, /http-equiv="refresh"/, 'a finished ticket stops refreshing')

  const english = await app.inject({ url: `${pathOf(mine.trackingUrl)}?lang=en` })
  t.match(text(english.body), 'Your number 1002')
  t.match(text(english.body), 'Finished. Thank you!')
})

t.test('a transferred ticket is followed to its new service', async (t) => {
  const { app } = await build(t)
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const mine = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json() as IssuedTicket
  const staff = await login(app, 'canbo1')
  const moved = await app.inject({
    method: 'POST',
    url: `/api/tickets/${mine.ticket.id}/transfer`,
    headers: staff.headers,
    payload: { toServiceId: await serviceId(app, 'HT') },
  })
  t.equal(moved.statusCode, 200)
  const page = text((await app.inject({ url: pathOf(mine.trackingUrl) })).body)
  t.match(page, 'Số thứ tự 1001')
  t.match(page, 'Số thứ tự đã được chuyển sang lĩnh vực “Hộ tịch”.')
  t.match(page, 'Đang chờ đến lượt')
})

t.test('a wrong code, an unknown ticket or a malformed link is a plain 404 page', async (t) => {
  const { app } = await build(t)
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const mine = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json() as IssuedTicket
  const id = mine.ticket.id
  for (const url of [
    `/t/${id}/wrongcode`,
    `/t/${id + 1}/${pathOf(mine.trackingUrl).split('/')[3]}`,
    `/t/abc/def`,
    `/t/${id}/%3Cscript%3E`,
    `/t/4294967296/abc`,
  ]) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 404, url)
    t.match(res.headers['content-type'], /text\/html/)
    t.match(text(res.body), 'Không tìm thấy số thứ tự', 'explains itself in Vietnamese')
    t.notMatch(res.body, '1001', 'and reveals no ticket')
    t.notMatch(res.body, '<script>')
  }
})

t.test('a served citizen rates the visit once, from the page; the rating names the counter and the staff member', async (t) => {
  const { app, clock } = await build(t)
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const mine = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json() as IssuedTicket
  const path = pathOf(mine.trackingUrl)
  const rate = (score: string, lang = '') =>
    app.inject({ method: 'POST', url: `${path}/rating${lang}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `score=${score}` })

  t.notMatch((await app.inject({ url: path })).body, /data-testid="rate"/, 'no rating form while waiting')
  const early = await rate('4')
  t.equal(early.statusCode, 409, 'not before the visit is served')
  t.match(text(early.body), 'Chỉ đánh giá được sau khi hồ sơ đã được phục vụ xong.')

  const { staff, counter } = await serveNext(app, 'canbo1', 1, mine.ticket.id)

  const done = await app.inject({ url: path })
  t.match(
    text(done.body),
    'Ông/Bà có hài lòng với sự phục vụ tại quầy số 1? Rất hài lòng Hài lòng Bình thường Không hài lòng Rất không hài lòng',
    'the five levels of the default scale, best first',
  )
  t.match(done.body, new RegExp(`<form method="post" action="${path}/rating">`), 'a plain form: works on any phone, no script')

  for (const bad of ['0', '6', 'x', '', '4.5']) t.equal((await rate(bad)).statusCode, 400, `score "${bad}" refused`)
  const rated = await rate('4')
  t.equal(rated.statusCode, 303, 'back to the page')
  t.equal(rated.headers.location, path)
  t.equal((await rate('1')).statusCode, 303, 'a second press is answered the same way…')
  const stored = await sqlRows(app, 'select score, scale, channel, counter_id as "counterId", staff_id as "staffId" from ratings')
  t.same(
    stored,
    [{ score: 4, scale: 5, channel: 'phone', counterId: counter, staffId: staff.id }],
    '…but the first rating is the one kept, tied to counter and staff',
  )
  t.match(text((await app.inject({ url: path })).body), 'Cảm ơn Ông/Bà đã đánh giá: “Hài lòng”.')
  t.match(text((await app.inject({ url: `${path}?lang=en` })).body), 'Thank you for your rating: “Satisfied”.')

  // The next day the visit can no longer be rated: that day's report figures are final.
  const other = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json() as IssuedTicket
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/call-next`, headers: staff.headers })
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${other.ticket.id}/start`, headers: staff.headers })
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${other.ticket.id}/finish`, headers: staff.headers })
  clock.set(Date.UTC(2026, 10, 23, 17, 1)) // 00:01 on Tuesday in Hà Nội
  t.notMatch((await app.inject({ url: pathOf(other.trackingUrl) })).body, /data-testid="rate"/, 'no form the next day')
  const late = await app.inject({
    method: 'POST',
    url: `${pathOf(other.trackingUrl)}/rating`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'score=4',
  })
  t.equal(late.statusCode, 409)
  t.match(text(late.body), 'Lượt này chỉ đánh giá được trong ngày được phục vụ.')

  const wrong = await app.inject({
    method: 'POST',
    url: `/t/${mine.ticket.id}/not-the-code/rating`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'score=4',
  })
  t.equal(wrong.statusCode, 404, 'a wrong code rates nothing')
})
