/**
 * The centre's public page and its JSON, without login: people waiting per service, today's mean
 * wait, this month's share called within the target and satisfaction. No ticket numbers and no
 * names; computed at most once per 15 s however many phones ask; framable by the province's portal.
 */
import t from 'tap'
import type { IssuedTicket } from '../../shared/types.js'
import type { PublicCentre, PublicProvince } from '../../shared/public-figures.js'
import { aDevice, build, counterId, issue, login, serviceId } from '../helpers/build.js'

const MINUTE = 60_000

t.test('the public figures of a centre', async (t) => {
  const { app, clock } = await build(t)
  const kiosk = await aDevice(app, 'kiosk')
  const [land, business] = [await serviceId(app, 'DD'), await serviceId(app, 'KD')]
  const issued: IssuedTicket[] = []
  for (const s of [land, land, land, business]) issued.push((await issue(app, kiosk, { serviceId: s })).json() as IssuedTicket)

  // Lan calls the first citizen six minutes later, serves and finishes; the citizen rates the visit.
  const lan = await login(app, 'canbo1')
  const counter = await counterId(app, 1)
  const post = (url: string) => app.inject({ method: 'POST', url, headers: lan.headers })
  await post(`/api/counters/${counter}/open`)
  clock.advance(6 * MINUTE)
  const called = (await post(`/api/counters/${counter}/call-next`)).json() as { id: number }
  const first = issued[0]!.ticket
  t.equal(called.id, first.id, 'the first ticket is called')
  await post(`/api/counters/${counter}/tickets/${first.id}/start`)
  clock.advance(4 * MINUTE)
  await post(`/api/counters/${counter}/tickets/${first.id}/finish`)
  const link = new URL(issued[0]!.trackingUrl).pathname
  const rated = await app.inject({
    method: 'POST',
    url: `${link}/rating`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'score=4',
  })
  t.ok(rated.statusCode < 400, 'the citizen rates the visit')

  const res = await app.inject({ url: '/api/public/sites/1' })
  t.equal(res.statusCode, 200, 'no login needed')
  const centre = res.json() as PublicCentre
  const byCode = Object.fromEntries(centre.services.map((s) => [s.code, s]))
  t.same({ DD: byCode.DD?.waiting, KD: byCode.KD?.waiting, total: centre.waiting }, { DD: 2, KD: 1, total: 3 }, 'people waiting per service, and in all')
  t.same(centre.today, { issued: 4, served: 1, meanWaitMinutes: 6 }, 'today: four numbers taken, one served after six minutes')
  t.match(centre.month, { served: 1, withinTargetShare: 1, ratings: 1, satisfiedShare: 1 }, 'this month: called within the target, and satisfied')
  t.equal(res.headers['cache-control'], 'public, max-age=15', 'proxies and browsers may keep it 15 s')
  t.equal(res.headers['access-control-allow-origin'], '*', "the province's portal may fetch it")

  const body = res.body + (await app.inject({ url: '/public/1' })).body + (await app.inject({ url: '/public' })).body
  const numbers = issued.map((i) => i.ticket.number)
  t.same(
    numbers.filter((n) => body.includes(`"${n}"`) || body.includes(`>${n}<`)),
    [],
    `no ticket number (${numbers.join(', ')}) in the JSON or the pages`,
  )
  t.notMatch(body, /Nguyễn Thị Lan|canbo1|trackingCode|\/t\/\d+\//, 'no staff name, user name or tracking link')

  t.test('a crowd of phones costs one computation per 15 s', async (t) => {
    clock.advance(16_000)
    let reads = 0
    const read = app.store.read.bind(app.store)
    app.store.read = ((work: Parameters<typeof read>[0]) => {
      reads++
      return read(work)
    }) as typeof read
    t.teardown(() => {
      app.store.read = read
    })
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => app.inject({ url: i % 2 ? '/api/public/sites/1' : '/public/1' })))
    t.same(new Set(answers.map((a) => a.statusCode)), new Set([200]), '50 requests at once, all answered')
    const once = reads
    t.ok(once > 0 && once <= 3, `they cost ${once} reads of the database, as one request does`)

    await issue(app, kiosk, { serviceId: business })
    t.equal(((await app.inject({ url: '/api/public/sites/1' })).json() as PublicCentre).waiting, 3, 'a new number shows at the next refresh, not before')
    clock.advance(15_000)
    t.equal(((await app.inject({ url: '/api/public/sites/1' })).json() as PublicCentre).waiting, 4, '15 s later it does')
  })

  t.test('the pages read well and may be framed by the portal, the other pages still not', async (t) => {
    const vi = await app.inject({ url: '/public/1' })
    t.equal(vi.statusCode, 200)
    t.match(vi.headers['content-type'], /text\/html/)
    t.match(vi.body, /<html lang="vi">/)
    t.match(vi.body, /Đang chờ/)
    t.match(vi.body, /Đất đai/, 'service names in Vietnamese')
    t.match(vi.body, /<meta http-equiv="refresh" content="30">/, 'it reloads itself')
    t.notOk(vi.headers['x-frame-options'], 'no X-Frame-Options on the public page')
    t.match(vi.headers['content-security-policy'], /frame-ancestors \*/)
    t.match(vi.headers['content-security-policy'], /default-src 'none'/, 'and no script may run in it')
    const en = await app.inject({ url: '/public/1?lang=en' })
    t.match(en.body, /<html lang="en">/)
    t.match(en.body, /Waiting now/)
    const province = await app.inject({ url: '/public' })
    t.equal(province.statusCode, 200)
    t.match(province.body, /href="\/public\/1"/, 'the province page links each centre')
    const all = (await app.inject({ url: '/api/public/sites' })).json() as PublicProvince
    t.same(
      all.centres.map((c) => c.id),
      [1],
      'the province JSON lists every centre',
    )
    const console = await app.inject({ url: '/counter/' })
    t.equal(console.headers['x-frame-options'], 'DENY', 'the staff console still cannot be framed')
  })

  t.test('an unknown centre is a 404 with a stable code', async (t) => {
    for (const url of ['/api/public/sites/999', '/public/999']) {
      const res = await app.inject({ url })
      t.equal(res.statusCode, 404, url)
      t.equal(res.json().code, 'not_found')
    }
    t.equal((await app.inject({ url: '/api/public/sites/abc' })).statusCode, 400)
  })
})
