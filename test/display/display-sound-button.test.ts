/**
 * A display started without the kiosk flags is under Chrome's default autoplay policy: the first
 * announcement is blocked. The screen then offers one button; one tap and the call that waited is
 * said in full.
 *
 * Headless Chromium plays audio without a gesture whatever `--autoplay-policy` says, so the page
 * gets Chrome's rule as an init script: unmuted `play()` is refused with NotAllowedError, and an
 * AudioContext stays suspended (its `resume()` pending), until the page has had a user activation
 * (a trusted key or pointer event); muted play is allowed.
 */
import t from 'tap'
import { chromium } from 'playwright-core'
import { announcementWords } from '../../shared/announce.js'
import { aDevice, build } from '../helpers/build.js'
import { chromiumPath, screenshot, SKIP_BROWSER } from '../helpers/browser.js'
import { aDisplay, audioLog, callNext, displayUrl, issueMany, openDesks, recall, shortClips } from './scenario.js'

t.setTimeout(110_000)

// As a string: the test runner's TypeScript transform may add helpers a browser does not have.
// Activation is tracked from trusted input events only, because Playwright's own evaluate calls
// (used by its locators) count as user gestures for navigator.userActivation.
const CHROME_AUTOPLAY_RULE = `{
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
  // Web Audio under the same rule: a context starts suspended and resume() waits for a gesture.
  const Context = window.AudioContext
  if (Context) {
    window.AudioContext = class extends Context {
      constructor(...args) {
        super(...args)
        if (!activated) super.suspend()
      }
      resume() {
        return activated ? super.resume() : new Promise(() => {})
      }
    }
  }
}`

t.test('blocked audio shows "enable sound"; one tap says the waiting call', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  const display = await aDisplay(app)
  await issueMany(app, kiosk, 'HT', 1)
  const desks = await openDesks(app, [3])

  // Chrome's own default policy, as on a TV where nobody set the kiosk flags.
  const browser = await chromium.launch({
    executablePath: chromiumPath!,
    args: ['--no-sandbox', '--disable-gpu'],
  })
  t.teardown(() => browser.close())
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' })
  await context.addInitScript({ content: CHROME_AUTOPLAY_RULE })
  const page = await context.newPage()
  // The pack's clips cut short (the chime whole): what is said after the tap, not how it sounds.
  await shortClips(page)
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
  t.same(
    (await page.evaluate(() => window.__qmsAudioSchedule ?? [])).map((a) => a.map((c) => c.id)),
    [expected],
    'through Web Audio, resumed by the tap',
  )
  await button.waitFor({ state: 'detached', timeout: 10_000 })
  t.pass('the button goes away once sound works')
})

const TV_SIZES = [
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
  { width: 3840, height: 2160 },
  { width: 1080, height: 1920 },
]

t.test('the "enable sound" button covers neither the waiting counts nor the call panel', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  for (const [code, n] of [
    ['DD', 4],
    ['HT', 3],
    ['CT', 2],
    ['KD', 2],
    ['TKQ', 2],
  ] as const)
    await issueMany(app, kiosk, code, n)
  const desks = await openDesks(app, [1, 3, 6])
  await callNext(app, desks.get(1)!)
  await callNext(app, desks.get(6)!)
  const calling = await callNext(app, desks.get(3)!)

  const browser = await chromium.launch({ executablePath: chromiumPath!, args: ['--no-sandbox', '--disable-gpu'] })
  t.teardown(() => browser.close())
  for (const size of TV_SIZES) {
    for (const languages of [['vi'], ['vi', 'en']] as const) {
      const name = `${size.width}x${size.height} ${languages.join('+')}`
      const display = await aDisplay(app, { languages: [...languages] })
      const context = await browser.newContext({ viewport: size, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' })
      await context.addInitScript({ content: CHROME_AUTOPLAY_RULE })
      const page = await context.newPage()
      await page.goto(displayUrl(app, display))
      await page.locator('[data-testid="latest-number"]').waitFor({ timeout: 15_000 })
      // A recall made while the page is open is refused by the autoplay rule: the button appears.
      await recall(app, desks.get(3)!, calling)
      const button = page.locator('[data-testid="enable-sound"]')
      try {
        await button.waitFor({ timeout: 20_000 })
      } catch {
        // Fall through: the assertion says the button is missing.
      }
      t.equal(await button.count(), 1, `${name}: the button is shown`)
      await page.evaluate(() => document.fonts.ready.then(() => undefined))
      const overlaps = await page.evaluate(() => {
        const app = document.querySelector('qms-display-app')!.shadowRoot!
        const button = app.querySelector('qms-sound-button')!.getBoundingClientRect()
        const parts: [string, Element][] = [
          ['call panel', app.querySelector('qms-latest-call')!],
          ['recent calls', app.querySelector('qms-recent-calls')!],
          ['clock', app.querySelector('qms-clock')!],
          ['site name', app.querySelector('.site-name')!],
        ]
        const strip = app.querySelector('qms-waiting-services')!
        for (const tile of strip.shadowRoot!.querySelectorAll('[data-testid="waiting"]'))
          parts.push([`waiting ${tile.textContent?.replace(/\s+/g, ' ').trim()}`, tile])
        const board = app.querySelector('qms-counter-board')!
        for (const row of board.shadowRoot!.querySelectorAll('[data-testid="counter-row"]'))
          parts.push([`counter row ${row.getAttribute('data-counter')}`, row])
        const out: string[] = []
        if (button.left < 0 || button.top < 0 || button.right > innerWidth || button.bottom > innerHeight) out.push('the button leaves the screen')
        for (const [label, el] of parts) {
          const r = el.getBoundingClientRect()
          if (button.left < r.right && r.left < button.right && button.top < r.bottom && r.top < button.bottom) out.push(label)
        }
        return out
      })
      t.same(overlaps, [], `${name}: the button overlaps nothing on the board`)
      await screenshot(page, `display-enable-sound-${size.width}x${size.height}-${languages.join('-')}`)
      await context.close()
    }
  }
})
