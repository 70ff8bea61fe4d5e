import t from 'tap'
import { printPng } from '../../server/src/printing/network-printer.js'
import { PrintQueue } from '../../server/src/printing/print-queue.js'
import { renderTicketPng } from '../../server/src/printing/ticket-image.js'
import { startFakePrinter, type FakePrinterEvent } from '../helpers/fake-printer.js'
import { aTicket } from '../helpers/ticket-print-data.js'

const png = await renderTicketPng(aTicket(), 58)

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

function indexOf(events: FakePrinterEvent[], type: FakePrinterEvent['type'], connection: number): number {
  return events.findIndex((e) => e.type === type && e.connection === connection)
}

t.test('tickets for one printer go one connection at a time, in order', async (t) => {
  const printer = await startFakePrinter()
  printer.closeDelayMs = 200 // a printer busy printing keeps the connection for a while
  const queue = new PrintQueue({ jobTimeoutMs: 10_000, maxPending: 10 })
  t.teardown(async () => {
    await queue.close()
    await printer.close()
  })
  const finished: string[] = []
  const print = (name: string, number: string): Promise<void> =>
    queue.enqueue('kiosk-1', async (signal) => {
      await printPng(printer.url, await renderTicketPng(aTicket({ number }), 58), { timeoutMs: 5000, signal })
      finished.push(name)
    })

  await Promise.all([print('first', '1001'), print('second', '1002'), print('third', '1003')])

  t.same(finished, ['first', 'second', 'third'])
  t.equal(printer.connections.length, 3)
  const { events } = printer
  for (const next of [1, 2]) {
    const previousClosed = indexOf(events, 'close', next - 1)
    t.ok(previousClosed >= 0 && indexOf(events, 'data', next) > previousClosed, `job ${next + 1}'s bytes arrive after job ${next}'s connection closed`)
  }
})

t.test('a hung printer does not delay another printer', async (t) => {
  const hung = await startFakePrinter('hang')
  const healthy = await startFakePrinter()
  const queue = new PrintQueue({ jobTimeoutMs: 3000, maxPending: 10 })
  t.teardown(async () => {
    await queue.close()
    await hung.close()
    await healthy.close()
  })

  let hungSettled = false
  const onHung = queue.enqueue(hung.url, (signal) => printPng(hung.url, png, { timeoutMs: 60_000, signal })).finally(() => (hungSettled = true))
  const onHungAgain = queue.enqueue(hung.url, (signal) => printPng(hung.url, png, { timeoutMs: 60_000, signal }))
  await queue.enqueue(healthy.url, (signal) => printPng(healthy.url, png, { timeoutMs: 5000, signal }))

  t.equal(healthy.connections.length, 1, 'the healthy printer printed')
  t.notOk(hungSettled, 'while the hung printer is still stuck on its first ticket')
  t.equal(hung.connections.length, 1, 'and its second ticket is still waiting its turn')

  // The queue's timeout aborts the job, which destroys its socket, then the next one runs.
  await t.rejects(onHung, { code: 'printer_timeout' })
  await t.rejects(onHungAgain, { code: 'printer_timeout' })
  t.equal(hung.connections.length, 2)
})

t.test('a job that ignores its signal is abandoned after the timeout and the lane moves on', async (t) => {
  const queue = new PrintQueue({ jobTimeoutMs: 100, maxPending: 10 })
  t.teardown(() => queue.close())
  let aborted = false
  const stuck = queue.enqueue('p', (signal) => {
    signal.addEventListener('abort', () => (aborted = true))
    return new Promise<void>(() => undefined)
  })
  const next = queue.enqueue('p', async () => undefined)
  await t.rejects(stuck, { code: 'printer_timeout' })
  t.ok(aborted, 'the job was told to stop')
  await t.resolves(next)
})

t.test('errors from a job reach its caller and do not stop the lane', async (t) => {
  const queue = new PrintQueue({ jobTimeoutMs: 3000, maxPending: 10 })
  t.teardown(() => queue.close())
  const failing = queue.enqueue('p', () => Promise.reject(new Error('paper jam')))
  const throwing = queue.enqueue('p', () => {
    throw new Error('sync')
  })
  const ok = queue.enqueue('p', async () => undefined)
  await t.rejects(failing, { message: 'paper jam' })
  await t.rejects(throwing, { message: 'sync' })
  await t.resolves(ok)
})

t.test('too many tickets for one printer are refused with printer_busy', async (t) => {
  const queue = new PrintQueue({ jobTimeoutMs: 10_000, maxPending: 2 })
  const gate = deferred()
  const running = queue.enqueue('p', () => gate.promise)
  const waiting = queue.enqueue('p', async () => undefined)
  await t.rejects(
    queue.enqueue('p', async () => undefined),
    { code: 'printer_busy' },
  )
  await t.resolves(
    queue.enqueue('other', async () => undefined),
    'other printers have their own limit',
  )
  gate.resolve()
  await Promise.all([running, waiting])
  await t.resolves(
    queue.enqueue('p', async () => undefined),
    'room again once the lane drained',
  )
  t.equal(queue.pending('p'), 0)
  await queue.close()
})

t.test('close lets the running ticket finish, cancels waiting ones, refuses new ones', async (t) => {
  const queue = new PrintQueue({ jobTimeoutMs: 10_000, maxPending: 10 })
  const gate = deferred()
  let ranSecond = false
  const running = queue.enqueue('p', () => gate.promise)
  const waiting = queue.enqueue('p', async () => {
    ranSecond = true
  })
  const closing = queue.close()
  await t.rejects(waiting, { code: 'printer_queue_closed' })
  await t.rejects(
    queue.enqueue('p', async () => undefined),
    { code: 'printer_queue_closed' },
  )
  gate.resolve()
  await t.resolves(running)
  await closing
  t.notOk(ranSecond)
})
