/**
 * The paper ticket from the kiosk's request to the printer's bytes: a network ESC/POS printer on a
 * loopback port receives exactly the rendered ticket, and a printer that is off or hangs never
 * costs the citizen the number.
 */
import net from 'node:net'
import t from 'tap'
import { io, type Socket } from 'socket.io-client'
import type { FastifyInstance } from 'fastify'
import type { ClientToServerEvents, DeviceStatusEvent, PrintResult, ServerToClientEvents } from '../../shared/contract.js'
import type { IssuedTicket } from '../../shared/types.js'
import { renderTicketPng } from '../../server/src/printing/ticket-image.js'
import { aDevice, baseUrl, build, issue, login, serviceId, type Device } from '../helpers/build.js'
import { decodeEscPos, pngToBitmap, startFakePrinter, type Bitmap, type FakePrinter } from '../helpers/fake-printer.js'

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

function networkKiosk(app: FastifyInstance, printer: { url: string }, paperWidth: 58 | 80 = 80): Promise<Device> {
  return aDevice(app, 'kiosk', { printer: { kind: 'network', url: printer.url, paperWidth } })
}

async function fakePrinter(t: Tap, mode: 'normal' | 'hang' | 'refuse' = 'normal'): Promise<FakePrinter> {
  const printer = await startFakePrinter(mode)
  t.teardown(() => printer.close())
  return printer
}
type Tap = { teardown(fn: () => unknown): void }

/** A loopback port nobody listens on: a printer that is switched off. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function connect(t: Tap, app: FastifyInstance, auth: { deviceToken?: string; cookie?: string }): Promise<ClientSocket> {
  const socket: ClientSocket = io(baseUrl(app), {
    path: '/socket.io',
    transports: ['websocket'],
    auth: auth.deviceToken ? { deviceToken: auth.deviceToken } : {},
    extraHeaders: auth.cookie ? { cookie: auth.cookie } : {},
    reconnection: false,
  })
  t.teardown(() => socket.disconnect())
  await new Promise<void>((resolve, reject) => {
    socket.once('queue:snapshot', () => resolve())
    socket.once('connect_error', reject)
  })
  return socket
}

function nextPrintResult(socket: ClientSocket): Promise<PrintResult> {
  return new Promise((resolve) => socket.once('print:result', resolve))
}

/** The one raster a printer received on a connection, and whether the paper was cut after it. */
function printedTicket(printer: FakePrinter, connection = 0): { bitmap: Bitmap; cutAfter: boolean } {
  const items = decodeEscPos(printer.connections[connection]!)
  const rasters = items.filter((item) => item.type === 'raster')
  if (rasters.length !== 1) throw new Error(`expected one raster, got ${rasters.length}`)
  const raster = rasters[0]!
  return { bitmap: raster.bitmap, cutAfter: items.some((item) => item.type === 'cut' && item.offset > raster.offset) }
}

function differingDots(a: Bitmap, b: Bitmap): number {
  if (a.width !== b.width || a.height !== b.height) return Infinity
  let n = 0
  for (let i = 0; i < a.bits.length; i++) if (a.bits[i] !== b.bits[i]) n++
  return n
}

t.test('a ticket issued at a network kiosk prints as the rendered ticket, then the paper is cut', async (t) => {
  const { app } = await build(t)
  const printer = await fakePrinter(t)
  const kiosk = await networkKiosk(app, printer)

  const res = await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })
  t.equal(res.statusCode, 201)
  const body = res.json() as IssuedTicket
  t.equal(body.ticket.number, '1001')
  t.same(body.print, { status: 'printed' })

  t.equal(printer.connections.length, 1, 'one connection for one ticket')
  const { bitmap, cutAfter } = printedTicket(printer)
  const expected = await pngToBitmap(await renderTicketPng(await app.ticketPrinting.printData(1, body), 80))
  t.equal(bitmap.width, 576, '80 mm paper: 576 dots across')
  t.equal(differingDots(bitmap, expected), 0, 'every printed dot matches the ticket rendered for this number')
  t.ok(cutAfter, 'the paper is cut after the ticket')

  const row = await app.store.read((r) => r.devices.get(1, kiosk.id))
  t.equal(row?.printerStatus, 'ok')
  t.equal(row?.printerError, null)
})

t.test('58 mm paper prints 384 dots across', async (t) => {
  const { app } = await build(t)
  const printer = await fakePrinter(t)
  const kiosk = await networkKiosk(app, printer, 58)
  const body = (await issue(app, kiosk, { serviceId: await serviceId(app, 'HT') })).json() as IssuedTicket
  t.equal(body.print.status, 'printed')
  const { bitmap } = printedTicket(printer)
  const expected = await pngToBitmap(await renderTicketPng(await app.ticketPrinting.printData(1, body), 58))
  t.equal(bitmap.width, 384)
  t.equal(differingDots(bitmap, expected), 0)
})

t.test('a printer that is off: the ticket is still issued, the failure is on the device for admins', async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await networkKiosk(app, { url: `tcp://127.0.0.1:${await closedPort()}` })
  const admin = await login(app, 'admin')
  const adminSocket = await connect(t, app, { cookie: admin.cookie })
  const status = new Promise<DeviceStatusEvent>((resolve) => adminSocket.once('device:status', resolve))

  const res = await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })
  t.equal(res.statusCode, 201, 'issued although nothing was printed')
  const body = res.json() as IssuedTicket
  t.equal(body.ticket.number, '1001')
  t.same(body.print, { status: 'failed', error: 'printer_unreachable' })

  const ticket = await app.inject({ url: `/api/tickets/${body.ticket.id}`, headers: admin.headers })
  t.equal(ticket.json().status, 'waiting', 'the number is valid and in the queue')

  const listed = (await app.inject({ url: '/api/admin/devices', headers: admin.headers })).json() as {
    devices: { id: number; printerStatus: string; printerError: string }[]
  }
  const mine = listed.devices.find((d) => d.id === kiosk.id)
  t.equal(mine?.printerStatus, 'error')
  t.equal(mine?.printerError, 'printer_unreachable', 'administrators see why the kiosk does not print')
  t.match(await status, { deviceId: kiosk.id, printerStatus: 'error', printerError: 'printer_unreachable' }, 'and are told at once')
})

t.test('a printer that refuses the connection: failed with printer_refused', async (t) => {
  const { app } = await build(t)
  const printer = await fakePrinter(t, 'refuse')
  const body = (await issue(app, await networkKiosk(app, printer), { serviceId: await serviceId(app, 'CT') })).json() as IssuedTicket
  t.equal(body.ticket.number, '3001')
  t.same(body.print, { status: 'failed', error: 'printer_refused' })
})

/**
 * The kiosk's request waits 2.5 s for the printer; a hung job must outlast that to be `pending`, and
 * outlast another kiosk's whole issue and print, even on a loaded machine.
 */
const SLOW_TIMEOUT = { PRINT_TIMEOUT_MS: '10000' }

t.test('a hanging printer: the kiosk gets its number with `pending`, then `failed` over its socket', async (t) => {
  const { app } = await build(t, { listen: true, env: SLOW_TIMEOUT })
  const printer = await fakePrinter(t, 'hang')
  const kiosk = await networkKiosk(app, printer)
  const socket = await connect(t, app, { deviceToken: kiosk.token })
  const later = nextPrintResult(socket)

  const res = await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })
  t.equal(res.statusCode, 201)
  const body = res.json() as IssuedTicket
  t.equal(body.ticket.number, '1001')
  t.same(body.print, { status: 'pending' }, 'the kiosk does not wait for a jammed printer')

  t.same(await later, { ticketId: body.ticket.id, status: 'failed', error: 'printer_timeout' })
  const row = await app.store.read((r) => r.devices.get(1, kiosk.id))
  t.equal(row?.printerError, 'printer_timeout')
  t.equal(printer.connections.length, 1, 'the printer did receive the job it then sat on')
})

t.test('a hung printer at one kiosk does not hold up the printer of another', async (t) => {
  const { app } = await build(t, { listen: true, env: SLOW_TIMEOUT })
  const jammed = await fakePrinter(t, 'hang')
  const working = await fakePrinter(t)
  const kioskA = await networkKiosk(app, jammed)
  const kioskB = await networkKiosk(app, working)
  const socketA = await connect(t, app, { deviceToken: kioskA.token })
  let aSettled = false
  const aResult = nextPrintResult(socketA).then((r) => {
    aSettled = true
    return r
  })

  const a = (await issue(app, kioskA, { serviceId: await serviceId(app, 'DD') })).json() as IssuedTicket
  t.equal(a.print.status, 'pending')
  const b = (await issue(app, kioskB, { serviceId: await serviceId(app, 'DD') })).json() as IssuedTicket
  t.equal(b.ticket.number, '1002')
  t.same(b.print, { status: 'printed' }, 'kiosk B printed while A was still stuck')
  t.notOk(aSettled, "A's job had not ended when B's ticket came out")
  t.equal(working.connections.length, 1)
  t.equal(printedTicket(working).bitmap.width, 576)
  t.equal((await aResult).status, 'failed')
})

t.test('a retry with the same idempotency key gets the same number and prints nothing twice', async (t) => {
  const { app } = await build(t)
  const printer = await fakePrinter(t)
  const kiosk = await networkKiosk(app, printer)
  const first = await issue(app, kiosk, { serviceId: await serviceId(app, 'KD') }, 'retry-key-0001')
  const retry = await issue(app, kiosk, { serviceId: await serviceId(app, 'KD') }, 'retry-key-0001')
  t.equal(first.statusCode, 201)
  t.equal(retry.statusCode, 200, 'the retry is answered, not issued again')
  t.equal(retry.json().ticket.number, first.json().ticket.number)
  t.equal(retry.json().ticket.id, first.json().ticket.id)
  t.equal(printer.connections.length, 1, 'one paper ticket')
  // The kiosk lost the first answer: the retry tells it how that print went.
  const firstStatus = first.json().print.status
  if (firstStatus === 'pending') t.match(retry.json().print.status, /^(pending|printed)$/)
  else t.same(retry.json().print, first.json().print, 'the retry reports the first print')
  const next = await issue(app, kiosk, { serviceId: await serviceId(app, 'KD') }, 'retry-key-0002')
  t.equal(next.json().ticket.number, '4002', 'the retry did not use up a number')
})

t.test('staff reprint a ticket on the printer of the kiosk that issued it', async (t) => {
  const { app } = await build(t)
  const printer = await fakePrinter(t)
  const kiosk = await networkKiosk(app, printer)
  const body = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json() as IssuedTicket
  const staff = await login(app, 'canbo1')

  const res = await app.inject({ method: 'POST', url: `/api/tickets/${body.ticket.id}/reprint`, headers: staff.headers })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { ticketId: body.ticket.id, number: body.ticket.number, deviceId: kiosk.id, kioskName: 'Test kiosk', status: 'printed' })
  t.equal(printer.connections.length, 2, 'a second paper ticket')
  const reprinted = printedTicket(printer, 1)
  t.equal(differingDots(reprinted.bitmap, printedTicket(printer, 0).bitmap), 0, 'the same ticket: nobody else waits ahead yet')
  t.ok(reprinted.cutAfter)
})

t.test('reprint on another kiosk named in the body, and what the route refuses', async (t) => {
  const { app } = await build(t)
  const printer = await fakePrinter(t)
  const browserKiosk = await aDevice(app, 'kiosk', { printer: { kind: 'browser', paperWidth: 80 } })
  const networked = await networkKiosk(app, printer)
  const display = await aDevice(app, 'display')
  const body = (await issue(app, browserKiosk, { serviceId: await serviceId(app, 'HT') })).json() as IssuedTicket
  t.equal(body.print.status, 'browser')
  const url = `/api/tickets/${body.ticket.id}/reprint`
  const staff = await login(app, 'canbo2')

  const onBrowserKiosk = await app.inject({ method: 'POST', url, headers: staff.headers })
  t.equal(onBrowserKiosk.statusCode, 409, 'a kiosk that prints in its browser cannot be reached from the server')
  t.equal(onBrowserKiosk.json().code, 'kiosk_no_network_printer')

  const elsewhere = await app.inject({ method: 'POST', url, headers: staff.headers, payload: { deviceId: networked.id } })
  t.equal(elsewhere.statusCode, 200)
  t.equal(elsewhere.json().status, 'printed')
  t.equal(printer.connections.length, 1)

  const noSession = await app.inject({ method: 'POST', url })
  t.equal(noSession.statusCode, 401)
  const noCsrf = await app.inject({ method: 'POST', url, headers: { cookie: staff.cookie } })
  t.equal(noCsrf.statusCode, 403)
  t.equal(noCsrf.json().code, 'csrf_failed')
  const asDevice = await app.inject({ method: 'POST', url, headers: display.headers })
  t.equal(asDevice.statusCode, 401, 'devices cannot reprint')
  const notAKiosk = await app.inject({ method: 'POST', url, headers: staff.headers, payload: { deviceId: display.id } })
  t.equal(notAKiosk.statusCode, 404)
  const missing = await app.inject({ method: 'POST', url: '/api/tickets/99999/reprint', headers: staff.headers })
  t.equal(missing.json().code, 'ticket_not_found')
  const bad = await app.inject({ method: 'POST', url, headers: staff.headers, payload: { deviceId: 'x' } })
  t.equal(bad.statusCode, 400)
  t.equal(printer.connections.length, 1, 'none of the refused requests printed')
})

t.test('a reprint on a printer that is off reports failed', async (t) => {
  const { app } = await build(t)
  const kiosk = await networkKiosk(app, { url: `tcp://127.0.0.1:${await closedPort()}` })
  const body = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json() as IssuedTicket
  const manager = await login(app, 'lanhdao')
  const res = await app.inject({ method: 'POST', url: `/api/tickets/${body.ticket.id}/reprint`, headers: manager.headers })
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    ticketId: body.ticket.id,
    number: body.ticket.number,
    deviceId: kiosk.id,
    kioskName: 'Test kiosk',
    status: 'failed',
    error: 'printer_unreachable',
  })
})

t.test('staff preview the exact raster of a ticket as PNG', async (t) => {
  const { app } = await build(t)
  const printer = await fakePrinter(t)
  const kiosk = await networkKiosk(app, printer)
  const body = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json() as IssuedTicket
  const admin = await login(app, 'admin')

  const res = await app.inject({ url: `/api/tickets/${body.ticket.id}/ticket.png`, headers: admin.headers })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'image/png')
  const preview = await pngToBitmap(res.rawPayload)
  t.equal(differingDots(preview, printedTicket(printer).bitmap), 0, 'the preview is what the printer received')

  const narrow = await app.inject({ url: `/api/tickets/${body.ticket.id}/ticket.png?width=58`, headers: admin.headers })
  t.equal((await pngToBitmap(narrow.rawPayload)).width, 384)
  const wrongWidth = await app.inject({ url: `/api/tickets/${body.ticket.id}/ticket.png?width=70`, headers: admin.headers })
  t.equal(wrongWidth.statusCode, 400)
  const anonymous = await app.inject({ url: `/api/tickets/${body.ticket.id}/ticket.png` })
  t.equal(anonymous.statusCode, 401)
})
