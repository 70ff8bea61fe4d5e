/**
 * The cross-centre matrix: every centre route that names a record, called by another centre's
 * administrator (the strongest role a centre has) with the ids of the first centre's ticket, counter,
 * service, priority group, device and account. Each answers 404, as for an id that does not exist
 * (no hint that it does), and changes nothing; every list a centre reads holds none of another
 * centre's records. A new route with an id fails here until it says which record its id names.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { aDevice, aUser, issue, login, sqlRows } from '../helpers/build.js'
import { buildWithRoutes } from './route-inventory.js'
import { policyOf } from './route-policies.js'

const MARK = 'CENTRE-ONE-ONLY'

/** Every record of centre 1 as stored, to prove that nothing the other centre asked changed it. */
async function centreOne(app: FastifyInstance): Promise<string> {
  const tables = ['tickets', 'counters', 'services', 'priority_groups', 'devices', 'users', 'sites', 'counter_services', 'procedures', 'visit_outcomes']
  const out: Record<string, unknown[]> = {}
  for (const table of tables) {
    const where = table === 'sites' ? 'id = 1' : table === 'counter_services' ? 'counter_id in (select id from counters where site_id = 1)' : 'site_id = 1'
    out[table] = await sqlRows(app, `select * from ${table} where ${where} order by 1, 2`)
  }
  return JSON.stringify(out)
}

t.test("another centre's administrator never reads or changes centre one's records", async (t) => {
  const { app, routes } = await buildWithRoutes(t, { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', DEMO_HISTORY_DAYS: '0' })
  const province = await login(app, 'admin')
  const created = await app.inject({
    method: 'POST',
    url: '/api/province/sites',
    headers: province.headers,
    payload: { name: 'Xã Hai', code: 'XA-HAI', copyFrom: 1 },
  })
  t.equal(created.statusCode, 201, created.body)
  const two = created.json().site.id as number
  const other = await aUser(app, 'admin', 'xahai.admin', null, two)

  // Centre one's records, each with a mark a leak would carry.
  const kiosk = await aDevice(app, 'kiosk')
  const ids = await app.store.write(async (tx) => {
    const service = (await tx.services.all(1))[0]!
    await tx.services.update(service.id, { nameVi: `Đất đai ${MARK}` })
    await tx.devices.update(kiosk.id, { name: `Kiosk ${MARK}` })
    const user = await tx.users.byUsername('canbo1')
    await tx.users.update(user!.id, { displayName: `Cán bộ ${MARK}` })
    const procedure = (await tx.procedures.all(1))[0]!
    await tx.procedures.update(procedure.id, { nameVi: `Đăng ký khai sinh ${MARK}` })
    return {
      procedure: procedure.id,
      service: service.id,
      user: user!.id,
      counter: (await tx.counters.all(1))[0]!.id,
      group: (await tx.priorityGroups.all(1))[0]!.id,
    }
  })
  const ticket = (await issue(app, kiosk, { serviceId: ids.service })).json().ticket.id as number
  const ownCounter = (await app.store.read((r) => r.counters.all(two)))[0]!.id
  const ownService = (await app.store.read((r) => r.services.all(two)))[0]!.id
  const before = await centreOne(app)

  /** Which record each id of a route names, and a body that passes validation. */
  const RECORDS: Record<string, { params: Record<string, number>[]; body?: object }> = {
    '/api/tickets/:id': { params: [{ id: ticket }] },
    '/api/tickets/:id/return': { params: [{ id: ticket }] },
    '/api/tickets/:id/cancel': { params: [{ id: ticket }] },
    '/api/tickets/:id/transfer': { params: [{ id: ticket }], body: { serviceId: ownService } },
    '/api/tickets/:id/reprint': { params: [{ id: ticket }], body: {} },
    '/api/tickets/:id/ticket.png': { params: [{ id: ticket }] },
    '/api/counters/:id/open': { params: [{ id: ids.counter }] },
    '/api/counters/:id/release': { params: [{ id: ids.counter }], body: { reason: 'Cán bộ nghỉ ốm' } },
    '/api/counters/:id/close': { params: [{ id: ids.counter }] },
    '/api/counters/:id/pause': { params: [{ id: ids.counter }], body: { reason: 'Họp' } },
    '/api/counters/:id/resume': { params: [{ id: ids.counter }] },
    '/api/counters/:id/call-next': { params: [{ id: ids.counter }] },
    '/api/counters/:id/call': { params: [{ id: ids.counter }, { id: ownCounter }], body: { ticketId: ticket } },
    '/api/admin/devices/:id': { params: [{ id: kiosk.id }], body: { name: 'X' } },
    '/api/admin/devices/:id/revoke': { params: [{ id: kiosk.id }] },
    '/api/admin/devices/:id/rotate-token': { params: [{ id: kiosk.id }] },
    '/api/admin/services/:id': { params: [{ id: ids.service }], body: { nameVi: 'X' } },
    '/api/admin/counters/:id': { params: [{ id: ids.counter }], body: { name: 'X' } },
    '/api/admin/priority-groups/:id': { params: [{ id: ids.group }], body: { nameVi: 'X' } },
    '/api/admin/procedures/:id': { params: [{ id: ids.procedure }], body: { nameVi: 'X' } },
    '/api/admin/users/:id': { params: [{ id: ids.user }], body: { displayName: 'X' } },
    '/api/admin/users/:id/password': { params: [{ id: ids.user }], body: { password: 'mat-khau-moi-123' } },
  }
  for (const step of ['recall', 'start', 'finish', 'no-show', 'transfer', 'set-aside', 'resume']) {
    RECORDS[`/api/counters/:id/tickets/:ticketId/${step}`] = {
      // Centre one's counter and ticket, and the other centre's own counter with centre one's ticket.
      params: [
        { id: ids.counter, ticketId: ticket },
        { id: ownCounter, ticketId: ticket },
      ],
      ...(step === 'transfer' ? { body: { serviceId: ownService } } : {}),
    }
  }

  // Open its own counter first, so that a refusal is about the foreign record, not a closed counter.
  t.equal((await app.inject({ method: 'POST', url: `/api/counters/${ownCounter}/open`, headers: other.headers })).statusCode, 200)
  const centreRoutes = routes.filter((r) => ['staff', 'manager', 'admin'].includes(policyOf(r) ?? '') && r.method !== 'HEAD')
  const withIds = centreRoutes.filter((r) => r.url.includes(':id'))
  const unlisted = withIds.filter((r) => !RECORDS[r.url]).map((r) => `${r.method} ${r.url}`)
  t.same(unlisted, [], 'every centre route with an id says which record it names')
  let cells = 0
  for (const route of withIds) {
    const spec = RECORDS[route.url]
    if (!spec) continue
    for (const params of spec.params) {
      const url = route.url.replace(':ticketId', String(params.ticketId)).replace(':id', String(params.id))
      const res = await app.inject({
        method: route.method as 'GET',
        url,
        headers: other.headers,
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: spec.body ?? {} }),
      })
      cells++
      t.equal(res.statusCode, 404, `${route.method} ${url} → ${res.statusCode} ${res.body.slice(0, 120)}`)
      t.match(res.json().code, /not_found$/)
    }
  }
  t.ok(cells >= 30, `${cells} cells`)
  t.equal(await centreOne(app), before, "nothing of centre one's changed")

  // Every list the other centre reads (and its report) holds nothing of centre one's.
  const lists = routes
    .filter((r) => ['screens', 'staff', 'manager', 'admin'].includes(policyOf(r) ?? ''))
    .filter((r) => r.method === 'GET' && !r.url.includes(':') && !r.url.endsWith('.xlsx'))
  const today = '2026-11-23'
  for (const route of lists) {
    const url = route.url.startsWith('/api/reports/') ? `${route.url}?from=${today}&to=${today}` : route.url
    const res = await app.inject({ method: 'GET', url, headers: other.headers })
    t.ok(res.statusCode < 400, `${url} answers (${res.statusCode})`)
    t.notOk(res.body.includes(MARK), `${url} shows nothing of centre one's`)
  }
  t.ok(lists.length >= 10, `${lists.length} lists read`)
})
