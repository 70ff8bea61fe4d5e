/**
 * A call made at a counter through the API reaches the waiting-room display: the number and the
 * counter appear on screen, and the audio element plays the announcement's clips in order.
 * A recall is shown and said again; the site's number reading is followed.
 */
import t from 'tap'
import type { Page } from 'playwright-core'
import { announcementWords } from '../../shared/announce.js'
import { aDevice, build, login } from '../helpers/build.js'
import { launch, newPage, SKIP_BROWSER } from '../helpers/browser.js'
import { aDisplay, audioLog, callNext, displayUrl, finish, issueMany, openDesks, recall, startServing, texts } from './scenario.js'

t.setTimeout(110_000)

/** Waits (generously) until `count` announcements have played `length` clips; the assertions say what went wrong. */
async function announced(page: Page, count: number, length: number): Promise<void> {
  try {
    await page.waitForFunction(
      (want) => (window.__qmsAudioLog ?? [])[want.count - 1]?.length === want.length,
      { count, length },
      { timeout: 40_000, polling: 250 },
    )
  } catch {
    // Fall through to the assertions.
  }
}

t.test('a call and a recall are shown and announced', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = aDevice(app, 'kiosk')
  const display = aDisplay(app, { languages: ['vi', 'en'] })
  await issueMany(app, kiosk, 'KD', 2)
  const desks = await openDesks(app, [5])
  const desk = desks.get(5)!

  const browser = await launch(t)
  const { page, errors } = await newPage(browser)
  // Keeps a handle on the display's audio element, to replay what a stalled clip does.
  await page.addInitScript(() => {
    const play = HTMLMediaElement.prototype.play
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      ;(window as unknown as { __audio: HTMLMediaElement }).__audio = this
      return play.call(this)
    }
  })
  await page.goto(displayUrl(app, display))
  await page.locator('[data-testid="counter-row"][data-counter="5"]').waitFor({ timeout: 15_000 })
  t.same(await texts(page, 'latest-number'), [], 'no call on screen before the first call')

  const called = await callNext(app, desk)
  t.equal(called.number, '4001')
  const latest = page.locator('[data-testid="latest-number"]')
  await latest.filter({ hasText: '4001' }).waitFor({ timeout: 10_000 })
  t.equal((await latest.innerText()).trim(), '4001', 'the called number is the highlighted call')
  t.equal((await page.locator('[data-testid="latest-counter"]').innerText()).trim(), '5', 'with its counter')
  const row = page.locator('[data-testid="counter-row"][data-counter="5"] [data-testid="counter-ticket"]')
  t.equal((await row.innerText()).trim(), '4001', 'counter 5 shows the number it called')

  const expected = announcementWords('4001', 5, { reading: 'whole', languages: ['vi', 'en'] })
  t.same(expected.slice(0, 3), ['chime', 'vi/moi-cong-dan-co-so', 'vi/bon'], 'sanity: the expected sequence starts with the chime')
  // Mid-announcement a clip stalls and resumes: the element fires `playing` again for it.
  await page.waitForFunction(() => ((window.__qmsAudioLog ?? [])[0]?.length ?? 0) >= 2, undefined, { timeout: 20_000 })
  await page.evaluate(() => (window as unknown as { __audio: HTMLMediaElement }).__audio.dispatchEvent(new Event('playing')))
  await announced(page, 1, expected.length)
  t.same((await audioLog(page))[0], expected, 'the audio element played chime, Vietnamese, then English, clip by clip, a resumed clip once')

  await recall(app, desk, called)
  await announced(page, 2, expected.length)
  const log = await audioLog(page)
  t.equal(log.length, 2, 'the recall is announced once more, nothing else')
  t.same(log[1], expected, 'the recall says the same sentence again')
  t.equal((await latest.innerText()).trim(), '4001', 'the recalled number is still the highlighted call')

  // The site switches to digit-by-digit reading; the next call is read that way.
  const admin = await login(app, 'admin')
  const patched = await app.inject({ method: 'PATCH', url: '/api/admin/site', headers: admin.headers, payload: { numberReading: 'digits' } })
  t.equal(patched.statusCode, 200)
  await finish(app, desk, await startServing(app, desk, called))
  const next = await callNext(app, desk)
  t.equal(next.number, '4002')
  const digits = announcementWords('4002', 5, { reading: 'digits', languages: ['vi', 'en'] })
  t.same(digits.slice(1, 6), ['vi/moi-cong-dan-co-so', 'vi/bon', 'vi/khong', 'vi/khong', 'vi/hai'], 'sanity: read digit by digit')
  await announced(page, 3, digits.length)
  t.same((await audioLog(page))[2], digits, "the site's number reading is followed")
  t.same(errors, [], 'no errors in the page')
})
