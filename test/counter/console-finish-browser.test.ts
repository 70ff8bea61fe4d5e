/**
 * Finishing a visit in the counter console, in real Chromium: the numpad's "−" opens the finish
 * dialog with the ticket's procedure chosen; a case code typed as a barcode scanner types it (the
 * code, then Enter) fills the field and moves on without finishing; a second procedure of another of
 * the counter's fields is added; a refusal needs its reason; the outcomes land in the database.
 * Screenshot at 1366×768 (test/artifacts/console-finish-dialog-1366x768.png).
 */
import t from 'tap'
import type { Page } from 'playwright-core'
import { PASSWORD, aDevice, baseUrl, build, issue, serviceId, sqlRows } from '../helpers/build.js'
import { launch, newPage, screenshot, SKIP_BROWSER } from '../helpers/browser.js'

/** The element that has focus, through shadow roots. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let a: Element | null = document.activeElement
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement
    return a
      ? `${a.tagName.toLowerCase()}${a.getAttribute('type') ? `[type=${a.getAttribute('type')}]` : ''}${a.getAttribute('data-field') ? `[${a.getAttribute('data-field')}]` : ''}`
      : ''
  })

t.test('the finish dialog records outcomes per procedure, with a scanned case code', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const browser = await launch(t)
  const kiosk = await aDevice(app, 'kiosk')
  const khaiSinh = (await sqlRows<{ id: number }>(app, "select id from procedures where code = 'HT-001'"))[0]!.id
  const issued = await issue(app, kiosk, { serviceId: await serviceId(app, 'HT'), procedureId: khaiSinh })
  const ticket = issued.json().ticket as { id: number; number: string }
  const status = async () => (await sqlRows<{ status: string }>(app, 'select status from tickets where id = ?', [ticket.id]))[0]?.status
  const outcomes = () =>
    sqlRows<{ outcome: string; caseCode: string | null; reason: string | null; procedureId: number | null }>(
      app,
      'select outcome, case_code as "caseCode", reason, procedure_id as "procedureId" from visit_outcomes order by id',
    )

  const { page, context, errors } = await newPage(browser, { width: 1366, height: 768 })
  t.teardown(() => context.close())
  await page.goto(`${baseUrl(app)}/counter/`)
  await page.getByLabel('Tên đăng nhập').fill('canbo3')
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.locator('qms-counter-picker li[data-counter="3"] button').click()
  await page.locator('[data-counter-title]').waitFor()

  // The console's numpad keys still drive it: Enter calls, / starts, − finishes (here: asks what was done).
  await page.locator('[data-action="callNext"]:not([disabled])').waitFor()
  await page.keyboard.press('NumpadEnter')
  await page.locator('qms-current-ticket [data-state="called"]').waitFor()
  t.match(await page.locator('[data-current-procedure]').innerText(), /Thủ tục: Đăng ký khai sinh/, 'the console shows the procedure chosen at the kiosk')
  await page.keyboard.press('NumpadDivide')
  await page.locator('qms-current-ticket [data-state="serving"]').waitFor()
  await page.locator('[data-action="finish"]:not([disabled])').waitFor()
  await page.keyboard.press('NumpadSubtract')
  const dialog = page.locator('qms-finish-dialog')
  await dialog.locator('dialog[open]').waitFor()
  t.equal(await dialog.locator('[data-row="0"] select').inputValue(), String(khaiSinh), "the ticket's procedure is chosen")
  t.equal(await dialog.locator('[data-finish-bare]').count(), 1, 'this centre lets a visit finish without an outcome')

  // A scanner: the code, then Enter, typed fast into the field the outcome moved the focus to.
  await dialog.locator('[data-row="0"] [data-outcome="received"]').click()
  t.equal(await focused(page), 'input[caseCode]', 'choosing "received" puts the cursor in the case code')
  await page.keyboard.type('000.00.12.H12-261207-0001', { delay: 5 })
  await page.keyboard.press('Enter')
  t.equal(await focused(page), 'button[type=submit]', "the scanner's Enter moves on to the finish button")
  t.equal(await dialog.locator('dialog[open]').count(), 1, 'and finishes nothing by itself')
  t.equal(await status(), 'serving')

  // A second procedure of the counter's other field (Chứng thực), refused: the reason is asked for.
  await dialog.locator('[data-add-row]').click()
  await dialog.locator('[data-row="1"] select').selectOption({ label: 'Chứng thực chữ ký trong giấy tờ, văn bản' })
  await dialog.locator('[data-row="1"] [data-outcome="refused"]').click()
  await dialog.locator('button[type="submit"]').click()
  t.match(await dialog.locator('[data-row="1"] [data-problem]').innerText(), /Ghi lý do từ chối/)
  t.same(await outcomes(), [], 'nothing was sent')
  await dialog.locator('[data-row="1"] input[data-field="reason"]').fill('Người ký không có mặt')
  await screenshot(page, 'console-finish-dialog-1366x768')

  await dialog.locator('button[type="submit"]').click()
  await page.locator('qms-current-ticket [data-state="idle"]').waitFor()
  t.equal(await status(), 'done')
  const chuKy = (await sqlRows<{ id: number }>(app, "select id from procedures where code = 'CT-002'"))[0]!.id
  t.same(await outcomes(), [
    { outcome: 'received', caseCode: '000.00.12.H12-261207-0001', reason: null, procedureId: khaiSinh },
    { outcome: 'refused', caseCode: null, reason: 'Người ký không có mặt', procedureId: chuKy },
  ])
  t.same(
    errors.filter((e) => !/status of 401/.test(e)),
    [],
    'no page errors',
  )

  // The manager's report counts them, by procedure and by staff member.
  const manager = await newPage(browser, { width: 1366, height: 768 })
  t.teardown(() => manager.context.close())
  await manager.page.goto(`${baseUrl(app)}/counter/#/reports`)
  await manager.page.fill('input[name="username"]', 'lanhdao')
  await manager.page.fill('input[name="password"]', PASSWORD)
  await manager.page.keyboard.press('Enter')
  // The test's clock stands on Monday 23 November 2026, whatever the browser's date.
  const reports = manager.page.locator('qms-reports-app')
  await reports.locator('input[name="from"]').fill('23/11/2026')
  await reports.locator('input[name="to"]').fill('23/11/2026')
  await reports.locator('form.dates button[type="submit"]').click()
  const section = reports.locator('[data-section="outcomes"]')
  await section.locator('table[data-outcomes="procedures"]').waitFor()
  const byProcedure = await section.locator('table[data-outcomes="procedures"] tbody tr').allInnerTexts()
  t.match(byProcedure.join('\n'), /Hộ tịch – Đăng ký khai sinh\s+1\s+0\s+0\s+0\s+0\s+1/, 'one dossier received for Đăng ký khai sinh')
  t.match(byProcedure.join('\n'), /Chứng thực – Chứng thực chữ ký trong giấy tờ, văn bản\s+0\s+0\s+0\s+1\s+0\s+1/, 'one refusal for Chứng thực chữ ký')
  t.match(await section.locator('table[data-outcomes="staff"] tbody').innerText(), /Lê Thị Mai\s+1\s+0\s+0\s+1\s+0\s+2/)
  await section.scrollIntoViewIfNeeded()
  await screenshot(manager.page, 'reports-outcomes-1366x768')
})
