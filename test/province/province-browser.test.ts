/**
 * The province's screens in real Chromium: the province administrator lists the centres, opens one
 * from the catalogue through the dialog (listed, and on the server with the fields chosen), edits
 * and deactivates it (asked first), moves to a commune with the top bar's switcher and sees that
 * commune's services, compares the centres in the report (sorted by median wait, exported to CSV,
 * printed without the app), and a commune's staff member sees neither the province nor a switcher.
 * Screenshots: test/artifacts/province-*.png.
 */
import t from 'tap'
import type { Locator, Page } from 'playwright-core'
import type { ProvinceReport } from '../../shared/reports.js'
import type { SiteView } from '../../shared/types.js'
import { PASSWORD, baseUrl, build, login } from '../helpers/build.js'
import { SKIP_BROWSER, downloaded, launch, newPage, screenshot, until } from '../helpers/browser.js'

async function logIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/counter/`)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
}

/** Page errors, without the 401 of the session check before login. */
const realErrors = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e))

const codesIn = (rows: Locator) => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')))

t.test('the province administrator runs the province from the browser', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true, env: { DEMO_COMMUNES: '2', DEMO_HISTORY_DAYS: '14' } })
  const url = baseUrl(app)
  const admin = await login(app, 'admin')
  const sitesOnServer = async () => (await app.inject({ method: 'GET', url: '/api/province/sites', headers: admin.headers })).json().sites as SiteView[]
  const phuLoc = (await sitesOnServer()).find((s) => s.code === 'XA-PHULOC')!

  const browser = await launch(t)
  const { page, errors } = await newPage(browser, { width: 1366, height: 768 })
  await logIn(page, url, 'admin')

  // The switcher lists every centre; the province is in the navigation.
  const switcher = page.locator('qms-top-bar select[data-switcher]')
  await switcher.waitFor()
  t.equal(await switcher.locator('option').count(), 3, 'the switcher offers the three centres')
  t.equal(await page.getByLabel('Trung tâm đang làm việc').count(), 1, 'the switcher is labelled')
  await page.locator('qms-top-bar nav a', { hasText: 'Tỉnh' }).click()

  // Centres.
  const centres = page.locator('qms-province-centres')
  await centres.locator('tr[data-code="XA-PHULOC"]').waitFor()
  t.same(
    await codesIn(centres.locator('tbody tr')),
    (await sitesOnServer()).map((s) => s.code),
    'every centre, in the server’s order',
  )
  t.match(
    await centres.locator('tr[data-code="XA-PHULOC"]').textContent(),
    /Thôn Phú Lộc, xã Phú Lộc.*Đang hoạt động.*Tiếng Việt/s,
    'address, state and languages',
  )
  await screenshot(page, 'province-centres')

  // A new centre from the catalogue: three fields, English offered too.
  await centres.locator('[data-action="new"]').click()
  const form = centres.locator('dialog.centre form')
  await form.locator('input[name=name]').fill('Trung tâm Phục vụ hành chính công phường Tân Hưng Thuận')
  await form.locator('input[name=nameEn]').fill('Tan Hung Thuan Ward Public Administrative Service Centre')
  await form.locator('input[name=code]').fill('PH-TANHUNG')
  await form.locator('input[name=address]').fill('Số 1 đường Tân Hưng, phường Tân Hưng Thuận')
  await form.locator('input[name=language][value=en]').check()
  for (const code of ['KD', 'XD', 'LD', 'TN', 'TKQ']) await form.locator(`input[name=catalogue][value=${code}]`).uncheck()
  await screenshot(page, 'province-new-centre')
  await form.locator('button[type=submit]').click()
  await centres.locator('tr[data-code="PH-TANHUNG"]').waitFor()
  t.match(await centres.locator('.notice').textContent(), /Đã mở trung tâm/, 'the opening is confirmed')
  const opened = (await sitesOnServer()).find((s) => s.code === 'PH-TANHUNG')
  t.match(opened, { name: 'Trung tâm Phục vụ hành chính công phường Tân Hưng Thuận', languages: ['vi', 'en'], active: true }, 'stored on the server')
  const services = (await app.store.read((r) => r.services.all(opened!.id))).map((s) => s.code)
  t.same(services, ['DD', 'HT', 'CT'], 'with the three fields chosen from the catalogue')
  await until(
    'the switcher to list the new centre',
    () => switcher.locator('option').count(),
    (n) => n === 4,
  )

  // Edited, then deactivated after saying yes.
  await centres.locator('tr[data-code="PH-TANHUNG"] [data-action="edit"]').click()
  await form.locator('input[name=address]').fill('Số 3 đường Tân Hưng, phường Tân Hưng Thuận')
  await form.locator('input[name=active]').uncheck()
  await form.locator('button[type=submit]').click()
  await centres.locator('qms-admin-confirm [data-confirm]').click()
  await centres.locator('tr[data-code="PH-TANHUNG"].muted').waitFor()
  t.match(
    (await sitesOnServer()).find((s) => s.code === 'PH-TANHUNG'),
    { address: 'Số 3 đường Tân Hưng, phường Tân Hưng Thuận', active: false },
    'edited and deactivated',
  )
  await until(
    'the switcher to drop the deactivated centre',
    () => switcher.locator('option').count(),
    (n) => n === 3,
  )

  // To the commune with the switcher, from the provincial centre's services: the screen is made
  // anew at the commune, with the commune's services.
  await page.locator('qms-top-bar nav a', { hasText: 'Quản trị' }).click()
  await page.locator('qms-admin-app nav a[data-route="services"]').click()
  await page.locator('qms-admin-services tr[data-code="KD"]').waitFor()
  await switcher.selectOption(String(phuLoc.id))
  await page.locator('qms-admin-services tr[data-code="KD"]').waitFor({ state: 'detached' })
  t.equal(await page.locator('qms-admin-app nav a[data-route="services"]').getAttribute('aria-current'), 'page', 'still on the services screen')
  const communeServices = (await app.store.read((r) => r.services.all(phuLoc.id))).map((s) => s.code)
  t.same((await codesIn(page.locator('qms-admin-services tbody tr'))).sort(), [...communeServices].sort(), 'the commune’s services are listed')
  t.equal(await page.locator('qms-admin-services tr[data-code="KD"]').count(), 0, 'and not the provincial centre’s business registration')
  t.match(await switcher.getAttribute('title'), /Phú Lộc/, 'the bar names the commune')
  await screenshot(page, 'province-switched-services')

  // The report, for the fortnight of history.
  await page.locator('qms-top-bar nav a', { hasText: 'Tỉnh' }).click()
  await page.locator('qms-province-app nav a[data-route="report"]').click()
  const report = page.locator('qms-province-report')
  await report.locator('table[data-province-report]').waitFor()
  await report.locator('input[name=from]').fill('09/11/2026')
  await report.locator('input[name=to]').fill('22/11/2026')
  await report.locator('form.dates button[type=submit]').click()
  await until(
    'the fortnight’s report',
    () => report.locator('[data-period]').textContent(),
    (p) => p === '09/11/2026 – 22/11/2026',
  )
  await report.locator('[aria-busy="false"]').waitFor()
  const answer = (
    await app.inject({ method: 'GET', url: '/api/province/report?from=2026-11-09&to=2026-11-22', headers: admin.headers })
  ).json() as ProvinceReport
  if (!answer.centres) t.fail(JSON.stringify(answer))
  const rows = report.locator('tbody tr')
  t.equal(await rows.count(), answer.centres.length, 'a row per centre')
  await screenshot(page, 'province-report')

  // Sorted by median wait, both ways; a centre without figures stays last.
  const medians = answer.centres.map((c) => ({ code: c.code, median: c.figures?.wait.median ?? null }))
  const byMedian = (sign: number) =>
    [...medians].sort((a, b) => (a.median === null ? 1 : b.median === null ? -1 : sign * (a.median - b.median))).map((c) => c.code)
  t.ok(medians.filter((m) => m.median !== null).length >= 3, 'three centres have waits to compare')
  const medianHead = report.locator('th[data-column="waitMedian"]')
  await medianHead.locator('button').click()
  t.equal(await medianHead.getAttribute('aria-sort'), 'ascending')
  t.same(await codesIn(rows), byMedian(1), 'shortest median wait first')
  await medianHead.locator('button').click()
  t.equal(await medianHead.getAttribute('aria-sort'), 'descending')
  t.same(await codesIn(rows), byMedian(-1), 'longest median wait first')
  t.equal(await report.locator('th[aria-sort]').count(), 1, 'one column says it is sorted')
  const median = answer.centres.find((c) => c.code === 'XA-PHULOC')!.figures!.wait.median!
  t.equal(
    await report.locator('tr[data-code="XA-PHULOC"] td[data-column="waitMedian"]').textContent(),
    new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(median / 60_000),
    'minutes with one decimal, written the Vietnamese way',
  )

  // The CSV has every centre.
  const [download] = await Promise.all([page.waitForEvent('download'), report.locator('a[data-export="csv"]').click()])
  const csv = (await downloaded(download)).toString('utf8')
  for (const c of answer.centres) t.ok(csv.includes(c.name), `the CSV has ${c.code}`)
  t.match(download.suggestedFilename(), /2026-11-09_2026-11-22\.csv$/)

  // One field: a centre without it says so instead of figures.
  await report.locator('select[name=service]').selectOption('LD')
  await report.locator('tr[data-code="XA-PHULOC"] [data-no-figures]').waitFor()
  t.match(await report.locator('tr[data-code="XA-PHULOC"]').textContent(), /— Không có lĩnh vực này —/, 'Phú Lộc has no labour desk')
  t.not(await report.locator('tr[data-code="XA-THANHMYTAY"] td[data-column="issued"]').textContent(), '0', 'Thạnh Mỹ Tây has one')

  // Printed: the title with the period and the field, no app bar, no toolbar.
  await page.emulateMedia({ media: 'print' })
  await page.setViewportSize({ width: 794, height: 1123 })
  t.ok(await page.locator('qms-top-bar').isHidden(), 'no app bar on paper')
  t.ok(await report.locator('.toolbar').isHidden(), 'no toolbar on paper')
  t.equal(await report.locator('[data-print-title]').textContent(), 'Báo cáo so sánh các trung tâm, 09/11/2026 – 22/11/2026')
  t.match(await report.locator('[data-printed-service]').textContent(), /Lĩnh vực: LD – Lao động/)
  await screenshot(page, 'province-report-print')
  await page.emulateMedia({ media: 'screen' })
  await report.locator('select[name=service]').selectOption('')
  await page.setViewportSize({ width: 1920, height: 1080 })
  await screenshot(page, 'province-report-1920')
  await page.locator('qms-top-bar .lang button', { hasText: 'EN' }).click()
  await until(
    'the report in English',
    () => report.locator('h1:not(.print-only)').textContent(),
    (h) => h === 'Centres compared',
  )
  await screenshot(page, 'province-report-en')
  await page.locator('qms-top-bar .lang button', { hasText: 'VI' }).click()

  // People.
  await page.locator('qms-province-app nav a[data-route="people"]').click()
  await page.locator('qms-province-people tr[data-username="canbo3"] [data-assignment]').waitFor()
  t.match(await page.locator('qms-province-people tr[data-username="canbo3"]').textContent(), /Phú Lộc/, 'a rotation is listed')
  await page.setViewportSize({ width: 1366, height: 768 })
  await screenshot(page, 'province-people')

  // A commune's officer also works at the other commune, as its manager.
  const people = page.locator('qms-province-people')
  await people.locator('tr[data-username="phuloc.canbo2"] [data-action="assign"]').click()
  const thanhMyTay = (await sitesOnServer()).find((s) => s.code === 'XA-THANHMYTAY')!
  const assign = people.locator('dialog.assign form')
  await assign.locator(`input[name=site][value="${thanhMyTay.id}"]`).check()
  await assign.locator(`[data-site-id="${thanhMyTay.id}"] + select`).selectOption('manager')
  await screenshot(page, 'province-people-assign')
  await assign.locator('button[type=submit]').click()
  await people.locator(`tr[data-username="phuloc.canbo2"] [data-assignment="${thanhMyTay.id}"]`).waitFor()
  const users = (await app.inject({ method: 'GET', url: '/api/province/users', headers: admin.headers })).json().users as {
    username: string
    assignments: { siteId: number; role: string }[]
  }[]
  t.same(users.find((u) => u.username === 'phuloc.canbo2')?.assignments, [{ siteId: thanhMyTay.id, role: 'manager' }], 'the assignment is stored')

  // Drill down: to the commune's own reports.
  await page.locator('qms-province-app nav a[data-route="report"]').click()
  // A period that is not the reports screen's default (this month), so the link's period shows.
  await report.locator('input[name=from]').fill('09/11/2026')
  await report.locator('input[name=to]').fill('22/11/2026')
  await report.locator('form.dates button[type=submit]').click()
  await until(
    'the fortnight again',
    () => report.locator('[data-period]').textContent(),
    (p) => p === '09/11/2026 – 22/11/2026',
  )
  await report.locator('a[data-drill="XA-THANHMYTAY"]').click()
  await page.locator('qms-reports-app').waitFor()
  t.match(page.url(), /#\/reports\/\?from=2026-11-09&to=2026-11-22$/, 'the reports open with the period')
  await until(
    "the centre's report to cover the same period",
    () => page.locator('qms-reports-app .range').textContent(),
    (text) => (text ?? '').includes('09/11/2026') && (text ?? '').includes('22/11/2026'),
  )
  await until(
    'the bar to name Thạnh Mỹ Tây',
    () => switcher.getAttribute('title'),
    (title) => /Thạnh Mỹ Tây/.test(title ?? ''),
  )
  t.same(realErrors(errors), [], 'no page errors')

  // A commune's staff member: no province, no switcher.
  const staff = await newPage(browser, { width: 1366, height: 768 })
  await logIn(staff.page, url, 'phuloc.canbo1')
  await staff.page.locator('qms-top-bar .site').waitFor()
  await staff.page.locator('qms-console').waitFor()
  t.equal(await staff.page.locator('qms-top-bar select[data-switcher]').count(), 0, 'no switcher for one workplace')
  t.equal(await staff.page.locator('qms-top-bar nav a', { hasText: 'Tỉnh' }).count(), 0, 'no province in the navigation')
  t.same(realErrors(staff.errors), [], 'no page errors for the staff member')
})
