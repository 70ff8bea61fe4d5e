/**
 * Satisfaction ratings on the centre's scale: the rating device on a counter's desk (its socket
 * state and its device-authenticated route), the phone page's reasons step, the scale and reasons
 * settings, the mapping of four-level ratings onto the five-level scale, and the report figures by
 * channel. Dialect-neutral: runs on SQLite and PostgreSQL.
 */
import { readFileSync, readdirSync } from 'node:fs'
import t from 'tap'
import type { RatingDeviceState } from '../../shared/contract.js'
import type { IssuedTicket } from '../../shared/types.js'
import { aDevice, baseUrl, build, counterId, issue, login, serveNext, serviceId, sqlRows, sqlRun, type Built, type Device } from '../helpers/build.js'
import { connect, type Listener } from '../helpers/socket.js'

const form = { 'content-type': 'application/x-www-form-urlencoded' }

/** The visible text of the page, tags stripped, whitespace collapsed. */
function text(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

async function served(built: Built, kiosk: Device, counter = 1, username = 'canbo1') {
  const mine = (await issue(built.app, kiosk, { serviceId: await serviceId(built.app, 'DD') })).json() as IssuedTicket
  const who = await serveNext(built.app, username, counter, mine.ticket.id)
  return { ticket: mine, ...who, path: new URL(mine.trackingUrl).pathname }
}

function rateFromDevice(built: Built, device: Device, body: Record<string, unknown>) {
  return built.app.inject({ method: 'POST', url: '/api/rating-device/ratings', headers: device.headers, payload: body })
}

/** The latest `rating:state` the socket received, once `ok` holds. */
async function stateWhen(listener: Listener, ok: (s: RatingDeviceState) => boolean, timeoutMs = 10_000): Promise<RatingDeviceState> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const states = listener.received.filter((r) => r.name === 'rating:state').map((r) => r.payload as RatingDeviceState)
    const last = states[states.length - 1]
    if (last && ok(last)) return last
    if (Date.now() > deadline) throw new Error(`no such rating state; last: ${JSON.stringify(last)}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

t.test('the rating device follows its counter only, asks after a finish, and records one rating with reasons', async (t) => {
  const built = await build(t, { listen: true })
  const { app } = built
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const one = await counterId(app, 1)
  const device = await aDevice(app, 'rating', { counterId: one })
  const other = await aDevice(app, 'rating', { counterId: await counterId(app, 2) })
  const listener = connect(t, baseUrl(app), { auth: { deviceToken: device.token } })

  const first = await stateWhen(listener, () => true)
  t.match(first, { counter: { id: one, number: 1 }, serving: null, ask: null, scale: 5 }, 'on connect: its counter, nobody served yet')
  t.same(
    first.reasons.map((r) => r.vi),
    ['Thời gian chờ lâu', 'Cán bộ hướng dẫn chưa rõ', 'Thái độ chưa tốt', 'Phải đi lại nhiều lần', 'Khác'],
    'the default reasons',
  )

  const mine = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json() as IssuedTicket
  const staff = await login(app, 'canbo1')
  await app.inject({ method: 'POST', url: `/api/counters/${one}/open`, headers: staff.headers })
  await app.inject({ method: 'POST', url: `/api/counters/${one}/call-next`, headers: staff.headers })
  const calling = await stateWhen(listener, (s) => s.serving !== null)
  t.match(calling, { serving: { number: mine.ticket.number, status: 'called' }, ask: null }, 'the number called at its counter')
  t.ok(calling.staffName && calling.staffName.length > 0, `the officer's name: ${calling.staffName}`)

  const early = await rateFromDevice(built, device, { ticketId: mine.ticket.id, score: 5 })
  t.equal(early.statusCode, 409)
  t.equal(early.json().code, 'rating_not_served', 'not before the visit is finished')

  await app.inject({ method: 'POST', url: `/api/counters/${one}/tickets/${mine.ticket.id}/start`, headers: staff.headers })
  await app.inject({ method: 'POST', url: `/api/counters/${one}/tickets/${mine.ticket.id}/finish`, headers: staff.headers })
  const asking = await stateWhen(listener, (s) => s.ask !== null)
  t.match(asking, { serving: null, ask: { ticketId: mine.ticket.id, number: mine.ticket.number, staffName: calling.staffName } }, 'finished: it asks')

  // Refusals change nothing.
  const fromOther = await rateFromDevice(built, other, { ticketId: mine.ticket.id, score: 2 })
  t.equal(fromOther.json().code, 'rating_not_at_counter', "another counter's device cannot rate this visit")
  t.equal(fromOther.statusCode, 409)
  t.equal((await rateFromDevice(built, kiosk, { ticketId: mine.ticket.id, score: 2 })).statusCode, 403, 'a kiosk is not a rating device')
  t.equal((await app.inject({ method: 'POST', url: '/api/rating-device/ratings', payload: { ticketId: mine.ticket.id, score: 2 } })).statusCode, 401)
  const unknown = await rateFromDevice(built, device, { ticketId: mine.ticket.id, score: 2, reasons: ['Không có trong danh sách'] })
  t.equal(unknown.json().code, 'rating_reason_unknown')
  for (const body of [
    { ticketId: mine.ticket.id, score: 6 },
    { ticketId: mine.ticket.id, score: 0 },
    { ticketId: mine.ticket.id },
    { ticketId: 'x', score: 3 },
  ]) {
    t.equal((await rateFromDevice(built, device, body)).statusCode, 400, `bad body ${JSON.stringify(body)}`)
  }
  t.same(await sqlRows(app, 'select id from ratings'), [], 'nothing recorded by a refused request')

  const rated = await rateFromDevice(built, device, { ticketId: mine.ticket.id, score: 2, reasons: ['Thời gian chờ lâu', 'Thái độ chưa tốt'] })
  t.equal(rated.statusCode, 201)
  await stateWhen(listener, (s) => s.ask === null)
  t.pass('answered: the device stops asking')
  t.equal((await rateFromDevice(built, device, { ticketId: mine.ticket.id, score: 5 })).statusCode, 201, 'a second answer is taken quietly…')
  const rows = await sqlRows<{ score: number; scale: number; channel: string; reasons: unknown; counterId: number; staffId: number }>(
    app,
    'select score, scale, channel, reasons, counter_id as "counterId", staff_id as "staffId" from ratings',
  )
  t.equal(rows.length, 1, '…and the first one kept: one rating per visit')
  const row = rows[0]!
  t.same(
    { ...row, reasons: typeof row.reasons === 'string' ? JSON.parse(row.reasons) : row.reasons },
    { score: 2, scale: 5, channel: 'device', reasons: ['Thời gian chờ lâu', 'Thái độ chưa tốt'], counterId: one, staffId: staff.id },
    'tied to the ticket, the counter and the officer, by the device, with its reasons',
  )
  // The phone page of the same visit thanks rather than asking again.
  t.match(text((await app.inject({ url: new URL(mine.trackingUrl).pathname })).body), 'Cảm ơn Ông/Bà đã đánh giá: “Không hài lòng”.')

  const names = new Set(listener.received.map((r) => r.name))
  t.same([...names], ['rating:state'], 'the device received its counter’s state and nothing else: no queue events, no snapshot')
})

t.test('a rating device without a counter says so; it cannot rate', async (t) => {
  const built = await build(t)
  const kiosk = await aDevice(built.app, 'kiosk', { printer: { kind: 'none' } })
  const device = await aDevice(built.app, 'rating')
  const visit = await served(built, kiosk)
  const res = await rateFromDevice(built, device, { ticketId: visit.ticket.ticket.id, score: 5 })
  t.equal(res.statusCode, 422)
  t.equal(res.json().code, 'rating_device_no_counter')
})

t.test('the phone page: an unsatisfied level asks for reasons from the centre’s list; the four-level scale', async (t) => {
  const built = await build(t)
  const { app } = built
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const admin = await login(app, 'admin')

  const visit = await served(built, kiosk)
  const first = await app.inject({ method: 'POST', url: `${visit.path}/rating`, headers: form, payload: 'score=1' })
  t.equal(first.statusCode, 303, 'Rất không hài lòng: first, why')
  t.equal(first.headers.location, `${visit.path}?rate=1`)
  t.same(await sqlRows(app, 'select id from ratings'), [], 'nothing recorded yet')
  const asked = text((await app.inject({ url: `${visit.path}?rate=1` })).body)
  t.match(asked, 'Ông/Bà chưa hài lòng vì điều gì? (có thể chọn nhiều) Thời gian chờ lâu Cán bộ hướng dẫn chưa rõ Thái độ chưa tốt Phải đi lại nhiều lần Khác')
  const bad = await app.inject({ method: 'POST', url: `${visit.path}/rating`, headers: form, payload: 'score=1&step=reasons&reason=Bịa+ra' })
  t.equal(bad.statusCode, 400, 'a reason not on the list is refused')
  const sent = await app.inject({
    method: 'POST',
    url: `${visit.path}/rating`,
    headers: form,
    payload: `score=1&step=reasons&reason=${encodeURIComponent('Thời gian chờ lâu')}&reason=${encodeURIComponent('Phải đi lại nhiều lần')}`,
  })
  t.equal(sent.statusCode, 303)
  t.equal(sent.headers.location, visit.path)
  const [row] = await sqlRows<{ score: number; channel: string; reasons: unknown }>(app, 'select score, channel, reasons from ratings')
  t.same(
    { ...row, reasons: typeof row?.reasons === 'string' ? JSON.parse(row.reasons) : row?.reasons },
    { score: 1, channel: 'phone', reasons: ['Thời gian chờ lâu', 'Phải đi lại nhiều lần'] },
  )

  // The centre moves to four levels and its own reasons.
  const patched = await app.inject({
    method: 'PATCH',
    url: '/api/admin/site',
    headers: admin.headers,
    payload: {
      ratingScale: 4,
      ratingReasons: [
        { vi: '  Phòng chờ nóng ', en: 'Hot waiting room' },
        { vi: 'Khác', en: 'Other' },
      ],
    },
  })
  t.equal(patched.statusCode, 200)
  t.match(patched.json().site, {
    ratingScale: 4,
    ratingReasons: [
      { vi: 'Phòng chờ nóng', en: 'Hot waiting room' },
      { vi: 'Khác', en: 'Other' },
    ],
  })
  for (const payload of [
    { ratingScale: 3 },
    { ratingReasons: [] },
    { ratingReasons: [{ vi: ' ', en: '' }] },
    {
      ratingReasons: [
        { vi: 'A', en: '' },
        { vi: 'a', en: '' },
      ],
    },
  ]) {
    const res = await app.inject({ method: 'PATCH', url: '/api/admin/site', headers: admin.headers, payload })
    t.equal(res.statusCode, 400, `refused: ${JSON.stringify(payload)}`)
  }
  const next = await served(built, kiosk)
  const page = text((await app.inject({ url: next.path })).body)
  t.match(page, 'Rất hài lòng Hài lòng Bình thường Không hài lòng')
  t.notMatch(page, 'Rất không hài lòng', 'four levels: no Rất không hài lòng')
  const refused = await app.inject({ method: 'POST', url: `${next.path}/rating`, headers: form, payload: 'score=1&step=reasons' })
  t.equal(refused.statusCode, 400, 'a level the scale does not offer is refused')
  t.match(text((await app.inject({ url: `${next.path}?rate=2&lang=en` })).body), 'What were you not satisfied with? (pick any) Hot waiting room Other')
  await app.inject({ method: 'POST', url: `${next.path}/rating`, headers: form, payload: 'score=5' })
  t.same(await sqlRows(app, 'select score, scale from ratings order by id'), [
    { score: 1, scale: 5 },
    { score: 5, scale: 4 },
  ])
})

t.test('four-level ratings move onto the five-level scale with their meaning kept (the migration’s hand-written part)', async (t) => {
  const built = await build(t)
  const { app } = built
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  // Four visits rated the old way: 1 Không hài lòng … 4 Rất hài lòng.
  const ids: number[] = []
  for (let i = 0; i < 4; i++) ids.push((await served(built, kiosk)).ticket.ticket.id)
  const counter = await counterId(app, 1)
  for (const [i, id] of ids.entries()) {
    await sqlRun(app, 'insert into ratings (site_id, ticket_id, counter_id, score, at) values (1, ?, ?, ?, ?)', [id, counter, i + 1, app.clock()])
  }
  const dir = built.databaseUrl ? 'server/drizzle-pg' : 'server/drizzle'
  const name = readdirSync(dir).find((f) => f.endsWith('_rating_scale.sql'))!
  const file = readFileSync(`${dir}/${name}`, 'utf8')
  const handWritten = file.slice(file.indexOf('-- hand-written:'))
  const statement = handWritten.split('\n').find((line) => /^update ratings/i.test(line))
  t.ok(statement, 'the migration holds the mapping')
  await sqlRun(app, statement!.replace(/;$/, ''))
  t.same(
    await sqlRows(app, 'select score, scale from ratings order by ticket_id'),
    [
      { score: 2, scale: 4 },
      { score: 3, scale: 4 },
      { score: 4, scale: 4 },
      { score: 5, scale: 4 },
    ],
    'Không hài lòng 1 → 2, Bình thường 2 → 3, Hài lòng 3 → 4, Rất hài lòng 4 → 5',
  )
  const manager = await login(app, 'admin')
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(app.clock())
  const report = await app.inject({ url: `/api/reports/summary?from=${day}&to=${day}`, headers: manager.headers })
  t.equal(report.statusCode, 200)
  t.match(
    report.json().totals.rating,
    { count: 4, satisfiedShare: 0.5, levels: [0, 1, 1, 1, 1] },
    'half satisfied, as before the move (old 3 and 4 were Hài lòng or better)',
  )
})

t.test('reports: satisfaction by level and channel, per staff and counter; the public page follows', async (t) => {
  const built = await build(t)
  const { app } = built
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const one = await counterId(app, 1)
  const device = await aDevice(app, 'rating', { counterId: one })
  const scores = [5, 4, 3, 1]
  for (const [i, score] of scores.entries()) {
    const visit = await served(built, kiosk)
    if (i % 2 === 0)
      t.equal((await rateFromDevice(built, device, { ticketId: visit.ticket.ticket.id, score, reasons: score <= 2 ? ['Khác'] : [] })).statusCode, 201)
    else await app.inject({ method: 'POST', url: `${visit.path}/rating`, headers: form, payload: `score=${score}&step=reasons` })
  }
  const manager = await login(app, 'lanhdao')
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(app.clock())
  const report = (await app.inject({ url: `/api/reports/summary?from=${day}&to=${day}`, headers: manager.headers })).json()
  t.same(
    report.totals.rating,
    {
      count: 4,
      mean: 13 / 4,
      satisfiedShare: 0.5,
      levels: [1, 0, 1, 1, 1],
      device: { count: 2, satisfiedShare: 0.5 },
      phone: { count: 2, satisfiedShare: 0.5 },
    },
    'Rất hài lòng + Hài lòng over all; by level; by channel',
  )
  const canbo1 = (await login(app, 'canbo1')).id
  t.match(report.byStaff.find((r: { key: number }) => r.key === canbo1).rating, { count: 4, satisfiedShare: 0.5 }, 'per officer')
  t.match(report.byCounter.find((r: { key: number }) => r.key === one).rating, { count: 4, device: { count: 2 } }, 'per counter')
  const csv = await app.inject({ url: `/api/reports/export.csv?from=${day}&to=${day}`, headers: manager.headers })
  t.match(csv.body, 'Rất hài lòng', 'the export names the levels')
  t.match(csv.body, 'Đánh giá tại quầy')
  const pub = (await app.inject({ url: '/api/public/sites/1' })).json()
  t.match(pub.month, { ratings: 4, satisfiedShare: 0.5 }, 'the public page: this month’s share satisfied on the new scale')
})
