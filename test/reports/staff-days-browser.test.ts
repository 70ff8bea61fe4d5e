/**
 * The reports screen's staff table in real Chromium: three officers' morning, with citizens set
 * aside, read the way a manager reads it. Screenshot: test/artifacts/reports-staff-days.png.
 */
import t from 'tap'
import { PASSWORD, aDevice, baseUrl, build, counterId, issue, login, serviceId } from '../helpers/build.js'
import { SKIP_BROWSER, launch, newPage, screenshot } from '../helpers/browser.js'

const MINUTE = 60_000

t.test('the staff table: served, service without time aside, call → start, idle, aside', { skip: SKIP_BROWSER }, async (t) => {
  const { app, clock } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  // Counters 1–3 (Đất đai, Đất đai, Hộ tịch) with their officers, each opened at 08:00.
  const desks = await Promise.all([1, 2, 3].map(async (n) => ({ staff: await login(app, `canbo${n}`), counter: await counterId(app, n) })))
  for (let i = 0; i < 12; i++) await issue(app, kiosk, { serviceId: await serviceId(app, i % 3 === 2 ? 'HT' : 'DD') })
  const post = async (desk: (typeof desks)[number], path: string) => {
    const res = await app.inject({ method: 'POST', url: `/api/counters/${desk.counter}${path}`, headers: desk.staff.headers })
    if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`)
    return res.json() as { id: number }
  }
  for (const desk of desks) await post(desk, '/open')
  // Each officer serves three citizens in turn; the first citizen of counter 1 and 3 steps out for
  // copies and comes back after the next one is served.
  for (let round = 0; round < 3; round++) {
    for (const [i, desk] of desks.entries()) {
      clock.advance(2 * MINUTE)
      const ticket = await post(desk, '/call-next')
      clock.advance((1 + i) * MINUTE)
      await post(desk, `/tickets/${ticket.id}/start`)
      clock.advance((5 + 2 * i) * MINUTE)
      if (round === 0 && i !== 1) {
        await post(desk, `/tickets/${ticket.id}/set-aside`)
        clock.advance(MINUTE)
        const next = await post(desk, '/call-next')
        await post(desk, `/tickets/${next.id}/start`)
        clock.advance(6 * MINUTE)
        await post(desk, `/tickets/${next.id}/finish`)
        clock.advance(8 * MINUTE)
        await post(desk, `/tickets/${ticket.id}/resume`)
        clock.advance(3 * MINUTE)
      }
      await post(desk, `/tickets/${ticket.id}/finish`)
    }
  }
  clock.advance(20 * MINUTE)

  const browser = await launch(t)
  const { page, errors } = await newPage(browser, { width: 1366, height: 768 })
  await page.goto(`${baseUrl(app)}/counter/#/reports`)
  await page.fill('input[name="username"]', 'lanhdao')
  await page.fill('input[name="password"]', PASSWORD)
  await page.keyboard.press('Enter')
  const reports = page.locator('qms-reports-app')
  await reports.locator('[data-kpi="kpiIssued"]').waitFor()
  await reports.locator('input[name="from"]').fill('23/11/2026')
  await reports.locator('input[name="to"]').fill('23/11/2026')
  await reports.locator('form.dates button[type="submit"]').click()
  const table = reports.locator('[data-section="staff-days"]')
  await table.locator('tbody tr').first().waitFor()
  t.equal(await table.locator('tbody tr').count(), 3, 'one row per officer')
  const lan = table.locator('tbody tr', { hasText: 'Nguyễn Thị Lan' })
  const cells = await lan.locator('td').allTextContents()
  // Her first citizen: 5 minutes, 15 aside, 3 more; the one served meanwhile 6; then two of 5.
  t.same(cells.slice(1, 3), ['4', '6 phút'], 'four served, mean service without the time aside: (8 + 6 + 5 + 5) ÷ 4')
  t.equal(await lan.locator('[data-col="call-to-start"]').textContent(), '0,8 phút', 'call → start: (1 + 0 + 1 + 1) ÷ 4')
  t.match(await lan.locator('[data-col="aside"]').textContent(), /^15 phút \(1 số\)$/, 'fifteen minutes aside, one ticket')
  t.match(await lan.locator('[data-col="outcomes"]').textContent(), /^–$/, 'no outcomes yet')
  const hung = table.locator('tbody tr', { hasText: 'Trần Văn Hùng' })
  t.equal(await hung.locator('[data-col="aside"]').textContent(), '–', 'nobody set aside at counter 2')
  await table.scrollIntoViewIfNeeded()
  await screenshot(page, 'reports-staff-days')
  t.same(
    errors.filter((e) => !/status of 401/.test(e)),
    [],
  )
})
