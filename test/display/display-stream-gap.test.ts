/**
 * A message of the display stream is lost (the server drops it, as a broken proxy or a process
 * failing over might): the display sees the hole when the next one arrives, asks for a new
 * snapshot, and shows the database's state, the lost call included, and says it.
 */
import t from 'tap'
import { announcementWords } from '../../shared/announce.js'
import { aDevice, build } from '../helpers/build.js'
import { launch, newPage, SKIP_BROWSER } from '../helpers/browser.js'
import { aDisplay, audioLog, callNext, displayUrl, issueMany, openDesks, shortClips } from './scenario.js'

t.setTimeout(110_000)

t.test('a lost message of the display stream: the display resyncs by itself', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  const display = await aDisplay(app)
  await issueMany(app, kiosk, 'DD', 4)
  const desks = await openDesks(app, [1, 2])

  const browser = await launch(t)
  const { page, errors } = await newPage(browser)
  // The pack's clips cut short (the chime whole): what is said, not how the recordings sound.
  await shortClips(page)
  await page.goto(displayUrl(app, display))
  const row = (n: number) => page.locator(`[data-testid="counter-row"][data-counter="${n}"] [data-testid="counter-ticket"]`)
  await row(2).waitFor({ timeout: 15_000 })

  // The next message to the site's displays goes nowhere.
  const io = app.realtime.io
  const to = io.to.bind(io)
  let dropped = 0
  io.to = ((room: string | string[]) => {
    if (dropped === 0 && [room].flat().some((r) => r.startsWith('displays:'))) {
      dropped++
      const nowhere = { emit: () => true }
      return { ...nowhere, except: () => nowhere }
    }
    return to(room)
  }) as typeof io.to

  const lost = await callNext(app, desks.get(1)!)
  t.equal(dropped, 1, 'the call at counter 1 was not sent')
  await new Promise((r) => setTimeout(r, 500))
  t.equal((await row(1).innerText()).trim(), '—', 'the display does not know of it yet')

  const next = await callNext(app, desks.get(2)!)
  const seq = (await app.store.read((r) => r.sites.get(1)))!.eventSeq
  await page.locator(`.board[data-seq="${seq}"]`).waitFor({ timeout: 10_000 })
  t.pass('the display caught up with the database')
  t.equal((await row(1).innerText()).trim(), lost.number, 'the lost call is on the board')
  t.equal((await row(2).innerText()).trim(), next.number, 'and the call after it')

  const say = (number: string, counter: number) => announcementWords(number, counter, { reading: 'whole', languages: ['vi'] })
  const words = say(next.number, 2).length
  try {
    await page.waitForFunction((len) => (window.__qmsAudioLog ?? [])[1]?.length === len, words, { timeout: 30_000 })
  } catch {
    // Fall through: the assertion shows what was said.
  }
  t.same(await audioLog(page), [say(lost.number, 1), say(next.number, 2)], 'both calls are said, once each, in order')
  t.same(errors, [], 'no errors in the page')
})

t.test('the last message is lost and nothing follows: the server’s resync hint brings the display current', { skip: SKIP_BROWSER }, async (t) => {
  // As after Redis comes back: what another process published meanwhile is gone, and no later
  // step need come to show the hole. The server tells every screen to resync (realtime.ts).
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  const display = await aDisplay(app)
  await issueMany(app, kiosk, 'DD', 2)
  const desks = await openDesks(app, [1])

  const browser = await launch(t)
  const { page, errors } = await newPage(browser)
  await page.goto(displayUrl(app, display))
  const row = page.locator(`[data-testid="counter-row"][data-counter="1"] [data-testid="counter-ticket"]`)
  await row.waitFor({ timeout: 15_000 })

  const io = app.realtime.io
  const to = io.to.bind(io)
  io.to = ((room: string | string[]) => {
    if ([room].flat().some((r) => r.startsWith('displays:'))) {
      const nowhere = { emit: () => true }
      return { ...nowhere, except: () => nowhere }
    }
    return to(room)
  }) as typeof io.to
  const lost = await callNext(app, desks.get(1)!)
  await new Promise((r) => setTimeout(r, 2_500))
  t.equal((await row.innerText()).trim(), '—', 'past the grace for a hole, the display still does not know of the call')

  io.to = to
  io.emit('sync:hint')
  await page.locator(`[data-testid="counter-row"][data-counter="1"] [data-testid="counter-ticket"]`, { hasText: lost.number }).waitFor({ timeout: 10_000 })
  t.pass(`after the hint the board shows ${lost.number} at counter 1`)
  t.same(errors, [], 'no errors in the page')
})
