import net from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import t from 'tap'
import { parsePrinterUrl, printPng } from '../../server/src/printing/network-printer.js'
import { PrinterError } from '../../server/src/printing/printer-error.js'
import { renderTicketPng } from '../../server/src/printing/ticket-image.js'
import { blackRatio, decodeEscPos, pngToBitmap, startFakePrinter } from '../helpers/fake-printer.js'
import { aTicket } from '../helpers/ticket-print-data.js'

const png80 = await renderTicketPng(aTicket(), 80)

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Counts of handle types that a leaked print job would leave behind. */
async function handles(): Promise<{ sockets: number; timers: number }> {
  // Closing a handle completes on a later turn of the event loop.
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve))
  const info = process.getActiveResourcesInfo()
  return {
    sockets: info.filter((kind) => kind === 'TCPSocketWrap').length,
    timers: info.filter((kind) => kind === 'Timeout').length,
  }
}

for (const paper of [80, 58] as const) {
  t.test(`a ${paper} mm ticket arrives as the same raster, followed by a cut`, async (t) => {
    const printer = await startFakePrinter()
    t.teardown(() => printer.close())
    const png = paper === 80 ? png80 : await renderTicketPng(aTicket({ language: 'en' }), 58)

    await printPng(printer.url, png, { timeoutMs: 5000 })

    t.equal(printer.connections.length, 1, 'one connection per ticket')
    const items = decodeEscPos(printer.connections[0]!)
    const rasters = items.filter((item) => item.type === 'raster')
    t.equal(rasters.length, 1, 'one raster image')
    const printed = rasters[0]!.bitmap
    const expected = await pngToBitmap(png)
    t.same([printed.width, printed.height], [expected.width, expected.height], 'same size')
    let differing = 0
    for (let i = 0; i < expected.bits.length; i++) if (printed.bits[i] !== expected.bits[i]) differing++
    t.equal(differing, 0, 'every dot matches the PNG')
    t.ok(blackRatio(printed) > 0.05, 'and it is not blank')

    const cutIndex = items.findIndex((item) => item.type === 'cut')
    t.ok(cutIndex > items.indexOf(rasters[0]!), 'the paper is cut after the image')
  })
}

t.test('a printer that is off is reported as printer_unreachable', async (t) => {
  const port = await closedPort()
  await t.rejects(printPng(`tcp://127.0.0.1:${port}`, png80, { timeoutMs: 5000 }), {
    name: 'PrinterError',
    code: 'printer_unreachable',
  })
})

t.test('a printer that resets the connection is reported as printer_refused', async (t) => {
  const printer = await startFakePrinter('refuse')
  t.teardown(() => printer.close())
  await t.rejects(printPng(printer.url, png80, { timeoutMs: 5000 }), { code: 'printer_refused' })
})

t.test('a printer that takes the job but never finishes times out and leaves nothing open', async (t) => {
  const printer = await startFakePrinter('hang')
  t.teardown(() => printer.close())
  const before = await handles()

  const error: unknown = await printPng(printer.url, png80, { timeoutMs: 300 }).catch((e: unknown) => e)
  t.ok(error instanceof PrinterError, 'a PrinterError')
  t.equal((error as PrinterError).code, 'printer_timeout')
  const received = decodeEscPos(printer.connections[0]!)
  t.ok(
    received.some((item) => item.type === 'cut'),
    'the printer did receive the whole job',
  )

  const after = await handles()
  t.equal(printer.openSockets(), 1, 'the fake printer is still holding its end')
  t.equal(after.sockets, before.sockets + printer.openSockets(), 'our socket is destroyed')
  t.equal(after.timers, before.timers, 'our timer is cleared')
})

t.test('an abort signal stops a job at once and destroys the socket', async (t) => {
  const printer = await startFakePrinter('hang')
  t.teardown(() => printer.close())
  const controller = new AbortController()
  const job = printPng(printer.url, png80, { timeoutMs: 60_000, signal: controller.signal })
  while (!printer.connections[0]?.length) await delay(10)
  controller.abort(new PrinterError('printer_timeout', 'queue gave up'))
  await t.rejects(job, { code: 'printer_timeout', message: 'queue gave up' })
  const after = await handles()
  t.equal(after.sockets, printer.openSockets(), 'only the fake printer end is left')
})

t.test('printer URLs', async (t) => {
  t.same(parsePrinterUrl('tcp://192.168.1.50:9100'), { host: '192.168.1.50', port: 9100 })
  t.same(parsePrinterUrl('tcp://kiosk-printer-1.local:9101/'), { host: 'kiosk-printer-1.local', port: 9101 })
  t.same(parsePrinterUrl('tcp://10.0.0.7'), { host: '10.0.0.7', port: 9100 }, 'raw printing port by default')
  t.same(parsePrinterUrl('tcp://[::1]:9100'), { host: '::1', port: 9100 })
  for (const bad of [
    '',
    '192.168.1.50:9100',
    'http://192.168.1.50:9100',
    'tcp://',
    'tcp://host:0',
    'tcp://host:70000',
    'tcp://host:9100/queue',
    'tcp://us:pw@host:9100',
    'tcp://bad_host!:9100',
    '/dev/usb/lp0',
  ]) {
    t.throws(() => parsePrinterUrl(bad), { code: 'printer_bad_url' }, JSON.stringify(bad))
  }
  // node-thermal-printer would treat this as a file path and write the ticket to disk.
  await t.rejects(printPng('printer.bin', png80, { timeoutMs: 1000 }), { code: 'printer_bad_url' })
})
