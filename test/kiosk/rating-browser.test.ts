/**
 * The rating device on a counter's desk, in Chromium: paired by its code to counter 1, it follows
 * the officer's call and finish, asks, takes "Không hài lòng" with a reason, thanks and idles; it
 * warns before giving up on a question and a touch gives more time. The phone page rates on the same
 * scale. Screenshots at a landscape tablet (1280×800) and a portrait one (800×1280).
 */
import t from 'tap'
import type { Page } from 'playwright-core'
import type { IssuedTicket } from '../../shared/types.js'
import { PASSWORD, aDevice, baseUrl, build, counterId, issue, login, serviceId, sqlRows, type Built } from '../helpers/build.js'
import { SKIP_BROWSER, launch, newPage, screenshot } from '../helpers/browser.js'

t.setTimeout(240_000)

async function callAndStart(built: Built, kiosk: { headers: Record<string, string> }) {
  const { app } = built
  const mine = (await issue(app, kiosk as never, { serviceId: await serviceId(app, 'DD') })).json() as IssuedTicket
  const staff = await login(app, 'canbo1')
  const one = await counterId(app, 1)
  await app.inject({ method: 'POST', url: `/api/counters/${one}/open`, headers: staff.headers })
  const called = await app.inject({ method: 'POST', url: `/api/counters/${one}/call-next`, headers: staff.headers })
  await app.inject({ method: 'POST', url: `/api/counters/${one}/tickets/${called.json().id}/start`, headers: staff.headers })
  const finish = () => app.inject({ method: 'POST', url: `/api/counters/${one}/tickets/${called.json().id}/finish`, headers: staff.headers })
  return { mine, staff, one, number: called.json().number as string, ticketId: called.json().id as number, finish }
}

const app = (page: Page) => page.locator('qms-rating-app')

t.test('paired by code to counter 1: follows the officer, asks, takes a reason, thanks and idles', { skip: SKIP_BROWSER }, async (t) => {
  const built = await build(t, { listen: true })
  const url = baseUrl(built.app)
  const browser = await launch(t)
  const { page, errors } = await newPage(browser, { width: 1280, height: 800 })
  await page.goto(`${url}/kiosk/rating.html`)
  const code = app(page).locator('[data-testid="pairing-code"]')
  await code.and(page.locator('[data-code]:not([data-code=""])')).waitFor()
  const shown = (await code.getAttribute('data-code'))!
  t.match(shown, /^[A-Z0-9]{6}$/, 'an unpaired device shows a pairing code')
  await screenshot(page, 'rating-device-pairing-1280x800')

  const admin = await login(built.app, 'admin')
  const one = await counterId(built.app, 1)
  const lookup = await built.app.inject({ url: `/api/admin/pairing/${shown}`, headers: admin.headers })
  t.equal(lookup.json().kind, 'rating', 'the administrator sees a rating device')
  const confirmed = await built.app.inject({
    method: 'POST',
    url: `/api/admin/pairing/${shown}/confirm`,
    headers: admin.headers,
    payload: { name: 'Máy đánh giá quầy 1', config: { counterId: one } },
  })
  t.equal(confirmed.statusCode, 200)
  await app(page).locator('[data-testid="idle"]').waitFor()
  t.equal(await app(page).locator('[data-testid="counter"]').textContent(), 'Quầy 1', 'it starts by itself at counter 1')

  const kiosk = await aDevice(built.app, 'kiosk', { printer: { kind: 'none' } })
  const visit = await callAndStart(built, kiosk)
  await app(page).locator('[data-testid="serving"]').filter({ hasText: visit.number }).waitFor()
  t.equal(await app(page).locator('[data-testid="officer"]').textContent(), 'Nguyễn Thị Lan', "the officer's name")
  await screenshot(page, 'rating-device-serving-1280x800')

  await visit.finish()
  const question = app(page).locator('[data-testid="question"]')
  await question.waitFor()
  t.match(await question.innerText(), /Ông\/Bà có hài lòng với sự phục vụ của cán bộ\?/)
  t.same(
    await question.locator('button.level span').allTextContents(),
    ['Rất hài lòng', 'Hài lòng', 'Bình thường', 'Không hài lòng', 'Rất không hài lòng'],
    'the five levels, best first',
  )
  const box = await question.locator('button.level').first().boundingBox()
  t.ok(box && box.width >= 150 && box.height >= 150, `big touch targets: ${JSON.stringify(box)}`)
  await screenshot(page, 'rating-device-question-1280x800')

  await question.locator('button.level', { hasText: /^\s*Không hài lòng\s*$/ }).click()
  const reasons = app(page).locator('[data-testid="reasons"]')
  await reasons.waitFor()
  t.same(
    (await reasons.locator('button.choice').allTextContents()).map((s) => s.trim().replace(/^✓/, '')),
    ['Thời gian chờ lâu', 'Cán bộ hướng dẫn chưa rõ', 'Thái độ chưa tốt', 'Phải đi lại nhiều lần', 'Khác'],
    'the reasons are asked',
  )
  await reasons.locator('button.choice', { hasText: 'Thời gian chờ lâu' }).click()
  t.equal(await reasons.locator('button.choice[aria-pressed="true"]').count(), 1)
  await screenshot(page, 'rating-device-reasons-1280x800')
  await reasons.locator('[data-testid="send"]').click()
  await app(page).locator('[data-testid="thanks"]').waitFor()
  t.match(await app(page).locator('[data-testid="thanks"]').innerText(), /Cảm ơn Ông\/Bà đã đánh giá!/)
  await screenshot(page, 'rating-device-thanks-1280x800')

  const rows = await sqlRows<{ score: number; channel: string; reasons: unknown; counterId: number; staffId: number }>(
    built.app,
    'select score, channel, reasons, counter_id as "counterId", staff_id as "staffId" from ratings',
  )
  t.equal(rows.length, 1)
  const row = rows[0]!
  t.same(
    { ...row, reasons: typeof row.reasons === 'string' ? JSON.parse(row.reasons) : row.reasons },
    { score: 2, channel: 'device', reasons: ['Thời gian chờ lâu'], counterId: one, staffId: visit.staff.id },
    'recorded once: Không hài lòng, its reason, the counter and the officer, from the device',
  )
  // Back to idle by itself.
  await app(page).locator('[data-testid="idle"]').waitFor({ timeout: 15_000 })
  t.equal(await app(page).locator('[data-testid="question"]').count(), 0, 'idle again, no question left')
  t.same(
    errors.filter((e) => !/status of 401/.test(e)),
    [],
    'no page errors',
  )
})

t.test('the idle warning: ten seconds left, a touch gives more time, then the device idles', { skip: SKIP_BROWSER }, async (t) => {
  const built = await build(t, { listen: true })
  const one = await counterId(built.app, 1)
  const device = await aDevice(built.app, 'rating', { counterId: one })
  const kiosk = await aDevice(built.app, 'kiosk', { printer: { kind: 'none' } })
  const browser = await launch(t)
  const { page } = await newPage(browser, { width: 800, height: 1280 })
  await page.clock.install()
  await page.goto(`${baseUrl(built.app)}/kiosk/rating.html#token=${device.token}`)
  await app(page).locator('[data-testid="idle"]').waitFor()
  const visit = await callAndStart(built, kiosk)
  await app(page).locator('[data-testid="serving"]').filter({ hasText: visit.number }).waitFor()
  await screenshot(page, 'rating-device-serving-800x1280')
  await visit.finish()
  const question = app(page).locator('[data-testid="question"]')
  await question.waitFor()
  await screenshot(page, 'rating-device-question-800x1280')

  const warning = app(page).locator('[data-testid="idle-warning"]')
  t.equal(await warning.count(), 0, 'no warning at first')
  await page.clock.fastForward(50_500)
  await warning.waitFor()
  t.match(await warning.innerText(), /Còn (10|9) giây…\s*Chạm để thêm thời gian/, 'ten seconds left, and how to get more')
  await screenshot(page, 'rating-device-idle-warning-800x1280')
  // A touch anywhere (the warning goes on the touch's pointerdown, before its click lands).
  await page.mouse.click(400, 640)
  await warning.waitFor({ state: 'detached' })
  t.ok(await question.isVisible(), 'a touch: the question stays, with its full time again')
  await page.clock.fastForward(30_000)
  t.ok(await question.isVisible(), 'still asking 30 s later')
  t.equal(await warning.count(), 0)

  await question.locator('button.level', { hasText: /^\s*Rất không hài lòng\s*$/ }).click()
  await app(page).locator('[data-testid="reasons"]').waitFor()
  await app(page).locator('[data-testid="reasons"] button.choice', { hasText: 'Thái độ chưa tốt' }).click()
  await screenshot(page, 'rating-device-reasons-800x1280')
  // Nobody answers: the warning, then idle without a rating.
  await page.clock.fastForward(61_000)
  await app(page).locator('[data-testid="idle"]').waitFor()
  t.equal(await app(page).locator('[data-testid="reasons"]').count(), 0, 'left unanswered: back to idle')
  t.same(await sqlRows(built.app, 'select id from ratings'), [], 'and nothing recorded')
})

t.test('the phone page rates on the same five-level scale, with the reasons', { skip: SKIP_BROWSER }, async (t) => {
  const built = await build(t, { listen: true })
  const kiosk = await aDevice(built.app, 'kiosk', { printer: { kind: 'none' } })
  const visit = await callAndStart(built, kiosk)
  await visit.finish()
  const browser = await launch(t)
  const { page } = await newPage(browser, { width: 390, height: 844 })
  await page.goto(new URL(visit.mine.trackingUrl).pathname.replace(/^/, baseUrl(built.app)))
  const rate = page.locator('[data-testid="rate"]')
  await rate.waitFor()
  t.same(
    (await rate.locator('button').allTextContents()).map((s) => s.trim()),
    ['Rất hài lòng', 'Hài lòng', 'Bình thường', 'Không hài lòng', 'Rất không hài lòng'],
  )
  await screenshot(page, 'tracking-rate-five-levels-390x844')
  await rate.locator('button', { hasText: /^Không hài lòng$/ }).click()
  const reasons = page.locator('[data-testid="reasons"]')
  await reasons.waitFor()
  await reasons.getByLabel('Cán bộ hướng dẫn chưa rõ').check()
  await screenshot(page, 'tracking-rate-reasons-390x844')
  await reasons.locator('button.send').click()
  await page.locator('[data-testid="rated"]').waitFor()
  t.match(await page.locator('[data-testid="rated"]').textContent(), 'Cảm ơn Ông/Bà đã đánh giá: “Không hài lòng”.')
  const [row] = await sqlRows<{ score: number; channel: string; reasons: unknown }>(built.app, 'select score, channel, reasons from ratings')
  t.same(
    { ...row, reasons: typeof row?.reasons === 'string' ? JSON.parse(row.reasons) : row?.reasons },
    {
      score: 2,
      channel: 'phone',
      reasons: ['Cán bộ hướng dẫn chưa rõ'],
    },
  )
})

t.test('the administrator sets the scale and the reasons in Cài đặt chung', { skip: SKIP_BROWSER }, async (t) => {
  const built = await build(t, { listen: true })
  const browser = await launch(t)
  const { page } = await newPage(browser, { width: 1366, height: 768 })
  await page.goto(`${baseUrl(built.app)}/counter/`)
  await page.getByLabel('Tên đăng nhập').fill('admin')
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.locator('qms-admin-app nav a[data-route="site"]').click()
  const site = page.locator('qms-admin-site')
  const reasons = site.locator('textarea[name="ratingReasons"]')
  await reasons.waitFor()
  t.match(await reasons.inputValue(), /^Thời gian chờ lâu \| Long wait\n/, 'the default list, one a line')
  await site.locator('select[name="ratingScale"]').selectOption('4')
  await reasons.fill('Thời gian chờ lâu | Long wait\nPhòng chờ chật | Crowded waiting room\nKhác | Other')
  await reasons.scrollIntoViewIfNeeded()
  await screenshot(page, 'admin-site-rating-1366x768')
  await site.locator('button[type="submit"]').click()
  await site.locator('.notice').first().waitFor()
  const stored = (await built.app.inject({ url: '/api/admin/site', headers: (await login(built.app, 'admin')).headers })).json().site
  t.equal(stored.ratingScale, 4)
  t.same(
    stored.ratingReasons.map((r: { vi: string }) => r.vi),
    ['Thời gian chờ lâu', 'Phòng chờ chật', 'Khác'],
  )
})

t.test('the administrator registers a rating device at counter 2 under Thiết bị', { skip: SKIP_BROWSER }, async (t) => {
  const built = await build(t, { listen: true })
  const browser = await launch(t)
  const { page } = await newPage(browser, { width: 1366, height: 768 })
  await page.goto(`${baseUrl(built.app)}/counter/`)
  await page.getByLabel('Tên đăng nhập').fill('admin')
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.locator('qms-admin-app nav a[data-route="devices"]').click()
  const devices = page.locator('qms-admin-devices')
  await devices.locator('[data-action="new-rating"]').click()
  await devices.locator('dialog.edit input[name=name]').fill('Máy đánh giá quầy 2')
  const two = await counterId(built.app, 2)
  await devices.locator('dialog.edit select[name=counterId]').selectOption(String(two))
  await screenshot(page, 'admin-rating-device-form-1366x768')
  await devices.locator('dialog.edit button[type=submit]').click()
  const url = devices.locator('dialog.token input[name=url]')
  await url.waitFor()
  const token = await devices.locator('dialog.token input[name=token]').inputValue()
  t.equal(await url.inputValue(), `http://qms.test/kiosk/rating.html#token=${token}`, 'the setup link opens the rating page')
  const me = (await built.app.inject({ url: '/api/device/me', headers: { authorization: `Bearer ${token}` } })).json()
  t.match(me.device, { kind: 'rating', name: 'Máy đánh giá quầy 2', config: { counterId: two } })
  await devices.locator('dialog.token button.primary').click()
  const row = devices.locator(`tr[data-device-id="${me.device.id as number}"]`)
  await row.waitFor()
  t.match(await row.innerText(), /Máy đánh giá\s+Quầy 2/, 'listed as a rating device at counter 2')
})
