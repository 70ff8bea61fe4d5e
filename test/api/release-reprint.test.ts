/**
 * Two things staff ask for at the desk: a counter another staff member still holds is freed by a
 * manager or an administrator (with a reason in the audit log), and a ticket is reprinted on the
 * printer of the kiosk that issued it, by its id or by its number (a fake ESC/POS printer on a
 * loopback port receives the bytes).
 */
import t from 'tap'
import { aDevice, baseUrl, build, counterId, issue, login, serviceId } from '../helpers/build.js'
import { auditRows } from '../admin/helpers.js'
import { connect } from '../helpers/socket.js'
import { decodeEscPos, startFakePrinter } from '../helpers/fake-printer.js'

t.test('a manager or an administrator releases a held counter; staff may not; a reason is required', async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  const lan = await login(app, 'canbo1')
  const hung = await login(app, 'canbo2')
  const manager = await login(app, 'lanhdao')
  const admin = await login(app, 'admin')
  const c1 = await counterId(app, 1)
  const post = (who: { headers: Record<string, string> }, url: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers: who.headers, ...(payload ? { payload } : {}) })

  const first = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json().ticket
  const second = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json().ticket
  await post(lan, `/api/counters/${c1}/open`)
  t.equal((await post(lan, `/api/counters/${c1}/call`, { ticketId: second.id })).json().status, 'called', 'Lan calls 1002, then her PC crashes')

  const taken = await post(hung, `/api/counters/${c1}/open`)
  t.equal(taken.statusCode, 409)
  t.same([taken.json().code, taken.json().details], ['counter_taken', { counter: 1, holder: 'Nguyễn Thị Lan' }], 'Hùng is told who holds counter 1')

  const staffTry = await post(hung, `/api/counters/${c1}/release`, { reason: 'Máy treo' })
  t.equal(staffTry.statusCode, 403, 'staff cannot release a counter')
  t.equal(staffTry.json().code, 'forbidden')
  for (const reason of [undefined, '', '   ']) {
    const res = await post(manager, `/api/counters/${c1}/release`, reason === undefined ? {} : { reason })
    t.equal(res.statusCode, 400, `no reason (${JSON.stringify(reason)}) is refused`)
    t.equal(res.json().code, 'bad_request')
  }
  const still = await app.store.read((r) => r.counters.get(1, c1))
  t.same([still?.status, still?.staffId], ['open', lan.id], 'a refused release changes nothing')

  const screen = connect(t, baseUrl(app), { cookie: hung.cookie })
  const before = (await screen.snapshot).seq
  const released = await post(manager, `/api/counters/${c1}/release`, { reason: 'Máy tính của chị Lan bị treo' })
  t.equal(released.statusCode, 200, 'the manager releases counter 1')
  t.same([released.json().status, released.json().staffId, released.json().currentTicketId], ['closed', null, null], 'closed, held by nobody, no ticket')

  const ticket = await app.store.read((r) => r.tickets.get(1, second.id))
  t.same(
    [ticket?.status, ticket?.counterId, ticket?.calledAt, ticket?.queuedAt],
    ['waiting', null, null, second.queuedAt],
    'the called ticket waits again, in its place',
  )
  const events = await screen.waitForEvents(2)
  t.same(
    events.map((e) => [e.name, e.payload.seq]),
    [
      ['counter:updated', before + 1],
      ['ticket:returned', before + 2],
    ],
    'screens hear the counter close and the ticket return',
  )
  const audit = await auditRows(app, 'counter.release')
  t.equal(audit.length, 1, 'one audit row')
  t.match(audit[0], {
    userId: manager.id,
    targetType: 'counter',
    targetId: c1,
    detail: { reason: 'Máy tính của chị Lan bị treo', staffId: lan.id, ticket: '1002', ticketStatus: 'called' },
  })

  const lanAgain = await post(lan, `/api/counters/${c1}/call-next`)
  t.same([lanAgain.statusCode, lanAgain.json().code], [403, 'counter_not_assigned'], 'Lan’s old console can no longer act at counter 1')
  t.equal((await post(hung, `/api/counters/${c1}/open`)).statusCode, 200, 'Hùng takes counter 1')
  const next = await post(hung, `/api/counters/${c1}/call-next`)
  t.equal(next.json().number, '1001', 'and calls in queue order: 1001, then 1002 in its place')
  t.equal(first.number, '1001')

  const again = await post(admin, `/api/counters/${await counterId(app, 3)}/release`, { reason: 'Thử' })
  t.same([again.statusCode, again.json().code], [409, 'counter_not_held'], 'a counter nobody holds cannot be released')

  // A ticket being served when the counter is released is finished where it was served.
  await post(hung, `/api/counters/${c1}/tickets/${next.json().id}/start`)
  const byAdmin = await post(admin, `/api/counters/${c1}/release`, { reason: 'Anh Hùng về sớm' })
  t.equal(byAdmin.statusCode, 200, 'an administrator may release too')
  const served = await app.store.read((r) => r.tickets.get(1, next.json().id as number))
  t.same(
    [served?.status, served?.counterId, served?.staffId],
    ['done', c1, hung.id],
    'the ticket being served is finished, kept with its counter and staff member',
  )
})

t.test('reprint on the issuing kiosk’s printer, by id or by number, also after a transfer', async (t) => {
  const { app } = await build(t)
  const printer = await startFakePrinter()
  t.teardown(() => printer.close())
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'network', url: printer.url, paperWidth: 80 } })
  const staff = await login(app, 'canbo1')
  const issued = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json().ticket
  t.equal(printer.connections.length, 1, 'the ticket printed once when issued')

  const byId = await app.inject({ method: 'POST', url: `/api/tickets/${issued.id}/reprint`, headers: staff.headers })
  t.equal(byId.statusCode, 200)
  t.match(byId.json(), { ticketId: issued.id, number: '1001', deviceId: kiosk.id, kioskName: 'Test kiosk', status: 'printed' })
  t.equal(printer.connections.length, 2, 'the kiosk’s printer received a second job')
  const items = decodeEscPos(printer.connections[1] as Buffer)
  t.ok(items.some((i) => i.type === 'raster') && items.some((i) => i.type === 'cut'), 'real ESC/POS: a raster image, then a cut')

  const moved = await app.inject({
    method: 'POST',
    url: `/api/tickets/${issued.id}/transfer`,
    headers: staff.headers,
    payload: { toServiceId: await serviceId(app, 'HT') },
  })
  t.equal(moved.statusCode, 200)
  const byNumber = await app.inject({ method: 'POST', url: '/api/tickets/reprint-number', headers: staff.headers, payload: { number: ' 1001 ' } })
  t.equal(byNumber.statusCode, 200, 'by number, after a transfer')
  t.match(
    byNumber.json(),
    { ticketId: moved.json().ticket.id, number: '1001', deviceId: kiosk.id, status: 'printed' },
    'the ticket as it stands now, on the kiosk that issued it',
  )
  t.equal(printer.connections.length, 3)

  const none = await app.inject({ method: 'POST', url: '/api/tickets/reprint-number', headers: staff.headers, payload: { number: '1999' } })
  t.same([none.statusCode, none.json().code, none.json().details], [404, 'ticket_not_found', { ticket: '1999' }], 'a number not issued today')
  t.equal(printer.connections.length, 3, 'nothing printed')
  const audits = await auditRows(app, 'ticket.reprint')
  t.equal(audits.length, 2, 'each reprint is audited')
})
