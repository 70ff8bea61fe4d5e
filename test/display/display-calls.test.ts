/**
 * A call made at a counter through the API reaches the waiting-room display: the number and the
 * counter appear on screen, and the announcement's clips are played in order, gapless through Web
 * Audio: each clip is handed to the browser (AudioBufferSourceNode.start) to begin exactly when the
 * previous one ends. A recall is shown and said again; the site's number reading is followed.
 * Without Web Audio (old browsers) the audio element still says every call, and so it does for an
 * announcement with a clip missing from the pack.
 */
import t from 'tap'
import type { Page } from 'playwright-core'
import { announcementWords } from '../../shared/announce.js'
import { aDevice, build, login } from '../helpers/build.js'
import { launch, newPage, SKIP_BROWSER } from '../helpers/browser.js'
import { aDisplay, audioLog, callNext, displayUrl, finish, issueMany, openDesks, recall, shortClips, startServing, texts } from './scenario.js'

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
  const kiosk = await aDevice(app, 'kiosk')
  const display = await aDisplay(app, { languages: ['vi', 'en'] })
  await issueMany(app, kiosk, 'KD', 2)
  const desks = await openDesks(app, [5])
  const desk = desks.get(5)!

  const browser = await launch(t)
  const { page, errors } = await newPage(browser)
  // Records every clip the page hands to Web Audio: when it is to start, how long it is, and the
  // context's clock at that moment (as a string: the test runner's transform may add helpers).
  await page.addInitScript({
    content: `{
      const starts = (window.__starts = [])
      const start = AudioBufferSourceNode.prototype.start
      AudioBufferSourceNode.prototype.start = function (when, ...rest) {
        starts.push({ when, duration: this.buffer.duration, now: this.context.currentTime })
        return start.call(this, when, ...rest)
      }
    }`,
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
  await announced(page, 1, expected.length)
  t.same((await audioLog(page))[0], expected, 'chime, Vietnamese, then English, clip by clip')

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

  // Gapless: within each announcement every clip was given to the browser, in advance, to start
  // exactly when the previous one ends; announcements do not overlap.
  const starts = await page.evaluate(() => (window as unknown as { __starts: Start[] }).__starts)
  t.equal(starts.length, expected.length * 2 + digits.length, 'one Web Audio source per clip, nothing through the audio element')
  const announcements = [starts.slice(0, expected.length), starts.slice(expected.length, expected.length * 2), starts.slice(expected.length * 2)]
  announcements.forEach((clips, n) => {
    const gaps = clips.slice(1).map((c, i) => Math.abs(c.when - (clips[i]!.when + clips[i]!.duration)))
    t.ok(Math.max(...gaps) < 0.002, `announcement ${n + 1}: each clip starts when the previous ends (largest gap ${(Math.max(...gaps) * 1000).toFixed(3)} ms)`)
    t.ok(
      clips.every((c) => c.duration > 0.05 && c.now <= clips[0]!.when),
      `announcement ${n + 1}: all clips scheduled before the first one starts`,
    )
  })
  for (let n = 1; n < announcements.length; n++) {
    const before = announcements[n - 1]!.at(-1)!
    t.ok(announcements[n]![0]!.when >= before.when + before.duration, `announcement ${n + 1} starts after announcement ${n} ended`)
  }
  const schedule = await page.evaluate(() => window.__qmsAudioSchedule ?? [])
  t.same(
    schedule.map((a) => a.map((c) => c.id)),
    [expected, expected, digits],
    "the display's own schedule names the same clips",
  )
  t.same(errors, [], 'no errors in the page')
})

interface Start {
  when: number
  duration: number
  now: number
}

t.test('without Web Audio the audio element says every call, clip by clip', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  const display = await aDisplay(app, { languages: ['vi', 'en'] })
  await issueMany(app, kiosk, 'KD', 1)
  const desk = (await openDesks(app, [5])).get(5)!

  const browser = await launch(t)
  const { page, errors } = await newPage(browser)
  // A browser without Web Audio; keeps a handle on the display's audio element, to replay what a stalled clip does.
  await page.addInitScript({
    content: `{
      delete window.AudioContext
      delete window.webkitAudioContext
      const play = HTMLMediaElement.prototype.play
      HTMLMediaElement.prototype.play = function () {
        window.__audio = this
        return play.call(this)
      }
    }`,
  })
  // The pack's clips cut short (the chime whole): this test is about the audio element's path, which
  // the first test's real pack does not take; 150 ms leave the stall below seconds to land mid-announcement.
  await shortClips(page, 150)
  await page.goto(displayUrl(app, display))
  await page.locator('[data-testid="counter-row"][data-counter="5"]').waitFor({ timeout: 15_000 })
  t.equal(await page.evaluate(() => typeof window.AudioContext), 'undefined', 'sanity: no Web Audio in this page')
  const called = await callNext(app, desk)
  t.equal(called.number, '4001')
  const expected = announcementWords('4001', 5, { reading: 'whole', languages: ['vi', 'en'] })
  // Mid-announcement a clip stalls and resumes: the element fires `playing` again for it.
  await page.waitForFunction(() => ((window.__qmsAudioLog ?? [])[0]?.length ?? 0) >= 2, undefined, { timeout: 20_000 })
  const saidAtStall = await page.evaluate(() => {
    ;(window as unknown as { __audio: HTMLMediaElement }).__audio.dispatchEvent(new Event('playing'))
    return (window.__qmsAudioLog ?? [])[0]?.length ?? 0
  })
  t.ok(saidAtStall < expected.length, `sanity: the stall came mid-announcement (after ${saidAtStall} of ${expected.length} clips)`)
  await announced(page, 1, expected.length)
  t.same(await audioLog(page), [expected], 'the audio element played chime, Vietnamese, then English, clip by clip, a resumed clip once')
  await recall(app, desk, called)
  await announced(page, 2, expected.length)
  t.same(await audioLog(page), [expected, expected], 'the recall is said again')
  t.same(await page.evaluate(() => window.__qmsAudioSchedule), [[], []], 'nothing went through Web Audio')
  t.same(errors, [], 'no errors in the page')
})

t.test('a clip missing from the pack: that announcement is said through the audio element', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  const display = await aDisplay(app)
  await issueMany(app, kiosk, 'KD', 1)
  const desk = (await openDesks(app, [5])).get(5)!

  const browser = await launch(t)
  const { page, errors } = await newPage(browser)
  await shortClips(page)
  // A half-replaced pack: "bốn" has no file (this route, the later one, wins over the short clips).
  await page.route('**/display/sounds/vi/bon.wav', (route) => route.fulfill({ status: 404, body: 'not found' }))
  await page.goto(displayUrl(app, display))
  await page.locator('[data-testid="counter-row"][data-counter="5"]').waitFor({ timeout: 15_000 })
  const called = await callNext(app, desk)
  t.equal(called.number, '4001')
  const expected = announcementWords('4001', 5, { reading: 'whole', languages: ['vi'] })
  t.ok(expected.includes('vi/bon'), 'sanity: the sentence needs "bốn"')
  const played = expected.filter((id) => id !== 'vi/bon')
  await announced(page, 1, played.length)
  t.same(await audioLog(page), [played], 'every clip with a file is played by the audio element (the missing one is left to speech synthesis)')
  t.same(await page.evaluate(() => window.__qmsAudioSchedule), [[]], 'nothing half-played through Web Audio')
  // The 404 is the browser's own console line for the missing file; nothing else.
  t.same(
    errors.filter((e) => !/404|Not Found/i.test(e)),
    [],
    'no errors in the page',
  )
})
