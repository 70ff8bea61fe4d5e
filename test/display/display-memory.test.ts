/**
 * A display runs for weeks: two thousand calls through the API must not make its page grow.
 * Heap, DOM nodes and event listeners are measured (after a forced garbage collection) at 500 and
 * at 2000 calls; the bound is generous (the figures are printed for people to read).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import type { Page } from 'playwright-core'
import { aDevice, build, type Device } from '../helpers/build.js'
import { launch, newPage, SKIP_BROWSER } from '../helpers/browser.js'
import type { FastifyInstance } from 'fastify'
import { aDisplay, callNext, displayUrl, finish, issueMany, noShow, openDesks, startServing, type Desk } from './scenario.js'

t.setTimeout(300_000)

/** Which service each demo counter calls first, so that one issued ticket is the one it calls. */
const SERVICE_OF_COUNTER: Record<number, string> = { 1: 'DD', 2: 'DD', 3: 'HT', 4: 'CT', 5: 'KD', 6: 'TKQ' }

interface Figures {
  calls: number
  heapUsed: number
  perfMemory: number
  nodes: number
  listeners: number
}

async function serverSeq(app: FastifyInstance, desk: Desk): Promise<number> {
  const res = await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: desk.staff.headers })
  return (res.json() as { seq: number }).seq
}

async function measure(page: Page, calls: number): Promise<Figures> {
  const cdp = await page.context().newCDPSession(page)
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage')
  const heap = await cdp.send('Runtime.getHeapUsage')
  const dom = await cdp.send('Memory.getDOMCounters')
  const perfMemory = await page.evaluate(
    () => (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? -1,
  )
  await cdp.detach()
  return { calls, heapUsed: heap.usedSize, perfMemory, nodes: dom.nodes, listeners: dom.jsEventListeners }
}

t.test('the display does not grow over 2000 calls', { skip: SKIP_BROWSER }, async (t) => {
  // The database commits with synchronous=FULL; on a RAM disk the 8000 commands take seconds, not minutes.
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'qms-display-memory-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const { app } = await build(t, { listen: true, databasePath: join(dir, 'qms.sqlite') })
  const kiosk: Device = aDevice(app, 'kiosk')
  const display = aDisplay(app)
  const desks = await openDesks(app, [1, 2, 3, 4, 5, 6])

  const browser = await launch(t)
  const { page, errors } = await newPage(browser)
  await page.goto(displayUrl(app, display))
  await page.locator('[data-testid="counter-row"][data-counter="6"]').waitFor({ timeout: 15_000 })

  let made = 0
  /** Call/finish (or call/no-show) loops across the six counters, as a busy day does. */
  const drive = async (until: number) => {
    for (; made < until; made++) {
      const n = (made % 6) + 1
      const desk = desks.get(n)!
      await issueMany(app, kiosk, SERVICE_OF_COUNTER[n]!, 1)
      const ticket = await callNext(app, desk)
      if (made % 2 === 1) await noShow(app, desk, ticket)
      else await finish(app, desk, await startServing(app, desk, ticket))
    }
    const seq = await serverSeq(app, desks.get(1)!)
    // The board carries the seq it shows: wait until the display has applied every event.
    await page.locator(`.board[data-seq="${seq}"]`).waitFor({ timeout: 60_000 })
  }

  const figures: Figures[] = []
  await drive(500)
  figures.push(await measure(page, 500))
  await drive(2000)
  figures.push(await measure(page, 2000))

  const [at500, at2000] = figures as [Figures, Figures]
  const mb = (n: number) => (n / 1024 / 1024).toFixed(2)
  t.comment('calls  heap used (CDP)  performance.memory  DOM nodes  listeners')
  for (const f of figures) {
    t.comment(`${String(f.calls).padStart(5)}  ${mb(f.heapUsed).padStart(10)} MB  ${mb(f.perfMemory).padStart(15)} MB  ${String(f.nodes).padStart(9)}  ${String(f.listeners).padStart(9)}`)
  }
  const growth = at2000.heapUsed - at500.heapUsed
  t.comment(`heap growth from 500 to 2000 calls: ${mb(growth)} MB`)
  t.ok(growth < 5 * 1024 * 1024, `JS heap grows less than 5 MB over 1500 calls (grew ${mb(growth)} MB)`)
  t.ok(at2000.nodes - at500.nodes < 500, `DOM nodes stay bounded (${at500.nodes} → ${at2000.nodes})`)
  t.ok(at2000.listeners - at500.listeners < 50, `event listeners stay bounded (${at500.listeners} → ${at2000.listeners})`)
  t.equal(await page.locator('[data-testid="recent-call"]').count(), 6, 'the recent-calls list stays capped')
  t.same(errors, [], 'no errors in the page')
})
