import t from 'tap'
import { aDevice, build, counterId, issue, login, serviceId } from '../helpers/build.js'

t.test('a citizen is issued a number, called, served and finished', async (t) => {
  const { app, clock } = await build(t)
  const kiosk = await aDevice(app, 'kiosk')
  const staff = await login(app, 'canbo1')
  const land = await serviceId(app, 'DD')
  const counter = await counterId(app, 1)

  const issued = await issue(app, kiosk, { serviceId: land })
  t.equal(issued.statusCode, 201)
  const ticket = issued.json().ticket
  t.equal(ticket.number, '1001', 'first land ticket of the day is 1001')
  t.equal(ticket.status, 'waiting')

  const second = (await issue(app, kiosk, { serviceId: land })).json()
  t.equal(second.ticket.number, '1002')
  t.equal(second.waitingAhead, 1, 'one citizen waits ahead of the second ticket')

  const post = (url: string, payload?: object) => app.inject({ method: 'POST', url, headers: staff.headers, ...(payload ? { payload } : {}) })

  const opened = await post(`/api/counters/${counter}/open`)
  t.equal(opened.statusCode, 200)
  t.equal(opened.json().status, 'open')
  t.equal(opened.json().staffName, 'Nguyễn Thị Lan')

  clock.advance(60_000)
  const called = await post(`/api/counters/${counter}/call-next`)
  t.equal(called.statusCode, 200)
  t.equal(called.json().number, '1001', 'the earliest ticket is called first')
  t.equal(called.json().status, 'called')
  t.equal(called.json().counterId, counter)

  const busy = await post(`/api/counters/${counter}/call-next`)
  t.equal(busy.statusCode, 409)
  t.equal(busy.json().code, 'counter_busy')

  const early = await post(`/api/counters/${counter}/tickets/${ticket.id}/finish`)
  t.equal(early.json().code, 'ticket_not_serving', 'cannot finish before serving starts')

  const recalled = await post(`/api/counters/${counter}/tickets/${ticket.id}/recall`)
  t.equal(recalled.json().recallCount, 1)

  clock.advance(30_000)
  const serving = await post(`/api/counters/${counter}/tickets/${ticket.id}/start`)
  t.equal(serving.json().status, 'serving')
  t.equal(serving.json().servingAt, clock.time)

  clock.advance(600_000)
  const done = await post(`/api/counters/${counter}/tickets/${ticket.id}/finish`)
  t.equal(done.json().status, 'done')
  t.equal(done.json().finishedAt, clock.time)

  const next = await post(`/api/counters/${counter}/call-next`)
  t.equal(next.json().number, '1002')
  const absent = await post(`/api/counters/${counter}/tickets/${next.json().id}/no-show`)
  t.equal(absent.json().status, 'no_show')
  const empty = await post(`/api/counters/${counter}/call-next`)
  t.equal(empty.json().code, 'queue_empty')

  const returned = await post(`/api/tickets/${next.json().id}/return`)
  t.equal(returned.json().status, 'waiting')
  const again = await post(`/api/counters/${counter}/call-next`)
  t.equal(again.json().number, '1002', 'a returned no-show is called again')
})

t.test('staff can only act at the counter they opened', async (t) => {
  const { app } = await build(t)
  const kiosk = await aDevice(app, 'kiosk')
  const lan = await login(app, 'canbo1')
  const hung = await login(app, 'canbo2')
  await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })
  const c1 = await counterId(app, 1)
  await app.inject({ method: 'POST', url: `/api/counters/${c1}/open`, headers: lan.headers })

  const taken = await app.inject({ method: 'POST', url: `/api/counters/${c1}/open`, headers: hung.headers })
  t.equal(taken.statusCode, 409)
  t.equal(taken.json().code, 'counter_taken')

  const notMine = await app.inject({ method: 'POST', url: `/api/counters/${c1}/call-next`, headers: hung.headers })
  t.equal(notMine.statusCode, 403)
  t.equal(notMine.json().code, 'counter_not_assigned')
})
