/**
 * The report screen in real Chromium: the manager logs in, opens the reports, sees the figures of
 * the constructed days (scenario.ts), changes the range and a filter, and downloads both exports,
 * whose content is checked. Screenshots go to test/artifacts/.
 */
import t from 'tap'
import ExcelJS from 'exceljs'
import { PASSWORD, baseUrl, build } from '../helpers/build.js'
import { SKIP_BROWSER, downloaded, launch, newPage, screenshot } from '../helpers/browser.js'
import { local, playScenario } from './scenario.js'

t.test('a manager reads, filters and exports the wait-time report', { skip: SKIP_BROWSER }, async (t) => {
  const { app, clock } = await build(t, { listen: true })
  const { ids } = await playScenario(app, clock)
  app.storage.sqlite.prepare("update sites set name = 'Trung tâm Phục vụ hành chính công tỉnh Quảng Trị' where id = 1").run()
  // The server's clock says Wednesday 25 November; the browser's own clock is real time, so the
  // screen is driven with a custom range rather than "today".
  clock.set(local(25, 9, 0))
  // Canbo3 served C, B′ and G; two of them were rated 4 (Hài lòng) and 3 (Bình thường) from the ticket page.
  const rated = app.storage.sqlite
    .prepare("select id, counter_id as counterId, staff_id as staffId from tickets where status = 'done' and staff_id = ? order by id limit 2")
    .all(ids.canbo3) as { id: number; counterId: number; staffId: number }[]
  rated.forEach((r, i) =>
    app.storage.sqlite
      .prepare('insert into ratings (site_id, ticket_id, counter_id, staff_id, score, at) values (1, ?, ?, ?, ?, ?)')
      .run(r.id, r.counterId, r.staffId, 4 - i, local(23, 12, 0)),
  )
  const browser = await launch(t)
  const { page, errors } = await newPage(browser, { width: 1600, height: 1000 })
  await page.goto(`${baseUrl(app)}/counter/#/reports`)
  await page.fill('input[name="username"]', 'lanhdao')
  await page.fill('input[name="password"]', PASSWORD)
  await page.keyboard.press('Enter')
  const reports = page.locator('qms-reports-app')
  await reports.locator('[data-kpi="kpiIssued"]').waitFor()

  // Custom range: Monday 23 to Tuesday 24 November 2026, typed the Vietnamese way.
  await reports.locator('input[name="from"]').fill('23/11/2026')
  await reports.locator('input[name="to"]').fill('24/11/2026')
  await reports.locator('form.dates button[type="submit"]').click()
  const kpi = (name: string) => reports.locator(`[data-kpi="${name}"] .value`)
  await t.resolves(kpi('kpiIssued').filter({ hasText: /^7$/ }).waitFor(), 'seven tickets issued')
  t.equal(await kpi('kpiServed').textContent(), '4')
  t.equal(await kpi('kpiNoShow').textContent(), '1')
  t.equal(await kpi('kpiWait').textContent(), '19 phút', 'mean wait 19 minutes')
  t.match(await reports.locator('[data-kpi="kpiWait"] .sub').textContent(), /trung vị 13 phút · 90% dưới 40 phút/)
  t.equal(await kpi('kpiWithin').textContent(), '83,3%')
  const services = reports.locator('[data-section="services"] tbody tr')
  t.match(await services.first().textContent(), /DD – Đất đai\s*3\s*1\s*1\s*1/)
  t.equal((await reports.locator('qms-report-chart canvas').count()) > 0, true, 'charts drawn')
  t.same(await reports.locator('qms-report-heatmap .day').allTextContents(), ['Thứ Hai', 'Thứ Ba'], 'heatmap rows')
  await screenshot(page, 'reports-range')
  const canbo3 = reports.locator('[data-section="staff"] tbody tr', { hasText: 'Lê Thị Mai' })
  t.equal(await canbo3.locator('[data-rating]').textContent(), '3,5 (2)', 'her ratings: mean 3.5 of 2')
  t.equal((await canbo3.locator('[data-satisfied]').textContent())?.trim(), '50,0%', 'one of her two Hài lòng or better')
  // The hour chart runs through every hour from the first arrival (00:01) to the last (23:xx), quiet ones included.
  const hourLabels = await reports.locator('[data-section="hours"] qms-report-chart').evaluate((el) => (el as HTMLElement & { labels: string[] }).labels)
  t.same(
    hourLabels,
    Array.from({ length: 24 }, (_, h) => `${h}h`),
    'hours 0h to 23h on the chart',
  )

  // A filter narrows every figure: Hộ tịch only.
  await reports.locator('select[name="serviceId"]').selectOption(String(ids.HT))
  await t.resolves(kpi('kpiIssued').filter({ hasText: /^2$/ }).waitFor(), 'two HT tickets issued')
  t.equal(await kpi('kpiServed').textContent(), '2')

  // Exports carry the same range and filter.
  const [csv] = await Promise.all([page.waitForEvent('download'), reports.locator('[data-export="csv"]').click()])
  t.equal(csv.suggestedFilename(), 'bao-cao-thoi-gian-cho_2026-11-23_2026-11-24.csv')
  const csvBytes = await downloaded(csv)
  t.same([...csvBytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM')
  const lines = csvBytes.subarray(3).toString('utf8').split('\r\n')
  t.match(lines[0], /^Nhóm,Mục,Số phiếu cấp,Đã phục vụ,Vắng mặt/)
  t.match(lines[1], /^Tổng hợp,Tổng cộng,2,2,0,/, 'the filtered totals')
  const [semicolon] = await Promise.all([page.waitForEvent('download'), reports.locator('[data-export="csv-semicolon"]').click()])
  const semicolonLines = (await downloaded(semicolon)).subarray(3).toString('utf8').split('\r\n')
  t.match(semicolonLines[0], /^Nhóm;Mục;Số phiếu cấp;Đã phục vụ;Vắng mặt/, 'the CSV for Vietnamese Excel: semicolons')
  t.match(semicolonLines[1], /^Tổng hợp;Tổng cộng;2;2;0;/, 'with the same filtered totals')

  const [xlsx] = await Promise.all([page.waitForEvent('download'), reports.locator('[data-export="xlsx"]').click()])
  t.equal(xlsx.suggestedFilename(), 'bao-cao-thoi-gian-cho_2026-11-23_2026-11-24.xlsx')
  const book = new ExcelJS.Workbook()
  await book.xlsx.load((await downloaded(xlsx)) as unknown as ArrayBuffer)
  const first = book.worksheets[0]!
  t.match(first.getCell('B5').value, /Hộ tịch/, 'the filter is written above the figures')
  t.equal(first.getCell('B11').value, 2, 'two tickets issued, as a number')

  // Presets switch the range; the English screen reads the same figures.
  await reports.locator('[data-preset="last_month"]').click()
  await t.resolves(reports.locator('[data-preset="last_month"][aria-pressed="true"]').waitFor())
  await page.setViewportSize({ width: 1366, height: 900 })
  await reports.locator('select[name="serviceId"]').selectOption('')
  await reports.locator('input[name="from"]').fill('23/11/2026')
  await reports.locator('input[name="to"]').fill('24/11/2026')
  await reports.locator('form.dates button[type="submit"]').click()
  await kpi('kpiIssued').filter({ hasText: /^7$/ }).waitFor()
  await page.screenshot({ path: 'test/artifacts/reports-1366.png', fullPage: true })
  t.equal(await page.locator('qms-top-bar').isVisible(), true, 'on screen the app bar is there')
  // Print with a filter on: the paper names it as the screen does, not by its code.
  await reports.locator('select[name="serviceId"]').selectOption(String(ids.HT))
  await kpi('kpiIssued').filter({ hasText: /^2$/ }).waitFor()
  t.equal(await reports.locator('[data-print-head]').isVisible(), false, 'the print header is for paper only')
  await page.emulateMedia({ media: 'print' })
  await page.screenshot({ path: 'test/artifacts/reports-print.png', fullPage: true })
  t.equal(await reports.locator('[data-print-centre]').textContent(), 'Trung tâm Phục vụ hành chính công tỉnh Quảng Trị', 'the centre heads the paper')
  const printedAt = (await reports.locator('[data-printed-at]').textContent()) ?? ''
  const todayHcm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(Date.now())
  t.match(printedAt, /^In lúc ([01]\d|2[0-3]):[0-5]\d ngày \d{2}\/\d{2}\/\d{4}$/, 'with the print time, 24-hour, Vietnamese')
  t.ok(
    printedAt.endsWith(todayHcm) ||
      printedAt.endsWith(
        new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(Date.now() - 120_000),
      ),
    `today in Hà Nội (${printedAt})`,
  )
  const printedFilters = (await reports.locator('[data-printed-filters]').textContent()) ?? ''
  t.equal(printedFilters, 'Lĩnh vực: HT – Hộ tịch · Quầy: Tất cả · Cán bộ: Tất cả · Đối tượng: Tất cả', 'filters printed by name')
  t.equal(await page.locator('qms-top-bar').isVisible(), false, 'the printed page has no app bar, navigation or logout')
  t.equal(await page.getByText('Đăng xuất').isVisible(), false, 'no logout button on paper')
  t.equal(await kpi('kpiIssued').isVisible(), true, 'the figures are printed')
  // The A4 pages as Chromium prints them from this 1366-pixel screen, to look at (test/artifacts/reports-print.pdf).
  await page.pdf({ path: 'test/artifacts/reports-print.pdf', preferCSSPageSize: true, printBackground: true })
  // A4 portrait less the 12 mm margins (@page in counter/index.html) is 186 mm = 703 CSS pixels.
  // Measured in the same task as the resize, before any resize callback can redraw a chart: paper
  // is laid out that way, once, when printing starts.
  const PRINTABLE = Math.floor((186 / 25.4) * 96)
  const widest = await page.evaluate((printable) => {
    document.body.style.width = `${printable}px`
    const app = document.querySelector('qms-staff-app')?.shadowRoot?.querySelector('qms-reports-app') ?? document.querySelector('qms-reports-app')
    const charts = [...(app?.shadowRoot?.querySelectorAll('qms-report-chart') ?? [])]
    const rights = charts.flatMap((c) => [c, ...(c.shadowRoot?.querySelectorAll('*') ?? [])].map((el) => el.getBoundingClientRect().right))
    const tables = [...(app?.shadowRoot?.querySelectorAll('table') ?? [])].map((el) => el.getBoundingClientRect().right)
    document.body.style.width = ''
    return { charts: charts.length, right: Math.max(...rights), tables: tables.length, tableRight: Math.max(...tables) }
  }, PRINTABLE)
  t.ok(widest.tables >= 6 && widest.tableRight <= PRINTABLE, `no table reaches past it either (${Math.round(widest.tableRight)} ≤ ${PRINTABLE} px)`)
  t.equal(widest.charts, 2, 'both charts are printed')
  t.ok(widest.right <= PRINTABLE, `no part of a chart reaches past the printable width (${Math.round(widest.right)} ≤ ${PRINTABLE} px)`)
  await page.setViewportSize({ width: PRINTABLE, height: 1123 })
  await page.screenshot({ path: 'test/artifacts/reports-print-a4.png', fullPage: true })
  // The app asks /api/auth/me before the login: that 401 is expected.
  t.same(
    errors.filter((e) => !/status of 401/.test(e)),
    [],
    'no errors in the page',
  )
})

t.test('on an English-language PC the Vietnamese report still reads dd/mm/yyyy and 1.200', { skip: SKIP_BROWSER }, async (t) => {
  const { app, clock } = await build(t, { listen: true })
  await playScenario(app, clock)
  clock.set(local(25, 9, 0))
  const browser = await launch(t)
  // Chromium with an en-US locale, as on an English Windows: native date inputs would show mm/dd/yyyy.
  const { page, errors } = await newPage(browser, { width: 1366, height: 900, locale: 'en-US' })
  t.equal(await page.evaluate(() => navigator.language), 'en-US')
  await page.goto(`${baseUrl(app)}/counter/#/reports`)
  await page.fill('input[name="username"]', 'lanhdao')
  await page.fill('input[name="password"]', PASSWORD)
  await page.keyboard.press('Enter')
  const reports = page.locator('qms-reports-app')
  await reports.locator('[data-kpi="kpiIssued"]').waitFor()
  const from = reports.locator('input[name="from"]')
  t.match(await from.inputValue(), /^\d{2}\/\d{2}\/\d{4}$/, 'the range opens as dd/mm/yyyy')
  t.equal(await from.getAttribute('placeholder'), 'dd/mm/yyyy')

  // A day that only exists as dd/mm (24/11): typed, it is 24 November, not month 24.
  await from.fill('23/11/2026')
  await reports.locator('input[name="to"]').fill('24/11/2026')
  await reports.locator('form.dates button[type="submit"]').click()
  await t.resolves(reports.locator('[data-kpi="kpiIssued"] .value').filter({ hasText: /^7$/ }).waitFor(), '23–24 November read as days')
  t.match(await reports.locator('.range').textContent(), /23\/11\/2026 – 24\/11\/2026/)
  // Not a day: the field says so and the report does not change.
  await from.fill('31/02/2026')
  await reports.locator('form.dates button[type="submit"]').click()
  t.equal(await from.evaluate((el) => (el as HTMLInputElement).validationMessage), 'Nhập ngày theo dạng ngày/tháng/năm, ví dụ 23/11/2026.')
  t.match(await reports.locator('.range').textContent(), /23\/11\/2026 – 24\/11\/2026/, 'the range stays')
  await screenshot(page, 'reports-en-us-pc')

  // Axis numbers in the page's language, whatever the PC's: a chart of thousands.
  const axes = await page.evaluate(async () => {
    const draw = async (language: string) => {
      const chart = document.createElement('qms-report-chart') as HTMLElement & {
        labels: string[]
        series: unknown[]
        language: string
        axisText: readonly string[][]
        updateComplete: Promise<boolean>
      }
      chart.style.width = '600px'
      chart.language = language
      chart.labels = ['1', '2', '3']
      chart.series = [
        { label: 'n', kind: 'bar', color: '#7fa7d9', values: [1200, 2500, 1800] },
        { label: 'm', kind: 'line', color: '#c2410c', values: [12, 3, 8] },
      ]
      document.body.append(chart)
      await chart.updateComplete
      const text = chart.axisText.map((a) => [...a])
      chart.remove()
      return text
    }
    return { vi: await draw('vi'), en: await draw('en') }
  })
  t.ok(
    axes.vi[0]!.some((s) => /^\d{1,3}(\.\d{3})+$/.test(s)),
    `thousands with a dot on the Vietnamese axis (${axes.vi[0]!.join(' ')})`,
  )
  t.notOk(
    axes.vi[0]!.some((s) => s.includes(',')),
    'no comma between thousands',
  )
  t.ok(
    axes.en[0]!.some((s) => /^\d{1,3}(,\d{3})+$/.test(s)),
    `thousands with a comma in English (${axes.en[0]!.join(' ')})`,
  )
  t.same(
    errors.filter((e) => !/status of 401/.test(e)),
    [],
    'no errors in the page',
  )
})
