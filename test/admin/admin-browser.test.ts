/**
 * The administration screens in real Chromium: an administrator logs in, every screen renders
 * (a screenshot each, test/artifacts/admin-*.png), a new service appears in the list and on the
 * server, a new display's token is shown once and works, printer status arrives live, and the
 * manager's overview follows the queue as it changes.
 */
import t from 'tap'
import type { Page } from 'playwright-core'
import { eq } from 'drizzle-orm'
import { devices } from '../../server/src/db/schema.js'
import { PASSWORD, aDevice, baseUrl, build, counterId, issue, login, serviceId } from '../helpers/build.js'
import { SKIP_BROWSER, launch, newPage, screenshot } from '../helpers/browser.js'
import { startFakePrinter } from '../helpers/fake-printer.js'

async function logIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/counter/`)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
}

/** Page errors, without the 401 of the session check before login and the 409 of the duplicate code we send on purpose. */
const realErrors = (errors: string[]) => errors.filter((e) => !/status of (401|409)/.test(e))

t.test('an administrator goes through every admin screen, adds a service and registers a display', { skip: SKIP_BROWSER }, async (t) => {
  const { app, clock } = await build(t, { listen: true })
  const url = baseUrl(app)
  // The kiosk's printer is a fake ESC/POS printer on loopback: tickets issued below really print.
  const printer = await startFakePrinter()
  t.teardown(() => printer.close())
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'network', url: printer.url, paperWidth: 80 } })
  app.storage.db.update(devices).set({ name: 'Máy lấy số sảnh A', lastSeenAt: clock.time }).where(eq(devices.id, kiosk.id)).run()
  // A morning in progress: citizens waiting, one counter serving, one paused.
  for (const code of ['DD', 'DD', 'HT', 'CT', 'KD']) await issue(app, kiosk, { serviceId: await serviceId(app, code) })
  clock.advance(25 * 60_000)
  for (const code of ['DD', 'HT']) await issue(app, kiosk, { serviceId: await serviceId(app, code) })
  const canbo1 = await login(app, 'canbo1')
  const canbo3 = await login(app, 'canbo3')
  await app.inject({ method: 'POST', url: `/api/counters/${await counterId(app, 1)}/open`, headers: canbo1.headers })
  const called = await app.inject({ method: 'POST', url: `/api/counters/${await counterId(app, 1)}/call-next`, headers: canbo1.headers })
  await app.inject({ method: 'POST', url: `/api/counters/${await counterId(app, 1)}/tickets/${called.json().id}/start`, headers: canbo1.headers })
  await app.inject({ method: 'POST', url: `/api/counters/${await counterId(app, 3)}/open`, headers: canbo3.headers })
  await app.inject({ method: 'POST', url: `/api/counters/${await counterId(app, 3)}/pause`, headers: canbo3.headers, payload: { reason: 'Họp giao ban' } })
  clock.advance(4 * 60_000)

  const browser = await launch(t)
  const { page, errors } = await newPage(browser, { width: 1366, height: 768 })
  await logIn(page, url, 'admin')

  // Overview, live.
  const overview = page.locator('qms-admin-overview')
  await overview.locator('[data-counter="1"] .ticket').waitFor()
  t.equal(await overview.locator('[data-counter="1"] .ticket').textContent(), '1001', 'counter 1 shows whom it serves')
  t.match(await overview.locator('[data-counter="1"]').textContent(), /Nguyễn Thị Lan/, 'and who is at the counter')
  t.match(await overview.locator('[data-counter="3"]').textContent(), /Họp giao ban/, 'a paused counter says why')
  t.equal((await overview.locator('[data-stat="waiting"] .value').textContent())?.trim(), '6', 'six citizens wait')
  t.equal((await overview.locator('[data-stat="longest"] .value').textContent())?.trim(), '29 phút', 'the longest wait is 29 minutes')
  t.equal((await overview.locator('tr[data-service="DD"] td.big').textContent())?.trim(), '2', 'two wait for land')
  await screenshot(page, 'admin-overview')
  await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })
  await page.waitForFunction(
    () =>
      document
        .querySelector('qms-staff-app')
        ?.shadowRoot?.querySelector('qms-admin-app')
        ?.shadowRoot?.querySelector('qms-admin-overview')
        ?.shadowRoot?.querySelector('tr[data-service="DD"] td.big')
        ?.textContent?.trim() === '3',
  )
  t.pass('a new ticket appears on the overview without a reload')

  // Every screen renders.
  const screens: [string, string, string][] = [
    ['services', 'qms-admin-services', 'tr[data-code="DD"]'],
    ['counters', 'qms-admin-counters', 'tr[data-number="6"]'],
    ['groups', 'qms-admin-groups', 'td'],
    ['staff', 'qms-admin-staff', 'tr[data-username="canbo1"]'],
    ['devices', 'qms-admin-devices', `tr[data-device-id="${kiosk.id}"]`],
    ['site', 'qms-admin-site', 'input[name=name]'],
    ['audit', 'qms-admin-audit', 'table, .empty'],
    ['account', 'qms-admin-account', 'input[name=currentPassword]'],
  ]
  for (const [route, tag, ready] of screens) {
    await page.locator(`qms-admin-app nav a[data-route="${route}"]`).click()
    await page.locator(`${tag} ${ready}`).first().waitFor()
    await screenshot(page, `admin-${route}`)
  }
  t.equal(await page.locator('qms-admin-site').count(), 0, 'the site screen is left for the account screen')
  await page.locator('qms-admin-app nav a[data-route="site"]').click()
  const publicUrl = page.locator('qms-admin-site [data-public-url]')
  t.match(await publicUrl.locator('code').textContent(), /^https?:\/\/\S+$/, 'the public address is shown as text')
  t.match(await publicUrl.locator('small').textContent(), /PUBLIC_URL/, 'with where it comes from')
  t.equal(await publicUrl.locator('input, textarea').count(), 0, 'and no field that looks editable')
  await screenshot(page, 'admin-site')

  // A closed day added in the settings: the demo's fixed holidays are listed, Tết is added by hand.
  const site = page.locator('qms-admin-site')
  t.equal(await site.locator('[data-closed-day="2026-09-02"] input[name=closedDayName]').inputValue(), 'Quốc khánh')
  await site.locator('[data-add-closed-day]').click()
  const added = site.locator('[data-closed-days] .row').last()
  await added.locator('input[name=closedDay]').fill('06/02/2027')
  await added.locator('input[name=closedDayName]').fill('Tết Nguyên Đán')
  await site.locator('button[type=submit]').click()
  await site.locator('.notice').first().waitFor()
  const reader = await login(app, 'admin')
  const stored = (await app.inject({ method: 'GET', url: '/api/admin/site', headers: reader.headers })).json().site.closedDays
  t.ok(
    stored.some((d: { day: string; name: string }) => d.day === '2027-02-06' && d.name === 'Tết Nguyên Đán'),
    'the new closed day is saved',
  )
  await screenshot(page, 'admin-site-closed-days')

  // Create a service through the form.
  await page.locator('qms-admin-app nav a[data-route="services"]').click()
  const services = page.locator('qms-admin-services')
  await services.locator('[data-action="new"]').click()
  const form = services.locator('dialog form')
  await form.locator('input[name=code]').fill('ld')
  await form.locator('input[name=nameVi]').fill('Lao động – Thương binh và Xã hội')
  await form.locator('input[name=nameEn]').fill('Labour, invalids and social affairs')
  await form.locator('select[name=numbering]').selectOption('block')
  await form.locator('input[name=blockStart]').fill('5001')
  await form.locator('input[name=blockEnd]').fill('5999')
  await screenshot(page, 'admin-service-form')
  await form.locator('button[type=submit]').click()
  await services.locator('tr[data-code="LD"]').waitFor()
  t.match(
    await services.locator('tr[data-code="LD"]').textContent(),
    /Lao động – Thương binh và Xã hội.*5001–5999/s,
    'the new service is listed with its numbers',
  )
  const listed = await app.inject({ method: 'GET', url: '/api/admin/services', headers: canbo1.headers })
  t.equal(listed.statusCode, 403, 'staff cannot read the admin list (sanity)')
  const admin = await login(app, 'admin')
  const all = (await app.inject({ method: 'GET', url: '/api/admin/services', headers: admin.headers })).json().services as {
    code: string
    blockStart: number
  }[]
  t.equal(all.find((s) => s.code === 'LD')?.blockStart, 5001, 'and stored on the server')

  // A duplicate code is refused in words.
  await services.locator('[data-action="new"]').click()
  await form.locator('input[name=code]').fill('DD')
  await form.locator('input[name=nameVi]').fill('Trùng mã')
  await form.locator('input[name=nameEn]').fill('Duplicate')
  await form.locator('input[name=prefix]').fill('Z')
  await form.locator('button[type=submit]').click()
  t.equal(await form.locator('.form-error').textContent(), 'Mã lĩnh vực đã được lĩnh vực khác sử dụng.', 'a taken code is explained, as exactly that')
  await form.locator('button[type=button]', { hasText: 'Hủy' }).click()

  // Register a display: the token is shown once, works, and is gone when the dialog closes.
  await page.locator('qms-admin-app nav a[data-route="devices"]').click()
  const devicesScreen = page.locator('qms-admin-devices')
  await devicesScreen.locator('[data-action="new-display"]').click()
  await devicesScreen.locator('dialog.edit input[name=name]').fill('Màn hình sảnh chờ tầng 1')
  await screenshot(page, 'admin-device-form')
  await devicesScreen.locator('dialog.edit button[type=submit]').click()
  const tokenInput = devicesScreen.locator('dialog.token input[name=token]')
  await tokenInput.waitFor()
  const token = await tokenInput.inputValue()
  const setupUrl = await devicesScreen.locator('dialog.token input[name=url]').inputValue()
  t.equal(setupUrl, `http://qms.test/display/#token=${token}`, 'the setup link carries the token')
  await screenshot(page, 'admin-device-token')
  const me = await app.inject({ method: 'GET', url: '/api/device/me', headers: { authorization: `Bearer ${token}` } })
  t.equal(me.json().device.name, 'Màn hình sảnh chờ tầng 1', 'the token shown is the device’s token')
  await devicesScreen.locator('dialog.token button.primary').click()
  await devicesScreen.locator('dialog.token input[name=token]').waitFor({ state: 'detached' })
  t.notOk(
    (await page.content()).includes(token) || (await devicesScreen.evaluate((el) => el.shadowRoot?.innerHTML ?? '')).includes(token),
    'the token is not on the page any more',
  )

  // Printer trouble at the kiosk shows up live.
  // The server records the printer's error code; the screen says what it means, in Vietnamese.
  app.realtime.deviceStatus(1, { deviceId: kiosk.id, printerStatus: 'error', printerError: 'printer_timeout', lastSeenAt: clock.time })
  await devicesScreen.locator(`tr[data-device-id="${kiosk.id}"] .printer .badge.bad`).waitFor()
  const printerText = (await devicesScreen.locator(`tr[data-device-id="${kiosk.id}"] .printer`).textContent()) ?? ''
  t.match(printerText, /Lỗi máy in: máy in không trả lời kịp \(hết giấy, kẹt giấy hoặc đang bận\)/, 'the printer error appears without a reload, in words')
  t.notMatch(printerText, /printer_|timeout/, 'not as its code')
  await screenshot(page, 'admin-devices-live')

  // Reorder a counter's services with the arrows.
  await page.locator('qms-admin-app nav a[data-route="counters"]').click()
  const counters = page.locator('qms-admin-counters')
  await counters.locator('tr[data-number="3"] button', { hasText: 'Sửa' }).click()
  await counters.locator('dialog li').first().locator('button', { hasText: 'Xuống' }).click()
  await screenshot(page, 'admin-counter-form')
  await counters.locator('dialog button[type=submit]').click()
  await counters.locator('dialog form').waitFor({ state: 'detached' })
  const three = (await app.inject({ method: 'GET', url: '/api/admin/counters', headers: admin.headers }))
    .json()
    .counters.find((c: { number: number }) => c.number === 3)
  t.same(three.serviceIds, [await serviceId(app, 'CT'), await serviceId(app, 'HT')], 'counter 3 now serves certification before civil status')

  // A new counter is numbered after the last and named as citizens read it; the name follows the number.
  await counters.locator('[data-action="new"]').click()
  t.equal(await counters.locator('dialog input[name="number"]').inputValue(), '7')
  t.equal(await counters.locator('dialog input[name="name"]').inputValue(), 'Quầy 7')
  await counters.locator('dialog input[name="number"]').fill('12')
  t.equal(await counters.locator('dialog input[name="name"]').inputValue(), 'Quầy 12', 'the default name follows the number')
  await counters.locator('dialog input[name="name"]').fill('Quầy tiếp nhận hồ sơ')
  await counters.locator('dialog input[name="number"]').fill('13')
  t.equal(await counters.locator('dialog input[name="name"]').inputValue(), 'Quầy tiếp nhận hồ sơ', 'a name typed by hand is kept')
  await counters.locator('dialog button', { hasText: 'Hủy' }).click()
  await counters.locator('dialog form').waitFor({ state: 'detached' })

  // Disabling an account asks first.
  await page.locator('qms-admin-app nav a[data-route="staff"]').click()
  const staff = page.locator('qms-admin-staff')
  await staff.locator('tr[data-username="canbo6"] button', { hasText: 'Khóa' }).click()
  await staff.locator('qms-admin-confirm [data-confirm]').waitFor()
  await screenshot(page, 'admin-confirm')
  await staff.locator('qms-admin-confirm [data-confirm]').click()
  await staff.locator('tr[data-username="canbo6"] .badge.bad').waitFor()
  t.pass('the disabled account is marked')

  await page.locator('qms-admin-app nav a[data-route="audit"]').click()
  await page.locator('qms-admin-audit tr[data-action="user.disable"]').waitFor()
  t.match(
    await page.locator('qms-admin-audit tr[data-action="user.disable"]').textContent(),
    /Quản trị viên.*Khóa tài khoản.*canbo6/s,
    'the audit log names who disabled whom',
  )
  await screenshot(page, 'admin-audit-after')

  t.same(realErrors(errors), [], 'no errors in the page')
})

t.test('a manager sees the screens read-only and no audit log', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const browser = await launch(t)
  const { page, errors } = await newPage(browser, { width: 1366, height: 768 })
  await logIn(page, baseUrl(app), 'lanhdao')
  await page.locator('qms-admin-overview [data-counter="1"]').waitFor()
  t.equal(await page.locator('qms-admin-app nav a[data-route="audit"]').count(), 0, 'no audit log for managers')
  await page.locator('qms-admin-app nav a[data-route="services"]').click()
  await page.locator('qms-admin-services tr[data-code="DD"]').waitFor()
  t.equal(await page.locator('qms-admin-services [data-action="new"]').count(), 0, 'no add button')
  t.equal(await page.locator('qms-admin-services button', { hasText: 'Sửa' }).count(), 0, 'no edit buttons')
  t.ok(await page.locator('qms-admin-app .read-only').isVisible(), 'the screen says it is read-only')
  await screenshot(page, 'admin-manager-services')
  t.same(realErrors(errors), [])
})
