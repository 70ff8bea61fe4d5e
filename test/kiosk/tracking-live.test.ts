/**
 * The ticket page's live channel: a phone connects over a real Socket.IO connection with the
 * ticket's secret code and receives only its own ticket's progress, at once when it is called, and
 * its people-ahead figure when other tickets are called. Nothing of the staff's side reaches it.
 */
import t from 'tap'
import { io } from 'socket.io-client'
import type { ClientSocket } from '../helpers/socket.js'
import { connectError } from '../helpers/socket.js'
import type { TicketProgress } from '../../shared/contract.js'
import type { IssuedTicket } from '../../shared/types.js'
import { aDevice, baseUrl, build, counterId, issue, login, serviceId, type Tap } from '../helpers/build.js'

function linkOf(issued: IssuedTicket): { ticketId: number; code: string; path: string } {
  const path = new URL(issued.trackingUrl).pathname
  const [, id, code] = /^\/t\/(\d+)\/([\w-]+)$/.exec(path) ?? []
  return { ticketId: Number(id), code: code ?? '', path }
}

/** A phone following a ticket: every progress it receives, and every other event name it hears. */
function phone(t: Tap, url: string, follow: { ticketId: number; code: string; lang?: 'vi' | 'en' }) {
  const socket: ClientSocket = io(url, { path: '/socket.io', transports: ['websocket'], auth: { follow }, forceNew: true, reconnection: false })
  t.teardown(() => {
    socket.disconnect()
  })
  const received: TicketProgress[] = []
  const others: string[] = []
  socket.onAny((name: string) => {
    if (name !== 'ticket:progress') others.push(name)
  })
  socket.on('ticket:progress', (p) => received.push(p))
  return {
    received,
    others,
    /** The first progress (from now on, or already received) that satisfies `test`. */
    next(test: (p: TicketProgress) => boolean, what: string): Promise<TicketProgress> {
      const already = received.find(test)
      if (already) return Promise.resolve(already)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no progress where ${what}; got ${JSON.stringify(received.at(-1))}`)), 15_000)
        const listener = (p: TicketProgress) => {
          if (!test(p)) return
          clearTimeout(timer)
          socket.off('ticket:progress', listener)
          resolve(p)
        }
        socket.on('ticket:progress', listener)
      })
    },
  }
}

t.test('a phone hears its own call at once, the figures as the queue moves, and nothing else', async (t) => {
  const { app } = await build(t, { listen: true })
  const url = baseUrl(app)
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const hoTich = await serviceId(app, 'HT')
  const chungThuc = await serviceId(app, 'CT')
  // Counter 3 serves Hộ tịch before Chứng thực: the two Hộ tịch citizens go first.
  await issue(app, kiosk, { serviceId: chungThuc })
  const mine = (await issue(app, kiosk, { serviceId: chungThuc })).json() as IssuedTicket
  await issue(app, kiosk, { serviceId: hoTich })
  await issue(app, kiosk, { serviceId: hoTich })
  const link = linkOf(mine)

  t.equal(await connectError(url, { follow: { ticketId: link.ticketId, code: 'wrong-code' } }), 'ticket_not_found', 'a wrong code is refused')
  const p = phone(t, url, link)
  const first = await p.next(() => true, 'any')
  t.equal(first.number, mine.ticket.number)
  t.equal(first.status, 'waiting')
  t.equal(first.waitText, 'Chưa có quầy mở', 'no counter open yet: said instead of a wait')

  const staff = await login(app, 'canbo3')
  const counter = await counterId(app, 3)
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/open`, headers: staff.headers })
  const opened = await p.next((x) => x.waitText !== 'Chưa có quầy mở', 'the wait follows the counter opening')
  t.equal(opened.ahead, 3, 'two Hộ tịch and one earlier Chứng thực go first at counter 3')

  const serve = async () => {
    const called = (await app.inject({ method: 'POST', url: `/api/counters/${counter}/call-next`, headers: staff.headers })).json() as { id: number }
    await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${called.id}/start`, headers: staff.headers })
    await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${called.id}/finish`, headers: staff.headers })
    return called.id
  }
  await serve()
  t.equal((await p.next((x) => x.ahead === 2, 'two ahead')).status, 'waiting', 'one fewer ahead once a Hộ tịch citizen is called')
  await serve()
  await serve()
  await p.next((x) => x.ahead === 0, 'nobody ahead')

  const call = await app.inject({ method: 'POST', url: `/api/counters/${counter}/call-next`, headers: staff.headers })
  t.equal(call.json().id, mine.ticket.id)
  const called = await p.next((x) => x.status === 'called', 'called')
  t.equal(called.counterNumber, 3)
  t.equal(called.statusText, 'Mời Ông/Bà đến quầy số 3')
  t.equal(called.ahead, null, 'no figures once called')

  await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${mine.ticket.id}/recall`, headers: staff.headers })
  t.equal((await p.next((x) => x.recallCount === 1, 'recalled')).status, 'called', 'a recall reaches the phone, to alert again')

  // Staff send the citizen to another counter with an internal note: the phone follows, the note stays inside.
  const note = 'Thiếu bản sao sổ đỏ, cán bộ Lan kiểm tra lại'
  const moved = await app.inject({
    method: 'POST',
    url: `/api/counters/${counter}/tickets/${mine.ticket.id}/transfer`,
    headers: staff.headers,
    payload: { toServiceId: hoTich, note },
  })
  t.equal(moved.statusCode, 200)
  const after = await p.next((x) => x.status === 'waiting' && x.transferredText !== '', 'transferred')
  t.equal(after.number, mine.ticket.number, 'same number')
  t.equal(after.serviceName, 'Hộ tịch')
  t.notMatch(JSON.stringify(p.received), /Lan|sổ đỏ|staff|transferNote/i, 'no staff names or notes ever reached the phone')
  t.same(p.others, [], 'and no queue events, snapshots or counter updates')
})

t.test("another ticket's changes are never sent to this phone, and the poll gives the same view", async (t) => {
  const { app } = await build(t, { listen: true })
  const url = baseUrl(app)
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const land = await serviceId(app, 'DD')
  const mine = (await issue(app, kiosk, { serviceId: land })).json() as IssuedTicket
  const other = (await issue(app, kiosk, { serviceId: await serviceId(app, 'KD') })).json() as IssuedTicket
  const link = linkOf(mine)
  const p = phone(t, url, { ...link, lang: 'en' })
  const first = await p.next(() => true, 'any')
  t.equal(first.statusText, 'Waiting for your turn', 'in the language of the page')

  const staff = await login(app, 'canbo5')
  const counter = await counterId(app, 5)
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/open`, headers: staff.headers })
  const call = await app.inject({ method: 'POST', url: `/api/counters/${counter}/call-next`, headers: staff.headers })
  t.equal(call.json().id, other.ticket.id)
  // A progress for this ticket after the other one's call proves the channel was alive through it.
  const staff1 = await login(app, 'canbo1')
  await app.inject({ method: 'POST', url: `/api/counters/${await counterId(app, 1)}/open`, headers: staff1.headers })
  await p.next((x) => x.waitText === 'Your turn is near', 'its counter opened')
  t.notMatch(JSON.stringify(p.received), new RegExp(`"number":"${other.ticket.number}"`), "the other ticket's call was not sent here")

  const polled = await app.inject({ url: `${link.path}/progress?lang=en` })
  t.equal(polled.statusCode, 200)
  t.equal(polled.headers['cache-control'], 'no-store')
  t.same({ ...polled.json(), updatedText: '' }, { ...p.received.at(-1), updatedText: '' }, 'the poll shows what the socket last said')
  t.equal((await app.inject({ url: `/t/${link.ticketId}/wrongcode/progress` })).statusCode, 404, 'the poll needs the code too')
})
