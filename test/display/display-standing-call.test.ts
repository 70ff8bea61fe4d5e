/**
 * The big "Mời công dân có số … đến quầy số …" panel shows only a call that still stands: driven by
 * real Socket.IO events from the server's API (transfer, pause, close), and the same after the
 * display reloads and takes a fresh snapshot.
 */
import t from 'tap'
import type { Page } from 'playwright-core'
import { join } from 'node:path'
import { aDevice, build, counterId, login, serviceId, TEST_DIR } from '../helpers/build.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { launch, newPage, SKIP_BROWSER } from '../helpers/browser.js'
import { aDisplay, callNext, closeCounter, displayUrl, finish, issueMany, openDesks, pauseCounter, startServing, texts, transferToService } from './scenario.js'

t.setTimeout(110_000)

interface Board {
  latest: string
  recent: string[]
}

/** The panel ("number→counter", or "idle") and the list of recent calls, as the waiting room sees them. */
async function board(page: Page): Promise<Board> {
  const number = await texts(page, 'latest-number')
  const counter = await texts(page, 'latest-counter')
  const recent = (await texts(page, 'recent-call')).map((s) => s.replace(/\s+/g, ''))
  const idle = await page.locator('[data-testid="latest-idle"]').count()
  return { latest: number.length ? `${number[0]}→${counter[0]}` : idle ? 'idle' : '?', recent }
}

/** Waits (generously) until the board shows `want`; the assertion then says what it shows. */
async function shows(page: Page, want: Board): Promise<Board> {
  const deadline = Date.now() + 15_000
  let seen = await board(page)
  while (Date.now() < deadline && JSON.stringify(seen) !== JSON.stringify(want)) {
    await page.waitForTimeout(200)
    seen = await board(page)
  }
  return seen
}

t.test('the panel follows transfer, pause and close, live and after a reload', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  await issueMany(app, kiosk, 'DD', 2)
  await issueMany(app, kiosk, 'HT', 1)
  const desks = await openDesks(app, [1, 3, 5])
  const d = (n: number) => desks.get(n)!
  const display = await aDisplay(app, { languages: ['vi', 'en'] })

  const browser = await launch(t)
  const { page, errors } = await newPage(browser)
  await page.goto(displayUrl(app, display))
  await page.locator('[data-testid="counter-row"][data-counter="5"]').waitFor({ timeout: 15_000 })
  t.same(await shows(page, { latest: 'idle', recent: [] }), { latest: 'idle', recent: [] }, 'idle before the first call')

  const first = await callNext(app, d(1))
  t.equal(first.number, '1001')
  const ht = await callNext(app, d(3))
  t.equal(ht.number, '2001')
  let want: Board = { latest: '2001→3', recent: ['1001→1'] }
  t.same(await shows(page, want), want, 'the newest call, the earlier one listed')

  // Counter 3 sends 2001 to business registration (counter 5): it waits again, nobody is at counter 3 for it.
  await transferToService(app, d(3), ht, await serviceId(app, 'KD'))
  want = { latest: '1001→1', recent: [] }
  t.same(await shows(page, want), want, 'transferred away: the panel falls back to 1001 at counter 1, 2001→3 is not listed')
  const row3 = page.locator('[data-testid="counter-row"][data-counter="3"] [data-testid="counter-ticket"]')
  t.equal((await row3.innerText()).trim(), '—', 'counter 3 shows no number')

  // Counter 5 calls it: listed once, at counter 5.
  const again = await callNext(app, d(5))
  t.equal(again.number, '2001')
  want = { latest: '2001→5', recent: ['1001→1'] }
  t.same(await shows(page, want), want, 'called again at counter 5: shown with its new counter only')

  // Counter 5 serves it, finishes and pauses: nothing sends anyone to counter 5.
  await finish(app, d(5), await startServing(app, d(5), again))
  await pauseCounter(app, d(5))
  want = { latest: '1001→1', recent: [] }
  t.same(await shows(page, want), want, 'counter 5 paused: the panel shows the call that still stands')

  await page.reload()
  await page.locator('[data-testid="counter-row"][data-counter="5"]').waitFor({ timeout: 15_000 })
  t.same(await shows(page, want), want, 'the same after a reload (from the snapshot)')

  // Counter 1 finishes its citizen: 1001 is history (still listed), nobody is being invited.
  await finish(app, d(1), await startServing(app, d(1), first))
  want = { latest: 'idle', recent: ['1001→1'] }
  t.same(await shows(page, want), want, 'served: the panel is idle, the number stays in the list')
  t.match(await page.locator('[data-testid="latest-idle"]').innerText(), /Vui lòng chờ đến lượt/, 'the idle card asks to wait')

  // Counter 1 calls the next one, then closes after serving it.
  const second = await callNext(app, d(1))
  t.equal(second.number, '1002')
  want = { latest: '1002→1', recent: ['1001→1'] }
  t.same(await shows(page, want), want, 'a new call at counter 1')
  await finish(app, d(1), await startServing(app, d(1), second))
  await closeCounter(app, d(1))
  want = { latest: 'idle', recent: [] }
  t.same(await shows(page, want), want, 'counter 1 closed: neither the panel nor the list sends anyone there')
  await page.reload()
  await page.locator('[data-testid="counter-row"][data-counter="5"]').waitFor({ timeout: 15_000 })
  t.same(await shows(page, want), want, 'the same after a reload')
  t.same(errors, [], 'no errors in the page')
})

t.test('a transfer and a pause made while the display was offline: the resync drops the stale call', { skip: SKIP_BROWSER }, async (t) => {
  const dir = mkdtempSync(join(TEST_DIR, 'qms-standing-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const databasePath = join(dir, 'qms.sqlite')
  const first = await build(t, { databasePath, listen: true })
  const kiosk = await aDevice(first.app, 'kiosk')
  await issueMany(first.app, kiosk, 'DD', 1)
  await issueMany(first.app, kiosk, 'HT', 1)
  const desks = await openDesks(first.app, [1, 3, 5])
  t.equal((await callNext(first.app, desks.get(1)!)).number, '1001')
  const ht = await callNext(first.app, desks.get(3)!)
  t.equal(ht.number, '2001')
  const display = await aDisplay(first.app)

  const browser = await launch(t)
  const { page } = await newPage(browser)
  const url = displayUrl(first.app, display)
  await page.goto(url)
  await page.locator('[data-testid="counter-row"][data-counter="5"]').waitFor({ timeout: 15_000 })
  let want: Board = { latest: '2001→3', recent: ['1001→1'] }
  t.same(await shows(page, want), want, 'before: 2001 at counter 3')

  // The server stops; in its second life counter 3 sends 2001 on and pauses. No event reaches the display.
  await first.app.close()
  await page.locator('.offline').waitFor({ timeout: 30_000 })
  const second = await build(t, { databasePath })
  const desk3 = { counter: 3, counterId: await counterId(second.app, 3), staff: await login(second.app, 'canbo3') }
  await transferToService(second.app, desk3, ht, await serviceId(second.app, 'KD'))
  await pauseCounter(second.app, desk3)
  await second.app.listen({ port: Number(new URL(url).port), host: '127.0.0.1' })
  await page.locator('.offline').waitFor({ state: 'detached', timeout: 30_000 })
  want = { latest: '1001→1', recent: [] }
  t.same(await shows(page, want), want, 'after reconnecting: the fresh snapshot shows only the call that stands')
})
