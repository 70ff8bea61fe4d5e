/**
 * A display left on for a long day: calls made through the API at six counters, and the page's
 * heap, DOM nodes and listeners measured after a forced garbage collection. Shared by the short
 * bound check in the suite (display-memory.test.ts) and the long soak in `npm run bench`.
 */
import type { FastifyInstance } from 'fastify'
import type { Page } from 'playwright-core'
import { aDevice, type Device } from '../helpers/build.js'
import { aDisplay, callNext, displayUrl, finish, issueMany, noShow, openDesks, startServing, type Desk } from './scenario.js'
import { launch, newPage } from '../helpers/browser.js'
import type { Tap } from '../helpers/build.js'

/** Which service each demo counter calls first, so that one issued ticket is the one it calls. */
const SERVICE_OF_COUNTER: Record<number, string> = { 1: 'DD', 2: 'DD', 3: 'HT', 4: 'CT', 5: 'KD', 6: 'TKQ' }

export interface PageFigures {
  calls: number
  heapUsed: number
  nodes: number
  listeners: number
  recentCalls: number
}

async function serverSeq(app: FastifyInstance, desk: Desk): Promise<number> {
  const res = await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: desk.staff.headers })
  return (res.json() as { seq: number }).seq
}

async function measure(page: Page, calls: number): Promise<PageFigures> {
  const cdp = await page.context().newCDPSession(page)
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage')
  const heap = await cdp.send('Runtime.getHeapUsage')
  const dom = await cdp.send('Memory.getDOMCounters')
  await cdp.detach()
  const recentCalls = await page.locator('[data-testid="recent-call"]').count()
  return { calls, heapUsed: heap.usedSize, nodes: dom.nodes, listeners: dom.jsEventListeners, recentCalls }
}

/**
 * Opens a display in Chromium on `app` (listening), then drives call/finish and call/no-show loops
 * across six counters, measuring the page at each of `checkpoints` (numbers of calls, ascending).
 */
export async function driveDisplay(t: Tap, app: FastifyInstance, checkpoints: number[]): Promise<{ figures: PageFigures[]; errors: string[] }> {
  const kiosk: Device = await aDevice(app, 'kiosk')
  const display = await aDisplay(app)
  const desks = await openDesks(app, [1, 2, 3, 4, 5, 6])
  const browser = await launch(t)
  const { page, errors } = await newPage(browser)
  await page.goto(displayUrl(app, display))
  await page.locator('[data-testid="counter-row"][data-counter="6"]').waitFor({ timeout: 30_000 })

  let made = 0
  const figures: PageFigures[] = []
  for (const until of checkpoints) {
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
    await page.locator(`.board[data-seq="${seq}"]`).waitFor({ timeout: 120_000 })
    figures.push(await measure(page, until))
  }
  return { figures, errors }
}

export const mb = (n: number): string => (n / 1024 / 1024).toFixed(2)
