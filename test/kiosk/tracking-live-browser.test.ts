/**
 * The ticket page on a phone (390×844) in real Chromium, following the ticket live: the call shows
 * without a reload, with a banner naming the counter, a chime once the citizen tapped "Báo khi đến
 * lượt", and a vibration; with the socket blocked, the page falls back to polling.
 */
import t from 'tap'
import type { IssuedTicket } from '../../shared/types.js'
import { aDevice, baseUrl, build, counterId, issue, login, serviceId, type Tap } from '../helpers/build.js'
import { launch, newPage, screenshot, SKIP_BROWSER } from '../helpers/browser.js'

const PHONE = { width: 390, height: 844 }

/** Records what the page asks the vibration motor to do (headless Chromium has none). */
const RECORD_VIBRATION = () => {
  const calls: unknown[] = []
  ;(window as unknown as { vibrations: unknown[] }).vibrations = calls
  navigator.vibrate = ((pattern: unknown) => {
    calls.push(pattern)
    return true
  }) as typeof navigator.vibrate
}

async function centreWithQueue(t: Tap) {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const hoTich = await serviceId(app, 'HT')
  const chungThuc = await serviceId(app, 'CT')
  // A morning queue at counter 3, which serves Hộ tịch before Chứng thực.
  for (let i = 0; i < 3; i++) await issue(app, kiosk, { serviceId: chungThuc })
  const mine = (await issue(app, kiosk, { serviceId: chungThuc })).json() as IssuedTicket
  for (let i = 0; i < 5; i++) await issue(app, kiosk, { serviceId: hoTich })
  const staff = await login(app, 'canbo3')
  const counter = await counterId(app, 3)
  await app.inject({ method: 'POST', url: `/api/counters/${counter}/open`, headers: staff.headers })
  const callNext = async () =>
    (await app.inject({ method: 'POST', url: `/api/counters/${counter}/call-next`, headers: staff.headers })).json() as { id: number; number: string }
  const finish = async (id: number) => {
    await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${id}/start`, headers: staff.headers })
    await app.inject({ method: 'POST', url: `/api/counters/${counter}/tickets/${id}/finish`, headers: staff.headers })
  }
  const url = `${baseUrl(app)}${new URL(mine.trackingUrl).pathname}`
  return { app, mine, url, callNext, finish }
}

t.test('the call shows on the phone without a reload: banner, chime and vibration', { skip: SKIP_BROWSER }, async (t) => {
  const { mine, url, callNext, finish } = await centreWithQueue(t)
  const browser = await launch(t)
  const { page, errors } = await newPage(browser, PHONE)
  await page.addInitScript(RECORD_VIBRATION)
  await page.goto(url)
  await page.locator('main[data-connection="live"]').waitFor()
  t.equal(await page.getByTestId('ahead').textContent(), '8', 'five Hộ tịch and three earlier Chứng thực go first')
  t.match(await page.getByTestId('wait').textContent(), /^Khoảng \d+ phút$/)
  t.equal(await page.getByTestId('banner').isVisible(), false, 'no banner while waiting')
  await page.getByTestId('alert').click()
  t.equal(await page.getByTestId('alert').getAttribute('aria-pressed'), 'true', 'the tap turns the alert on')
  await screenshot(page, 'tracking-live-phone-waiting')
  // Marks this very document: a reload would lose it.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true))

  for (let i = 0; i < 8; i++) await finish((await callNext()).id)
  await page.getByTestId('ahead').filter({ hasText: /^0$/ }).waitFor()
  t.equal(await page.getByTestId('wait').textContent(), 'Sắp đến lượt', 'the figures follow the queue live')

  const called = await callNext()
  t.equal(called.id, mine.ticket.id)
  await page.getByTestId('banner').waitFor({ state: 'visible' })
  t.equal(await page.getByTestId('banner-counter').textContent(), '3', 'the banner names the counter')
  t.equal(await page.getByTestId('status').textContent(), 'Mời Ông/Bà đến quầy số 3')
  t.equal(await page.getByTestId('figures').isVisible(), false, 'no wait figures once called')
  t.ok(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), 'without a reload')
  t.equal(await page.evaluate(() => document.documentElement.dataset.chimed), '1', 'the chime rang once')
  const vibrations = await page.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations)
  t.same(vibrations.at(-1), [400, 150, 400, 150, 700], 'and the phone vibrated')
  t.match(await page.title(), /^▶ 3 · /, 'the tab title says so too')
  await screenshot(page, 'tracking-live-phone-called')

  await finish(mine.ticket.id)
  await page.getByTestId('rate').waitFor()
  t.same(errors, [], 'no errors in the page (no CSP refusals either)')
})

t.test('with the socket blocked the page polls and still shows the call', { skip: SKIP_BROWSER }, async (t) => {
  const { mine, url, callNext, finish } = await centreWithQueue(t)
  const browser = await launch(t)
  const { page } = await newPage(browser, PHONE)
  await page.route('**/socket.io/**', (route) => route.abort())
  await page.goto(url)
  await page.locator('main[data-connection="offline"]').waitFor({ timeout: 30_000 })
  t.match(await page.getByTestId('live').textContent(), 'Đang kết nối lại', 'the page says it is not live')
  for (let i = 0; i < 8; i++) await finish((await callNext()).id)
  t.equal((await callNext()).id, mine.ticket.id)
  await page.getByTestId('banner').waitFor({ state: 'visible', timeout: 60_000 })
  t.equal(await page.getByTestId('banner-counter').textContent(), '3', 'the poll brought the call')
  await screenshot(page, 'tracking-live-phone-offline-called')
})
