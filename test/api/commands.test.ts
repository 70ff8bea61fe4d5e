import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { aDevice, aUser, build, counterId, issue, login, serviceId, type Staff } from '../helpers/build.js'

async function setUp(t: Parameters<typeof build>[0]) {
  const built = await build(t)
  const { app } = built
  const kiosk = await aDevice(app, 'kiosk')
  const staff = await login(app, 'canbo1')
  const c1 = await counterId(app, 1)
  const post = (url: string, payload?: object, who: Staff = staff) => app.inject({ method: 'POST', url, headers: who.headers, ...(payload ? { payload } : {}) })
  await post(`/api/counters/${c1}/open`)
  return { ...built, kiosk, staff, c1, post }
}

const codeOf = (res: { statusCode: number; json(): { code: string } }) => `${res.statusCode} ${res.json().code}`

t.test('each counter command over HTTP, with its refusals', async (t) => {
  const { app, kiosk, c1, post } = await setUp(t)
  const land = await serviceId(app, 'DD')
  const a = (await issue(app, kiosk, { serviceId: land })).json().ticket
  const b = (await issue(app, kiosk, { serviceId: land })).json().ticket

  t.equal(codeOf(await post(`/api/counters/${c1}/call`, { ticketId: 99999 })), '404 ticket_not_found')
  const specific = await post(`/api/counters/${c1}/call`, { ticketId: b.id })
  t.equal(specific.json().number, '1002', 'call a specific waiting ticket out of order')
  t.equal(codeOf(await post(`/api/counters/${c1}/tickets/${a.id}/recall`)), '409 ticket_not_called')
  t.equal(codeOf(await post(`/api/counters/${c1}/tickets/${b.id}/finish`)), '409 ticket_not_serving')
  t.equal((await post(`/api/counters/${c1}/tickets/${b.id}/recall`)).json().recallCount, 1)
  t.equal((await post(`/api/counters/${c1}/tickets/${b.id}/start`)).json().status, 'serving')

  const moved = await post(`/api/counters/${c1}/tickets/${b.id}/transfer`, { toServiceId: await serviceId(app, 'TKQ'), note: 'Trả kết quả ngay' })
  t.equal(moved.statusCode, 200)
  t.equal(moved.json().from.status, 'transferred')
  t.equal(moved.json().ticket.number, '1002')
  t.equal(codeOf(await post(`/api/counters/${c1}/tickets/${moved.json().ticket.id}/transfer`, {})), '400 transfer_target_missing')

  t.equal(codeOf(await post(`/api/counters/${c1}/pause`, {})), '400 bad_request', 'a pause needs a reason')
  t.equal((await post(`/api/counters/${c1}/pause`, { reason: 'Nghỉ trưa' })).json().status, 'paused')
  t.equal(codeOf(await post(`/api/counters/${c1}/call-next`)), '409 counter_paused')
  t.equal((await post(`/api/counters/${c1}/resume`)).json().status, 'open')

  const cancelled = await post(`/api/tickets/${a.id}/cancel`)
  t.equal(cancelled.json().status, 'cancelled')
  t.equal(codeOf(await post(`/api/tickets/${a.id}/cancel`)), '409 ticket_not_waiting')
  t.equal(codeOf(await post(`/api/tickets/${a.id}/return`)), '409 ticket_not_no_show')
  t.equal(codeOf(await post(`/api/counters/${c1}/call-next`)), '409 queue_empty')

  const waiting = (await issue(app, kiosk, { serviceId: land })).json().ticket
  const moveWaiting = await post(`/api/tickets/${waiting.id}/transfer`, { toCounterId: await counterId(app, 2) })
  t.equal(moveWaiting.json().ticket.targetCounterId, await counterId(app, 2), 'a waiting ticket can be moved to a counter by staff')

  t.equal((await post(`/api/counters/${c1}/close`)).json().status, 'closed')
  t.equal(codeOf(await post(`/api/counters/${c1}/close`)), '403 counter_not_assigned')
  t.equal(codeOf(await post(`/api/counters/999/open`)), '404 counter_not_found')
})

t.test('kiosk issuing: validation and closed services', async (t) => {
  const { app, kiosk } = await setUp(t)
  const send = (payload: unknown, key: string | null = 'kiosk-key-0001') =>
    app.inject({
      method: 'POST',
      url: '/api/kiosk/tickets',
      headers: { ...kiosk.headers, ...(key ? { 'idempotency-key': key } : {}) },
      payload: payload as object,
    })
  t.equal(codeOf(await send({ serviceId: await serviceId(app, 'DD') }, null)), '400 bad_request', 'the idempotency key is required')
  t.equal(codeOf(await send({ serviceId: 'DD' })), '400 bad_request')
  t.equal(codeOf(await send({})), '400 bad_request')
  t.equal(codeOf(await send({ serviceId: 1 }, 'short')), '400 bad_request', 'keys are at least 8 characters')
  t.equal(codeOf(await send({ serviceId: 424242 })), '404 service_not_found')
  t.equal(codeOf(await send({ serviceId: await serviceId(app, 'XD') }, 'kiosk-key-0002')), '422 service_outside_hours')
  t.equal(codeOf(await send({ serviceId: 1, priorityGroupId: 4242 }, 'kiosk-key-0003')), '422 priority_group_not_found')
  const priority = await send({ serviceId: await serviceId(app, 'DD'), priorityGroupId: 1 }, 'kiosk-key-0004')
  t.equal(priority.statusCode, 201)
  t.equal(priority.json().ticket.priorityGroupId, 1)
  t.match(priority.json().trackingUrl, /^http:\/\/qms\.test\/t\/\d+\/[\w-]+$/)
})

t.test('who may do what', async (t) => {
  const { app, kiosk, c1 } = await setUp(t)
  const display = await aDevice(app, 'display')
  const noCookie = await app.inject({ method: 'POST', url: `/api/counters/${c1}/call-next` })
  t.equal(codeOf(noCookie), '401 unauthorized')
  const asKiosk = await app.inject({ method: 'POST', url: `/api/counters/${c1}/call-next`, headers: kiosk.headers })
  t.equal(codeOf(asKiosk), '401 unauthorized', 'a kiosk is not staff')
  const displayIssues = await app.inject({
    method: 'POST',
    url: '/api/kiosk/tickets',
    headers: { ...display.headers, 'idempotency-key': 'display-key-1' },
    payload: { serviceId: 1 },
  })
  t.equal(codeOf(displayIssues), '403 forbidden', 'a display cannot issue tickets')
  const staffIssues = await app.inject({
    method: 'POST',
    url: '/api/kiosk/tickets',
    headers: { ...(await login(app, 'canbo2')).headers, 'idempotency-key': 'staff-key-1' },
    payload: { serviceId: 1 },
  })
  t.equal(codeOf(staffIssues), '401 unauthorized', 'staff issue tickets through a kiosk, not with a session')
  const forged = await app.inject({
    method: 'POST',
    url: '/api/kiosk/tickets',
    headers: { authorization: 'Bearer forged', 'idempotency-key': 'forged-key-1' },
    payload: { serviceId: 1 },
  })
  t.equal(codeOf(forged), '401 device_revoked')
  const staff = await aUser(app, 'staff')
  const closeDayAsStaff = await app.inject({ method: 'POST', url: '/api/queue/close-day', headers: staff.headers })
  t.equal(codeOf(closeDayAsStaff), '403 forbidden')
  const snapshotAnon = await app.inject({ method: 'GET', url: '/api/queue/snapshot' })
  t.equal(codeOf(snapshotAnon), '401 unauthorized')
  const snapshotDisplay = await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: display.headers })
  t.equal(snapshotDisplay.statusCode, 200)
})

t.test('a manager ends the day by hand', async (t) => {
  const { app, kiosk, post } = await setUp(t)
  await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })
  await issue(app, kiosk, { serviceId: await serviceId(app, 'HT') })
  const manager = await login(app, 'lanhdao')
  const closed = await app.inject({ method: 'POST', url: '/api/queue/close-day', headers: manager.headers })
  t.equal(closed.statusCode, 200)
  t.equal(closed.json().closedTicketIds.length, 2)
  t.equal(closed.json().serviceDay, '2026-11-23')
  t.equal(codeOf(await post(`/api/counters/${await counterId(app, 1)}/call-next`)), '409 queue_empty')
})

t.test('no route answers bad input with a 500', async (t) => {
  const { app, staff } = await setUp(t)
  const admin = await login(app, 'admin')
  const routes = collectRoutes(app)
  t.ok(routes.length > 15, `found ${routes.length} routes`)
  const bodies = ['{"broken json', '[]', '"text"', JSON.stringify({ id: -1, serviceId: 'x', reason: 5, ticketId: 1e20 })]
  const failures: string[] = []
  for (const { method, url } of routes) {
    if (method === 'GET' || method === 'HEAD') continue
    const path = url.replace(/:(\w+)/g, (_m, name: string) => (name === 'id' ? '999999' : 'abc'))
    for (const who of [staff, admin]) {
      for (const body of bodies) {
        const res = await app.inject({ method: method as 'POST', url: path, headers: { ...who.headers, 'content-type': 'application/json' }, payload: body })
        if (res.statusCode >= 500) failures.push(`${method} ${path} ${body}: ${res.statusCode} ${res.body}`)
        else if (res.statusCode >= 400 && typeof res.json().code !== 'string') failures.push(`${method} ${path}: no code`)
      }
    }
  }
  t.same(failures, [], 'every bad request got a 4xx with a code')
})

function collectRoutes(app: FastifyInstance): { method: string; url: string }[] {
  const out: { method: string; url: string }[] = []
  const text = app.printRoutes({ commonPrefix: false })
  // printRoutes draws a tree; the flat list is easier to get from the route table by probing.
  for (const line of text.split('\n')) {
    const m = /([/\w:.\-*]+) \(([A-Z, ]+)\)/.exec(line.replace(/^[\s│├└─]+/, ''))
    if (!m?.[1] || !m[2]) continue
    for (const method of m[2].split(', ')) out.push({ method, url: m[1] })
  }
  return out
}
