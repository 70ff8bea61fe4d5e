import t from 'tap'
import { aDevice, build, counterId, issue, login, serviceId } from '../helpers/build.js'

t.test("the console lists today's no-shows, latest first, until one is returned", async (t) => {
  const { app, clock } = await build(t)
  const kiosk = await aDevice(app, 'kiosk')
  const staff = await login(app, 'canbo1')
  const counter = await counterId(app, 1)
  const post = (url: string) => app.inject({ method: 'POST', url, headers: staff.headers })
  const noShows = async () => {
    const res = await app.inject({ method: 'GET', url: '/api/tickets/no-shows', headers: { cookie: staff.cookie } })
    t.equal(res.statusCode, 200)
    return (res.json() as { tickets: { id: number; number: string; status: string }[] }).tickets
  }

  for (let i = 0; i < 3; i++) await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })
  await post(`/api/counters/${counter}/open`)
  t.same(await noShows(), [], 'nobody absent yet')

  const absent: number[] = []
  for (let i = 0; i < 2; i++) {
    clock.advance(60_000)
    const called = (await post(`/api/counters/${counter}/call-next`)).json() as { id: number }
    await post(`/api/counters/${counter}/tickets/${called.id}/no-show`)
    absent.push(called.id)
  }
  clock.advance(60_000)
  const served = (await post(`/api/counters/${counter}/call-next`)).json() as { id: number }
  await post(`/api/counters/${counter}/tickets/${served.id}/start`)

  t.same(
    (await noShows()).map((x) => [x.number, x.status]),
    [
      ['1002', 'no_show'],
      ['1001', 'no_show'],
    ],
    'the two absent tickets, the latest first; the one being served is not listed',
  )

  await post(`/api/tickets/${absent[0]}/return`)
  t.same(
    (await noShows()).map((x) => x.number),
    ['1002'],
    'a returned ticket leaves the list',
  )

  clock.advance(24 * 3600_000)
  const tomorrow = await login(app, 'canbo1')
  const next = await app.inject({ method: 'GET', url: '/api/tickets/no-shows', headers: { cookie: tomorrow.cookie } })
  t.same(next.json().tickets, [], "yesterday's no-shows are not today's")

  const anonymous = await app.inject({ method: 'GET', url: '/api/tickets/no-shows' })
  t.equal(anonymous.statusCode, 401)
  t.equal(anonymous.json().code, 'unauthorized')
})
