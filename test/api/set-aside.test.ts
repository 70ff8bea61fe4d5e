/**
 * Set aside and resume through the HTTP API: the steps, their refusals with stable codes (each
 * changing nothing), what the waiting-room board and the citizen's phone make of a ticket aside, and
 * the reports' staff table with its exports.
 */
import t from 'tap'
import ExcelJS from 'exceljs'
import type { LightMyRequestResponse } from 'fastify'
import type { QueueSnapshot } from '../../shared/types.js'
import { displaySnapshotOf } from '../../shared/display-stream.js'
import { boardCalls, counterRows, displaySettings } from '../../display/src/board.js'
import { aDevice, build, counterId, issue, login, serviceId } from '../helpers/build.js'

const MINUTE = 60_000

t.test('set aside, call another, resume: the same ticket at the same counter; refusals change nothing', async (t) => {
  const { app, clock } = await build(t)
  const kiosk = await aDevice(app, 'kiosk')
  const staff = await login(app, 'canbo1')
  const other = await login(app, 'canbo2')
  const land = await serviceId(app, 'DD')
  const c1 = await counterId(app, 1)
  const c2 = await counterId(app, 2)
  const post = (who: typeof staff, url: string) => app.inject({ method: 'POST', url, headers: who.headers })
  const snapshot = async () => (await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: staff.headers })).json() as QueueSnapshot
  const seq = async () => (await app.store.read((r) => r.sites.get(1)))!.eventSeq
  /** A refusal: its status and code, and nothing changed (no event, the ticket as it was). */
  const refused = async (res: () => Promise<LightMyRequestResponse>, status: number, code: string, ticketId: number, what: string) => {
    const before = await seq()
    const row = await app.store.read((r) => r.tickets.get(1, ticketId))
    const answer = await res()
    t.equal(answer.statusCode, status, `${what}: ${status}`)
    t.equal(answer.json().code, code, `${what}: ${code}`)
    t.equal(await seq(), before, `${what}: no event`)
    t.same(await app.store.read((r) => r.tickets.get(1, ticketId)), row, `${what}: the ticket is unchanged`)
    return answer
  }

  const first = (await issue(app, kiosk, { serviceId: land })).json()
  await issue(app, kiosk, { serviceId: land })
  const track = new URL(first.trackingUrl as string).pathname
  await post(staff, `/api/counters/${c1}/open`)
  await post(other, `/api/counters/${c2}/open`)
  const called = (await post(staff, `/api/counters/${c1}/call-next`)).json()
  t.equal(called.id, first.ticket.id)
  const base = `/api/counters/${c1}/tickets/${called.id}`
  await refused(() => post(staff, `${base}/set-aside`), 409, 'ticket_not_serving', called.id, 'a called ticket cannot be set aside')
  clock.advance(MINUTE)
  await post(staff, `${base}/start`)
  clock.advance(3 * MINUTE)
  await refused(() => post(staff, `${base}/resume`), 409, 'ticket_not_set_aside', called.id, 'a ticket being served is not aside')
  await refused(() => post(other, `${base}/set-aside`), 403, 'counter_not_assigned', called.id, 'another officer cannot set it aside')

  const aside = await post(staff, `${base}/set-aside`)
  t.equal(aside.statusCode, 200)
  t.equal(aside.json().status, 'set_aside')
  t.equal(aside.json().asideAt, clock.time)
  t.equal(aside.json().number, first.ticket.number, 'it keeps its number')

  // The board: counter 1 is free, nothing shows the ticket as served or invites its citizen.
  const state = await snapshot()
  t.equal(state.tickets.find((x) => x.id === called.id)?.status, 'set_aside', 'the snapshot keeps it, aside')
  t.equal(state.counters.find((c) => c.id === c1)?.currentTicketId, null, 'the counter has no current ticket')
  const board = displaySnapshotOf(state)
  const row = counterRows(board, displaySettings({})).find((r) => r.id === c1)!
  t.equal(row.status, 'idle', 'the display shows counter 1 free')
  t.equal(row.ticketNumber, null, 'with no number at it')
  const calls = boardCalls(board, displaySettings({}), 8)
  t.equal(calls.latest, null, 'no standing call for the aside ticket')
  t.notOk(
    calls.recent.some((c) => c.number === first.ticket.number),
    'nor a recent call',
  )

  // The citizen's phone says it is aside, waiting to resume at counter 1.
  const vi = (await app.inject({ method: 'GET', url: `${track}/progress` })).json()
  t.equal(vi.status, 'set_aside')
  t.match(vi.statusText, /tạm gác tại quầy số 1\b/, 'the phone says where it waits (vi)')
  t.equal(vi.final, false)
  const en = (await app.inject({ method: 'GET', url: `${track}/progress?lang=en` })).json()
  t.match(en.statusText, /Set aside at counter 1\b/, 'and in English')

  // The counter calls the next citizen; resuming now is refused.
  const next = (await post(staff, `/api/counters/${c1}/call-next`)).json()
  t.equal(next.number, '1002')
  const busy = await refused(() => post(staff, `${base}/resume`), 409, 'counter_busy', called.id, 'resume at a busy counter')
  t.equal(busy.json().details.ticket, '1002', 'the refusal names the ticket at the counter')
  await refused(() => post(other, `/api/counters/${c2}/tickets/${called.id}/resume`), 409, 'ticket_not_at_counter', called.id, 'resume at another counter')
  await refused(() => post(staff, `/api/counters/${c1}/tickets/999999/resume`), 404, 'ticket_not_found', called.id, 'an unknown ticket')
  const bad = await post(staff, `/api/counters/${c1}/tickets/abc/resume`)
  t.equal(bad.statusCode, 400, 'a malformed id is a 400')
  t.equal(bad.json().code, 'bad_request')
  const anonymous = await app.inject({ method: 'POST', url: `${base}/resume` })
  t.equal(anonymous.statusCode, 401, 'no session: 401')

  await post(staff, `/api/counters/${c1}/tickets/${next.id}/start`)
  await post(staff, `/api/counters/${c1}/tickets/${next.id}/finish`)
  clock.advance(MINUTE)
  const resumed = await post(staff, `${base}/resume`)
  t.equal(resumed.statusCode, 200)
  t.equal(resumed.json().status, 'serving')
  t.equal(resumed.json().counterId, c1, 'at the same counter')
  t.equal(resumed.json().calledAt, called.calledAt, 'with its call time')
  t.equal(resumed.json().asideMs, MINUTE, 'a minute aside')
  t.equal((await snapshot()).counters.find((c) => c.id === c1)?.currentTicketId, called.id, 'the counter has it again')
})

t.test('the reports carry the staff table, and the exports too', async (t) => {
  const { app, clock } = await build(t)
  const kiosk = await aDevice(app, 'kiosk')
  const staff = await login(app, 'canbo1')
  const manager = await login(app, 'lanhdao')
  const land = await serviceId(app, 'DD')
  const c1 = await counterId(app, 1)
  const post = (url: string) => app.inject({ method: 'POST', url, headers: staff.headers })
  await issue(app, kiosk, { serviceId: land })
  await post(`/api/counters/${c1}/open`)
  const ticket = (await post(`/api/counters/${c1}/call-next`)).json()
  const base = `/api/counters/${c1}/tickets/${ticket.id}`
  clock.advance(2 * MINUTE)
  await post(`${base}/start`)
  clock.advance(5 * MINUTE)
  await post(`${base}/set-aside`)
  clock.advance(20 * MINUTE)
  await post(`${base}/resume`)
  clock.advance(3 * MINUTE)
  await post(`${base}/finish`)
  clock.advance(10 * MINUTE)

  const day = ticket.serviceDay as string
  const range = `from=${day}&to=${day}`
  const summary = (await app.inject({ method: 'GET', url: `/api/reports/summary?${range}`, headers: manager.headers })).json()
  t.equal(summary.totals.service.mean, 8 * MINUTE, 'service: 5 + 3 minutes, not the 20 aside')
  const me = await app.store.read((r) => r.users.byUsername('canbo1'))
  const row = summary.staffDays.find((s: { staffId: number }) => s.staffId === me!.id)
  t.match(row, {
    day,
    served: 1,
    serviceMean: 8 * MINUTE,
    callToStartMean: 2 * MINUTE,
    openMs: 40 * MINUTE,
    // Open 40 minutes; the ticket held the counter from the call to the finish (30) less 20 aside.
    idleMs: 30 * MINUTE,
    asideMs: 20 * MINUTE,
    asideTickets: 1,
    outcomes: [],
  })

  const csv = (await app.inject({ method: 'GET', url: `/api/reports/export.csv?${range}`, headers: manager.headers })).body
  t.match(csv, /\r\nNhóm,Ngày,Cán bộ,Đã phục vụ,"Phục vụ trung bình, không tính tạm gác \(phút\)"/, 'the CSV has the staff section’s header')
  t.match(csv, /Cán bộ theo ngày,\d{4}-\d{2}-\d{2},Nguyễn Thị Lan,1,8,2,40,30,20,1,/, 'and the officer’s row, in minutes')
  const xlsx = await app.inject({ method: 'GET', url: `/api/reports/export.xlsx?${range}`, headers: manager.headers })
  t.equal(xlsx.statusCode, 200)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
  const sheet = book.getWorksheet('Cán bộ theo ngày')
  t.ok(sheet, 'the workbook has a staff sheet')
  const values: unknown[] = []
  sheet?.eachRow((r) => values.push(...(r.values as unknown[])))
  t.ok(values.includes('Nguyễn Thị Lan'), 'naming the officer')
  t.ok(values.includes(20), 'with the 20 minutes aside')
})
