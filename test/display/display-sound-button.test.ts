/**
 * A display started without the kiosk flags is under Chrome's default autoplay policy: the first
 * announcement is blocked. The screen then offers one button; one tap and the call that waited is
 * said in full.
 *
 * Headless Chromium plays audio without a gesture whatever `--autoplay-policy` says, so the page
 * gets Chrome's rule as an init script: unmuted `play()` is refused with NotAllowedError until the
 * page has had a user activation (a trusted key or pointer event); muted play is allowed.
 */
import t from 'tap'
import { chromium } from 'playwright-core'
import { announcementWords } from '../../shared/announce.js'
import { aDevice, build } from '../helpers/build.js'
import { chromiumPath, screenshot, SKIP_BROWSER } from '../helpers/browser.js'
import { aDisplay, audioLog, callNext, displayUrl, issueMany, openDesks } from './scenario.js'

t.setTimeout(110_000)

t.test('blocked audio shows "enable sound"; one tap says the waiting call', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = aDevice(app, 'kiosk')
  const display = aDisplay(app)
  await issueMany(app, kiosk, 'HT', 1)
  const desks = await openDesks(app, [3])

  // Chrome's own default policy, as on a TV where nobody set the kiosk flags.
  const browser = await chromium.launch({
    executablePath: chromiumPath!,
    args: ['--no-sandbox', '--disable-gpu'],
  })
  t.teardown(() => browser.close())
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' })
  // As a string: the test runner's TypeScript transform may add helpers a browser does not have.
  // Activation is tracked from trusted input events only, because Playwright's own evaluate calls
  // (used by its locators) count as user gestures for navigator.userActivation.
  await context.addInitScript({
    content: `{
      let activated = false
      for (const type of ['keydown', 'mousedown', 'pointerdown', 'pointerup', 'touchend']) {
        addEventListener(type, (event) => { if (event.isTrusted) activated = true }, true)
      }
      const play = HTMLMediaElement.prototype.play
      HTMLMediaElement.prototype.play = function () {
        if (!this.muted && !activated) {
          return Promise.reject(new DOMException("play() failed because the user didn't interact with the document first.", 'NotAllowedError'))
        }
        return play.call(this)
      }
    }`,
  })
  const page = await context.newPage()
  await page.goto(displayUrl(app, display))
  await page.locator('[data-testid="counter-row"][data-counter="3"]').waitFor({ timeout: 15_000 })

  const ticket = await callNext(app, desks.get(3)!)
  t.equal(ticket.number, '2001')
  const button = page.locator('[data-testid="enable-sound"]')
  await button.waitFor({ timeout: 20_000 })
  t.match(await button.innerText(), /Bật âm thanh/, 'the button says "Bật âm thanh"')
  t.same(await audioLog(page), [], 'nothing was played while audio was blocked')
  await screenshot(page, 'display-enable-sound-1920x1080-dark')

  await button.click()
  const expected = announcementWords('2001', 3, { reading: 'whole', languages: ['vi'] })
  try {
    await page.waitForFunction((len) => (window.__qmsAudioLog ?? []).some((e) => e.length >= len), expected.length, { timeout: 30_000 })
  } catch {
    // Fall through: the assertion shows what was played.
  }
  t.same(await audioLog(page), [expected], 'after the tap the waiting call is announced, once and whole')
  await button.waitFor({ state: 'detached', timeout: 10_000 })
  t.pass('the button goes away once sound works')
})
