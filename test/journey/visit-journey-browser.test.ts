/**
 * One citizen's visit end to end, as people see it, in real Chromium on SQLite: the kiosk (portrait)
 * takes Hộ tịch → "Đăng ký khai sinh" found by a toneless search, shows the papers and gives a
 * number; the rating device on counter 1's desk (1280×800) idles, then shows the officer and the
 * number; the counter console (1366×768, canbo1 at counter 1, set to serve Hộ tịch) calls, starts
 * and finishes with outcome "received" and a scanned case code; the device asks, the citizen taps
 * "Hài lòng", it thanks and idles; the manager's reports and the database carry it all.
 * Screenshots: test/artifacts/journey-*.png.
 */
import t from 'tap'
import { PASSWORD, aDevice, baseUrl, build, counterId, login, serviceId, sqlRows } from '../helpers/build.js'
import { launch, newPage, screenshot, SKIP_BROWSER } from '../helpers/browser.js'

const CASE_CODE = '000.00.12.H12-261207-0001'
/** The test clock's day (MONDAY_8AM in test/helpers/build.ts), in the site's time zone. */
const TODAY = '2026-11-23'

t.setTimeout(90_000)

t.test('a visit: kiosk → counter console → rating device → reports', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const url = baseUrl(app)
  const admin = await login(app, 'admin')
  const one = await counterId(app, 1)
  const ht = await serviceId(app, 'HT')
  const ct = await serviceId(app, 'CT')
  const khaiSinh = (await sqlRows<{ id: number }>(app, "select id from procedures where code = 'HT-001'"))[0]!.id

  // Counter 1 serves Đăng ký đất đai only in the demo: the administrator sets it to Hộ tịch.
  const patched = await app.inject({ method: 'PATCH', url: `/api/admin/counters/${one}`, headers: admin.headers, payload: { serviceIds: [ht, ct] } })
  t.equal(patched.statusCode, 200, 'counter 1 now serves Hộ tịch')
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const ratingDevice = await aDevice(app, 'rating', { counterId: one })
  const browser = await launch(t)

  // 1. The kiosk.
  const k = await newPage(browser, { width: 1080, height: 1920 })
  await k.page.goto(`${url}/kiosk/#token=${kiosk.token}`)
  await k.page.locator('qms-service-tile button[data-service="HT"][aria-disabled="false"]').click()
  const picker = k.page.locator('qms-procedure-picker')
  t.match(await picker.locator('h2').innerText(), /Hộ tịch: chọn thủ tục/)
  await picker.getByTestId('procedure-search').click()
  for (const key of [...'dang ky khai sinh']) await picker.locator(`.key[data-key="${key === ' ' ? 'space' : key}"]`).click()
  t.equal((await picker.locator('.procedure:not(.other) .name').allInnerTexts())[0], 'Đăng ký khai sinh', 'the toneless search finds it first')
  await picker.locator('button[data-procedure="HT-001"]').click()
  const papers = picker.getByTestId('papers')
  await papers.waitFor()
  t.match(await papers.innerText(), /Giấy tờ cần mang theo[\s\S]*Tờ khai đăng ký khai sinh[\s\S]*Giấy chứng sinh/, 'the papers to bring')
  await picker.getByTestId('take-number').click()
  const result = k.page.locator('qms-ticket-result')
  await result.getByTestId('result-procedure').waitFor()
  t.match(await result.getByTestId('result-procedure').innerText(), /Thủ tục: Đăng ký khai sinh/, 'the ticket shows the procedure')
  const number = (await result.getByTestId('ticket-number').innerText()).trim()
  t.match(number, /^\d{4}$/, `a number: ${number}`)
  await screenshot(k.page, 'journey-kiosk-procedure')
  t.same(k.errors, [], 'no kiosk page errors')

  // 2. The rating device on counter 1's desk, idle.
  const r = await newPage(browser, { width: 1280, height: 800 })
  const rating = r.page.locator('qms-rating-app')
  await r.page.goto(`${url}/kiosk/rating.html#token=${ratingDevice.token}`)
  await rating.getByTestId('idle').waitFor()
  t.equal(await rating.getByTestId('counter').textContent(), 'Quầy 1', 'the device belongs to counter 1')
  t.equal(await rating.getByTestId('serving').count(), 0, 'nobody served yet')

  // 3. The counter console: canbo1 at counter 1 calls, starts and finishes.
  const c = await newPage(browser, { width: 1366, height: 768 })
  await c.page.goto(`${url}/counter/`)
  await c.page.getByLabel('Tên đăng nhập').fill('canbo1')
  await c.page.getByLabel('Mật khẩu').fill(PASSWORD)
  await c.page.getByRole('button', { name: 'Đăng nhập' }).click()
  await c.page.locator('qms-counter-picker li[data-counter="1"] button').click()
  t.equal(await c.page.locator('[data-counter-title]').textContent(), 'Quầy 1')
  await c.page.locator('[data-action="callNext"]:not([disabled])').click()
  await c.page.locator('qms-current-ticket [data-state="called"]').waitFor()
  t.equal((await c.page.locator('[data-current-number]').innerText()).trim(), number, "the console calls the citizen's number")
  t.match(await c.page.locator('[data-current-procedure]').innerText(), /Thủ tục: Đăng ký khai sinh/)
  await rating.getByTestId('serving').filter({ hasText: number }).waitFor()
  t.match(await rating.locator('.serving').innerText(), /Mời công dân có số/, 'the device shows the number called')
  t.equal(await rating.getByTestId('officer').textContent(), 'Nguyễn Thị Lan', "the rating device shows the officer's name")

  await c.page.locator('[data-action="start"]:not([disabled])').click()
  await c.page.locator('qms-current-ticket [data-state="serving"]').waitFor()
  await rating.locator('.serving .label', { hasText: 'Đang phục vụ số' }).waitFor()
  t.equal((await rating.getByTestId('serving').innerText()).trim(), number, 'the device shows the number being served')

  await c.page.locator('[data-action="finish"]:not([disabled])').click()
  const dialog = c.page.locator('qms-finish-dialog')
  await dialog.locator('dialog[open]').waitFor()
  t.equal(await dialog.locator('[data-row="0"] select').inputValue(), String(khaiSinh), "the ticket's procedure is chosen")
  await dialog.locator('[data-row="0"] [data-outcome="received"]').click()
  // A barcode scanner: the code typed fast, then Enter (which moves on, finishing nothing).
  await c.page.keyboard.type(CASE_CODE, { delay: 5 })
  await c.page.keyboard.press('Enter')
  t.equal(await dialog.locator('[data-row="0"] input[data-field="caseCode"]').inputValue(), CASE_CODE, 'the scanned case code is in the field')
  t.equal(await dialog.locator('dialog[open]').count(), 1, "the scanner's Enter finishes nothing by itself")
  await screenshot(c.page, 'journey-console-finish')
  await dialog.locator('button[type="submit"]').click()
  await c.page.locator('qms-current-ticket [data-state="idle"]').waitFor()

  // 4. The device asks; the citizen taps "Hài lòng"; thanks, then idle.
  const question = rating.getByTestId('question')
  await question.waitFor()
  t.match(await question.innerText(), /Ông\/Bà có hài lòng với sự phục vụ của cán bộ\?/)
  t.match(await question.innerText(), new RegExp(`Nguyễn Thị Lan\\s*·\\s*Số ${number}\\s*·\\s*Quầy 1`), 'about this officer, number and counter')
  await screenshot(r.page, 'journey-rating-question')
  await question.locator('button.level', { hasText: /^\s*Hài lòng\s*$/ }).click()
  await rating.getByTestId('thanks').waitFor()
  t.match(await rating.getByTestId('thanks').innerText(), /Cảm ơn Ông\/Bà đã đánh giá!/)
  await rating.getByTestId('idle').waitFor({ timeout: 20_000 })
  t.equal(await question.count(), 0, 'idle again')
  for (const [who, errors] of [
    ['rating device', r.errors],
    ['console', c.errors],
  ] as const)
    t.same(
      errors.filter((e) => !/status of 401/.test(e)),
      [],
      `no ${who} page errors`,
    )

  // 5. What a manager sees.
  const manager = await login(app, 'lanhdao')
  const outcomes = (await app.inject({ url: `/api/reports/outcomes?from=${TODAY}&to=${TODAY}`, headers: manager.headers })).json()
  const row = outcomes.byProcedure.find((p: { procedureId: number | null }) => p.procedureId === khaiSinh)
  t.match(
    row,
    { procedureName: 'Đăng ký khai sinh', counts: { received: 1, total: 1 }, rating: { count: 1, satisfied: 1 } },
    'one dossier received for Đăng ký khai sinh, and its citizen satisfied',
  )
  t.equal(outcomes.total.received, 1)
  const summary = (await app.inject({ url: `/api/reports/summary?from=${TODAY}&to=${TODAY}`, headers: manager.headers })).json()
  t.match(
    summary.totals.rating,
    { count: 1, levels: [0, 0, 0, 1, 0], satisfiedShare: 1, device: { count: 1, satisfiedShare: 1 }, phone: { count: 0 } },
    'the satisfaction figures: one "Hài lòng" from the device',
  )
  const joined = await sqlRows<{ score: number; channel: string; number: string; procedureId: number; outcome: string; caseCode: string; counterId: number }>(
    app,
    `select r.score, r.channel, r.counter_id as "counterId", t.number, t.procedure_id as "procedureId", o.outcome, o.case_code as "caseCode"
       from ratings r join tickets t on t.id = r.ticket_id join visit_outcomes o on o.ticket_id = t.id`,
  )
  t.same(
    joined,
    [{ score: 4, channel: 'device', counterId: one, number, procedureId: khaiSinh, outcome: 'received', caseCode: CASE_CODE }],
    'the rating, its ticket with the procedure, and the outcome with the case code',
  )
})
