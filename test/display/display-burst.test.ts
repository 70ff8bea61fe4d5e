/**
 * Ten calls at six counters within a second: the display says every one of them, in the order
 * they were made, each sentence whole (one announcement at a time, never two interleaved).
 */
import t from 'tap'
import { announcementWords } from '../../shared/announce.js'
import type { TicketView } from '../../shared/types.js'
import { aDevice, build } from '../helpers/build.js'
import { launch, newPage, SKIP_BROWSER } from '../helpers/browser.js'
import { aDisplay, audioLog, callNext, displayUrl, finish, issueMany, openDesks, shortClips, startServing, texts } from './scenario.js'

t.setTimeout(170_000)

t.test('a burst of ten calls is announced in order without overlap', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  const display = await aDisplay(app)
  for (const [code, n] of [
    ['DD', 3],
    ['HT', 2],
    ['CT', 2],
    ['KD', 2],
    ['TKQ', 1],
  ] as const)
    await issueMany(app, kiosk, code, n)
  const desks = await openDesks(app, [1, 2, 3, 4, 5, 6])
  const desk = (n: number) => desks.get(n)!

  const browser = await launch(t)
  const { page, errors } = await newPage(browser)
  // Short clips behind the whole chime: the ten calls still queue up behind the first announcement,
  // and the ten are said in 30 s instead of 70.
  await shortClips(page)
  await page.goto(displayUrl(app, display))
  await page.locator('[data-testid="counter-row"][data-counter="6"]').waitFor({ timeout: 15_000 })

  const calls: { ticket: TicketView; counter: number }[] = []
  const called = async (counter: number, ticket: Promise<TicketView>) => calls.push({ ticket: await ticket, counter })
  for (const n of [1, 2, 3, 4, 5, 6]) await called(n, callNext(app, desk(n)))
  for (const n of [1, 3, 4, 5]) {
    const current = calls.find((c) => c.counter === n)!.ticket
    await finish(app, desk(n), await startServing(app, desk(n), current))
    await called(n, callNext(app, desk(n)))
  }
  t.same(
    calls.map((c) => `${c.ticket.number}@${c.counter}`),
    ['1001@1', '1002@2', '2001@3', '3001@4', '4001@5', 'T001@6', '1003@1', '2002@3', '3002@4', '4002@5'],
    'ten calls at six counters',
  )
  const expected = calls.map((c) => announcementWords(c.ticket.number, c.counter, { reading: 'whole', languages: ['vi'] }))

  await page.locator('[data-testid="latest-number"]').filter({ hasText: '4002' }).waitFor({ timeout: 10_000 })
  t.same(await texts(page, 'latest-counter'), ['5'], 'the screen shows the last call at once')
  try {
    await page.waitForFunction(
      (want) => {
        const log = window.__qmsAudioLog ?? []
        return log.length >= want.count && log[want.count - 1]!.length >= want.lastLength
      },
      { count: expected.length, lastLength: expected[expected.length - 1]!.length },
      { timeout: 140_000, polling: 500 },
    )
  } catch {
    // Fall through: the assertion shows what was played.
  }
  const log = await audioLog(page)
  t.equal(log.length, expected.length, 'ten announcements, no call dropped or said twice')
  t.same(log, expected, 'each announcement whole and in the order the calls were made')
  t.same(errors, [], 'no errors in the page')
})
