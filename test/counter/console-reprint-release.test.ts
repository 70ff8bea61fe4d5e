/**
 * In real Chromium: staff reprint a ticket from the waiting list and by its number, on the issuing
 * kiosk's printer (a fake ESC/POS printer on a loopback port receives the job); and a manager
 * releases a counter another staff member still holds, from the administration's counters screen,
 * while the consoles follow. Screenshots: test/artifacts/console-reprint-*.png, admin-release-*.png.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { PASSWORD, aDevice, baseUrl, build, issue, serviceId } from '../helpers/build.js'
import { SKIP_BROWSER, launch, newPage, screenshot, until } from '../helpers/browser.js'
import { connectionsReached, decodeEscPos, startFakePrinter } from '../helpers/fake-printer.js'

async function signIn(browser: Browser, app: FastifyInstance, username: string): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await newPage(browser, { width: 1366, height: 768 })
  await page.goto(`${baseUrl(app)}/counter/`)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.locator('qms-top-bar header').waitFor()
  return { page, errors }
}

const notice = (page: Page) =>
  page
    .locator('[data-notice] [data-notice-text]')
    .textContent({ timeout: 1000 })
    .catch(() => null)
const realErrors = (errors: string[]) => errors.filter((e) => !/status of (401|409)/.test(e))

t.test('reprint from the waiting list and by number, on the kiosk that issued the ticket', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const printer = await startFakePrinter()
  t.teardown(() => printer.close())
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'network', url: printer.url, paperWidth: 80 } })
  for (let i = 0; i < 2; i++) await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })
  t.equal(await connectionsReached(printer, 2), 2, 'two tickets printed at issue')

  const browser = await launch(t)
  const { page, errors } = await signIn(browser, app, 'canbo1')
  await page.locator('qms-counter-picker li[data-counter="1"] button').click()
  await page.locator('qms-waiting-list tr[data-ticket="1002"]').waitFor()

  await page.locator('qms-waiting-list tr[data-ticket="1002"] button[data-reprint]').click()
  t.equal(
    await until(
      'the reprint notice',
      () => notice(page),
      (n) => n !== null,
    ),
    'Đã in lại số 1002 ở máy “Test kiosk”.',
    'the row’s reprint says where it printed',
  )
  t.equal(printer.connections.length, 3, 'the issuing kiosk’s printer received the job')
  const items = decodeEscPos(printer.connections[2] as Buffer)
  t.ok(items.some((i) => i.type === 'raster') && items.some((i) => i.type === 'cut'), 'as ESC/POS: the ticket image, then a cut')
  await screenshot(page, 'console-reprint-row-1366x768')

  await page.locator('[data-action="reprint"]').click()
  const dialog = page.locator('qms-reprint-dialog dialog[open]')
  await dialog.waitFor()
  await dialog.locator('input').fill('1001')
  await screenshot(page, 'console-reprint-number-1366x768')
  await page.keyboard.press('Enter')
  t.equal(
    await until(
      'the reprint notice',
      () => notice(page),
      (n) => n?.includes('1001') ?? false,
    ),
    'Đã in lại số 1001 ở máy “Test kiosk”.',
    'by number',
  )
  await until(
    'the dialog to close',
    () => page.locator('qms-reprint-dialog').count(),
    (n) => n === 0,
  )
  t.equal(printer.connections.length, 4)

  await page.locator('[data-action="reprint"]').click()
  await dialog.waitFor()
  await dialog.locator('input').fill('1099')
  await page.keyboard.press('Enter')
  t.equal(
    await until(
      'the refusal',
      () => notice(page),
      (n) => n?.includes('tìm') ?? false,
    ),
    'Không tìm thấy số này.',
    'a number not issued today, in Vietnamese',
  )
  t.equal(printer.connections.length, 4, 'nothing printed')
  t.same(
    realErrors(errors).filter((e) => !/status of 404/.test(e)),
    [],
  )
})

t.test('a manager releases a counter another staff member holds; the consoles follow', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  for (let i = 0; i < 2; i++) await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })
  const browser = await launch(t)

  const lan = await signIn(browser, app, 'canbo1')
  await lan.page.locator('qms-counter-picker li[data-counter="1"] button').click()
  await lan.page.locator('[data-action="callNext"]').click()
  await lan.page.locator('[data-current-number]').waitFor()

  const hung = await signIn(browser, app, 'canbo2')
  const held = hung.page.locator('qms-counter-picker li[data-counter="1"]')
  await held.locator('[data-holder]').waitFor()
  t.equal(await held.locator('[data-holder]').textContent(), 'Cán bộ: Nguyễn Thị Lan', 'the picker says who holds counter 1')
  t.match(await held.textContent(), /Lãnh đạo hoặc quản trị viên có thể giải phóng quầy này/, 'and that a manager can release it')
  t.equal(await held.locator('button').isDisabled(), true)
  await screenshot(hung.page, 'console-counter-held-1366x768')

  const manager = await signIn(browser, app, 'lanhdao')
  await manager.page.locator('qms-admin-app a[data-route="counters"]').click()
  const row = manager.page.locator('qms-admin-counters tr[data-number="1"]')
  await row.locator('button[data-release]').click()
  const dialog = manager.page.locator('qms-admin-counters dialog.release[open]')
  await dialog.waitFor()
  t.match(await dialog.textContent(), /Quầy 1 đang do Nguyễn Thị Lan phụ trách/, 'the dialog names the holder')
  await dialog.locator('textarea').fill('Máy tính của chị Lan bị treo')
  await screenshot(manager.page, 'admin-release-dialog-1366x768')
  await dialog.getByRole('button', { name: 'Giải phóng quầy' }).click()
  await until(
    'the dialog to close',
    () => manager.page.locator('qms-admin-counters dialog.release[open]').count(),
    (n) => n === 0,
  )
  await manager.page.locator('qms-admin-counters').getByText('Đã giải phóng quầy 1.').waitFor()
  t.pass('the manager is told: “Đã giải phóng quầy 1.”')
  t.equal(
    await until(
      'the list to reload',
      () => row.locator('button[data-release]').count(),
      (n) => n === 0,
    ),
    0,
    'counter 1 is held by nobody now',
  )
  await screenshot(manager.page, 'admin-released-1366x768')

  await lan.page.locator('qms-counter-picker').waitFor()
  t.pass('Lan’s console goes back to choosing a counter')
  const free = hung.page.locator('qms-counter-picker li[data-counter="1"] button')
  await until(
    'counter 1 to be free',
    () => free.isDisabled(),
    (d) => !d,
  )
  await free.click()
  await hung.page.locator('[data-counter-title]').waitFor()
  t.same(
    await hung.page.locator('qms-waiting-list tr[data-ticket]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket'))),
    ['1001', '1002'],
    'Hùng takes counter 1; the ticket Lan had called waits again in its place',
  )
  t.same(realErrors([...lan.errors, ...hung.errors, ...manager.errors]), [])
})
