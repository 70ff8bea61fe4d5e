import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { aDevice, build, counterId, issue, login, serviceId, sqlRows, type Staff } from '../helpers/build.js'

async function procedureId(app: FastifyInstance, code: string): Promise<number> {
  const admin = await login(app, 'admin')
  const list = (await app.inject({ method: 'GET', url: '/api/admin/procedures', headers: admin.headers })).json().procedures as { id: number; code: string }[]
  const found = list.find((p) => p.code === code)
  if (!found) throw new Error(`no procedure ${code}`)
  return found.id
}

/** Counter 3 (Hộ tịch, then Chứng thực) calls and starts the ticket; returns the staff login and the counter. */
async function atCounter3(app: FastifyInstance, ticketId: number): Promise<{ staff: Staff; counter: number }> {
  const staff = await login(app, 'canbo3')
  const counter = await counterId(app, 3)
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/open`, headers: staff.headers })
  const called = await app.inject({ method: 'POST', url: `/api/counters/${counter}/call`, headers: staff.headers, payload: { ticketId } })
  if (called.statusCode !== 200) throw new Error(called.body)
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${ticketId}/start`, headers: staff.headers })
  return { staff, counter }
}

t.test('a kiosk issues for a procedure of the field, not of another', async (t) => {
  const { app } = await build(t)
  const kiosk = await aDevice(app, 'kiosk')
  const ht = await serviceId(app, 'HT')
  const issued = await issue(app, kiosk, { serviceId: ht, procedureId: await procedureId(app, 'HT-001') })
  t.equal(issued.statusCode, 201)
  t.equal(issued.json().procedureNameVi, 'Đăng ký khai sinh')
  t.equal(issued.json().ticket.procedureId, await procedureId(app, 'HT-001'))
  const page = await app.inject({ method: 'GET', url: new URL(issued.json().trackingUrl as string).pathname })
  t.match(page.body, /data-field="procedureName">Đăng ký khai sinh</, "the phone's ticket page names the procedure")
  const plain = await issue(app, kiosk, { serviceId: await serviceId(app, 'TKQ') })
  t.equal(plain.json().procedureNameVi, '', 'a field without procedures issues as before')
  const wrong = await issue(app, kiosk, { serviceId: ht, procedureId: await procedureId(app, 'CT-001') })
  t.equal(wrong.statusCode, 422)
  t.equal(wrong.json().code, 'procedure_wrong_service')
  const unknown = await issue(app, kiosk, { serviceId: ht, procedureId: 999_999 })
  t.equal(unknown.json().code, 'procedure_not_found')
})

t.test('finish records one outcome per procedure, with case codes and reasons checked', async (t) => {
  const { app, clock } = await build(t)
  const kiosk = await aDevice(app, 'kiosk')
  const ht = await serviceId(app, 'HT')
  const khaiSinh = await procedureId(app, 'HT-001')
  const issued = (await issue(app, kiosk, { serviceId: ht, procedureId: khaiSinh })).json()
  const ticket = issued.ticket
  const { staff, counter } = await atCounter3(app, ticket.id)
  const url = `/api/counters/${counter}/tickets/${ticket.id}/finish`
  const finish = (outcomes: unknown[]) => app.inject({ method: 'POST', url, headers: staff.headers, payload: { outcomes } })
  const outcomeRows = () => sqlRows(app, 'select id from visit_outcomes')

  const cases: [unknown[], number, string][] = [
    [[{ procedureId: khaiSinh, outcome: 'received' }], 422, 'case_code_required'],
    [[{ procedureId: khaiSinh, outcome: 'received', caseCode: 'H12 345' }], 422, 'case_code_invalid'],
    [[{ procedureId: khaiSinh, outcome: 'received', caseCode: 'AB' }], 422, 'case_code_invalid'],
    [[{ procedureId: khaiSinh, outcome: 'refused', reason: '   ' }], 422, 'outcome_reason_required'],
    [[{ procedureId: await procedureId(app, 'DD-001'), outcome: 'information' }], 422, 'procedure_wrong_service'],
    [[{ procedureId: khaiSinh, outcome: 'lost' }], 400, 'bad_request'],
    [
      [
        { procedureId: khaiSinh, outcome: 'information' },
        { procedureId: khaiSinh, outcome: 'supplement' },
      ],
      400,
      'bad_request',
    ],
  ]
  for (const [outcomes, status, code] of cases) {
    const res = await finish(outcomes)
    t.equal(res.statusCode, status, JSON.stringify(outcomes))
    t.equal(res.json().code, code)
  }
  t.equal((await outcomeRows()).length, 0, 'a refused finish records nothing')
  const still = await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: staff.headers })
  t.equal(still.json().tickets.find((x: { id: number }) => x.id === ticket.id)?.status, 'serving', 'and leaves the ticket being served')

  clock.advance(5 * 60_000)
  // One visit, two procedures: the ticket's own and one of Chứng thực, which counter 3 also serves.
  const done = await finish([
    { procedureId: khaiSinh, outcome: 'received', caseCode: ' 000.00.12.H12-261207-0001 ' },
    { procedureId: await procedureId(app, 'CT-001'), outcome: 'refused', reason: 'Bản chính bị rách, không đọc được' },
    { procedureId: null, outcome: 'information' },
  ])
  t.equal(done.statusCode, 200)
  t.equal(done.json().status, 'done')
  const rows = await sqlRows<{ outcome: string; caseCode: string | null; reason: string | null; serviceId: number; staffId: number; counterId: number }>(
    app,
    `select outcome, case_code as "caseCode", reason, service_id as "serviceId", staff_id as "staffId", counter_id as "counterId"
       from visit_outcomes order by id`,
  )
  t.same(
    rows.map((r) => [r.outcome, r.caseCode, r.reason, r.serviceId]),
    [
      ['received', '000.00.12.H12-261207-0001', null, ht],
      ['refused', null, 'Bản chính bị rách, không đọc được', await serviceId(app, 'CT')],
      ['information', null, null, ht],
    ],
  )
  t.ok(rows.every((r) => r.staffId === staff.id && r.counterId === counter))

  // The citizen rates the visit from the phone: "Hài lòng" (4 of 5), counted as satisfied.
  const rated = await app.inject({
    method: 'POST',
    url: `${new URL(issued.trackingUrl as string).pathname}/rating`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'score=4',
  })
  t.equal(rated.statusCode, 303, rated.body)

  const manager = await login(app, 'lanhdao')
  const day = new Date(clock.now() + 7 * 3_600_000).toISOString().slice(0, 10)
  const report = await app.inject({ method: 'GET', url: `/api/reports/outcomes?from=${day}&to=${day}`, headers: manager.headers })
  t.equal(report.statusCode, 200)
  const r = report.json()
  t.match(r.total, { received: 1, refused: 1, information: 1, total: 3 })
  t.same(
    r.byProcedure.map((p: { serviceName: string; procedureName: string; counts: { total: number } }) => [p.serviceName, p.procedureName, p.counts.total]),
    [
      ['Hộ tịch', '', 1],
      ['Hộ tịch', 'Đăng ký khai sinh', 1],
      ['Chứng thực', 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', 1],
    ],
  )
  t.same(
    r.byProcedure.map((p: { procedureName: string; rating: { count: number; satisfied: number } }) => [p.procedureName, p.rating]),
    [
      ['', { count: 0, satisfied: 0 }],
      ['Đăng ký khai sinh', { count: 1, satisfied: 1 }],
      ['Chứng thực bản sao từ bản chính giấy tờ, văn bản', { count: 0, satisfied: 0 }],
    ],
    "the citizen's rating beside the procedure the ticket was issued for",
  )
  t.same(
    r.byStaff.map((s: { staffName: string; counts: { total: number } }) => [s.staffName, s.counts.total]),
    [['Lê Thị Mai', 3]],
  )
  // The staff table of the summary report counts the same outcomes on the officer's day.
  const summary = (await app.inject({ method: 'GET', url: `/api/reports/summary?from=${day}&to=${day}`, headers: manager.headers })).json()
  const mai = summary.staffDays.find(
    (d: { staffId: number }) => summary.lookups.staff.find((s: { id: number; displayName: string }) => s.id === d.staffId)?.displayName === 'Lê Thị Mai',
  )
  t.same(
    mai?.outcomes,
    [
      { outcome: 'received', count: 1 },
      { outcome: 'refused', count: 1 },
      { outcome: 'information', count: 1 },
    ],
    "the officer's day shows the outcomes by kind",
  )
  const yesterday = await app.inject({ method: 'GET', url: `/api/reports/outcomes?from=2020-01-01&to=2020-01-02`, headers: manager.headers })
  t.equal(yesterday.json().total.total, 0)
  const bad = await app.inject({ method: 'GET', url: `/api/reports/outcomes?from=2026-13-01&to=2026-12-01`, headers: manager.headers })
  t.equal(bad.json().code, 'report_bad_date')
  t.equal((await app.inject({ method: 'GET', url: `/api/reports/outcomes?from=${day}&to=${day}`, headers: staff.headers })).statusCode, 403)
})

t.test('a centre that requires an outcome refuses a bare finish; by default a bare finish is allowed', async (t) => {
  const { app } = await build(t)
  const kiosk = await aDevice(app, 'kiosk')
  const ht = await serviceId(app, 'HT')
  const first = (await issue(app, kiosk, { serviceId: ht })).json().ticket
  const a = await atCounter3(app, first.id)
  const bare = await app.inject({ method: 'POST', url: `/api/counters/${a.counter}/tickets/${first.id}/finish`, headers: a.staff.headers })
  t.equal(bare.statusCode, 200, 'default: no outcome needed')

  const admin = await login(app, 'admin')
  const set = await app.inject({ method: 'PATCH', url: '/api/admin/site', headers: admin.headers, payload: { outcomeRequired: true } })
  t.equal(set.statusCode, 200)
  t.equal(set.json().site.outcomeRequired, true)
  const second = (await issue(app, kiosk, { serviceId: ht })).json().ticket
  const b = await atCounter3(app, second.id)
  const url = `/api/counters/${b.counter}/tickets/${second.id}/finish`
  const refused = await app.inject({ method: 'POST', url, headers: b.staff.headers })
  t.equal(refused.statusCode, 422)
  t.equal(refused.json().code, 'outcome_required')
  const empty = await app.inject({ method: 'POST', url, headers: b.staff.headers, payload: { outcomes: [] } })
  t.equal(empty.json().code, 'outcome_required')
  const ok = await app.inject({
    method: 'POST',
    url,
    headers: b.staff.headers,
    payload: { outcomes: [{ outcome: 'supplement', reason: 'Thiếu bản sao CCCD' }] },
  })
  t.equal(ok.statusCode, 200)
})
