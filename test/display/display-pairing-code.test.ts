/**
 * Pairing by a short code, in real Chromium: a TV opened at plain /display/ shows a code; an
 * administrator in another browser types it in the devices screen; the TV starts its board with
 * no typing on the TV. A portrait kiosk shows its code too and is paired from the QR code's link
 * onto an existing kiosk record.
 */
import t from 'tap'
import { eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { devices } from '../../server/src/db/schema.js'
import { PASSWORD, aDevice, baseUrl, build, login } from '../helpers/build.js'
import { launch, newPage, screenshot, SKIP_BROWSER } from '../helpers/browser.js'

t.setTimeout(150_000)

async function shownCode(page: Page): Promise<string> {
  const code = page.locator('[data-testid="pairing-code"][data-code]:not([data-code=""])')
  await code.waitFor({ timeout: 20_000 })
  return (await code.getAttribute('data-code')) ?? ''
}

async function adminAt(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.getByLabel('Tên đăng nhập').fill('admin')
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
}

t.test('a TV shows a code, an administrator confirms it elsewhere, the TV starts its board by itself', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const browser = await launch(t)
  const tv = await newPage(browser, { width: 1920, height: 1080 })
  await tv.page.goto(`${baseUrl(app)}/display/`)
  const code = await shownCode(tv.page)
  t.match(code, /^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/, `the TV shows a six-character code (${code})`)
  const screen = tv.page.locator('[data-testid="status-unpaired"]')
  const text = await screen.innerText()
  t.match(text, /Màn hình chưa được đăng ký/, 'says in Vietnamese that it is not registered')
  t.match(text, /Ghép nối bằng mã/, 'and where the administrator types the code')
  t.match(text, /This display is not registered/, 'in English too')
  t.equal(await tv.page.locator('qms-pairing-code svg[role="img"]').count(), 1, 'with a QR code')
  const box = await tv.page.locator('[data-testid="pairing-code"]').boundingBox()
  t.ok(box && box.height >= 100, `the code is large enough to read across a room (${Math.round(box?.height ?? 0)} px high)`)
  await tv.page.locator('[data-testid="pairing-code"]').evaluate((el) => document.fonts.ready.then(() => el))
  await screenshot(tv.page, 'display-pairing-code-1920x1080')
  // Smaller TVs, a 4:3 one and a portrait screen: everything fits, even the widest code.
  for (const [width, height] of [
    [1920, 1080],
    [1366, 768],
    [1024, 768],
    [1080, 1920],
  ] as const) {
    await tv.page.setViewportSize({ width, height })
    if (width !== 1920) await screenshot(tv.page, `display-pairing-code-${width}x${height}`)
    const fits = await tv.page.evaluate(async () => {
      const host = document.querySelector('qms-display-app')!.shadowRoot!.querySelector('qms-status-screen')!
      const panel = host.shadowRoot!.querySelector('.pairing')!.getBoundingClientRect()
      const pairing = host.shadowRoot!.querySelector('qms-pairing-code')!
      const shown = pairing.code
      pairing.code = 'MWMWMW'
      await pairing.updateComplete
      const code = pairing.shadowRoot!.querySelector('.code')!.getBoundingClientRect()
      const card = pairing.shadowRoot!.querySelector('.card')!.getBoundingClientRect()
      pairing.code = shown
      await pairing.updateComplete
      return { screen: panel.top >= 0 && panel.bottom <= innerHeight && panel.right <= innerWidth, code: code.left >= card.left && code.right <= card.right }
    })
    t.same(fits, { screen: true, code: true }, `the pairing screen and the widest code fit ${width}×${height}`)
  }
  await tv.page.setViewportSize({ width: 1920, height: 1080 })

  // The administrator, at an office PC: Quản trị → Thiết bị → Ghép nối bằng mã.
  const office = await newPage(browser, { width: 1366, height: 768 })
  await adminAt(office.page, `${baseUrl(app)}/counter/#/admin/devices`)
  await office.page.locator('[data-action="pair"]').click()
  const dialog = office.page.locator('dialog.pair')
  await dialog.locator('input[name="code"]').fill(code === 'XXXXXX' ? 'YYYYYY' : 'XXXXXX')
  await dialog.getByTestId('pair-lookup-error').waitFor({ timeout: 10_000 })
  t.match(await dialog.getByTestId('pair-lookup-error').innerText(), /Không có thiết bị nào đang hiện mã này/, 'a wrong code is explained')
  await dialog.locator('input[name="code"]').fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}`)
  await dialog.getByTestId('pair-found').waitFor({ timeout: 10_000 })
  t.match(
    await dialog.getByTestId('pair-found').innerText(),
    /Một màn hình hiển thị đang hiện mã này/,
    'the right code, typed in lower case with a space, is found: a display',
  )
  await dialog.locator('input[name="name"]').fill('Màn hình sảnh tầng 2 – Khu tiếp nhận hồ sơ đất đai')
  await screenshot(office.page, 'admin-pair-dialog-1366x768')
  const before = await tv.page.evaluate(() => localStorage.getItem('qms.deviceToken'))
  t.equal(before, null, 'the TV holds no token yet')
  await dialog.getByRole('button', { name: 'Ghép nối', exact: true }).click()
  await office.page.locator('.notice.ok').waitFor({ timeout: 10_000 })
  t.match(await office.page.locator('.notice.ok').innerText(), /Đã ghép nối Màn hình sảnh tầng 2/)
  await office.page.locator('tr[data-device-id]', { hasText: 'Màn hình sảnh tầng 2' }).waitFor({ timeout: 10_000 })

  // Nobody touches the TV: it collects its token and starts the board.
  await tv.page.locator('[data-testid="counter-row"]').first().waitFor({ timeout: 30_000 })
  t.pass('the TV shows the board')
  const token = await tv.page.evaluate(() => localStorage.getItem('qms.deviceToken'))
  t.ok(token && token.length >= 40, 'and keeps its token for restarts')
  const row = app.storage.db.select().from(devices).where(eq(devices.name, 'Màn hình sảnh tầng 2 – Khu tiếp nhận hồ sơ đất đai')).get()
  t.equal(row?.kind, 'display', 'registered as a display')
  t.same(
    tv.errors.filter((e) => !/401|Unauthorized/.test(e)),
    [],
    'no page errors on the TV',
  )
})

t.test('a portrait kiosk shows its code and is paired from the QR link onto its existing record', { skip: SKIP_BROWSER }, async (t) => {
  const { app, clock } = await build(t, { listen: true })
  const old = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  app.storage.db.update(devices).set({ name: 'Máy lấy số sảnh chính (cũ)' }).where(eq(devices.id, old.id)).run()
  const browser = await launch(t)
  const kiosk = await newPage(browser, { width: 1080, height: 1920 })
  await kiosk.page.goto(`${baseUrl(app)}/kiosk/`)
  const first = await shownCode(kiosk.page)
  t.match(await kiosk.page.getByTestId('unpaired').innerText(), /Thiết bị chưa được đăng ký/)
  // Ten minutes pass on the server's clock (the kiosk's own clock is never asked): a new code appears.
  clock.advance(10 * 60_000)
  await kiosk.page.locator(`[data-testid="pairing-code"][data-code]:not([data-code=""]):not([data-code="${first}"])`).waitFor({ timeout: 20_000 })
  const code = await shownCode(kiosk.page)
  t.not(code, first, `the expired code ${first} gave way to ${code} by itself`)
  await kiosk.page.locator('[data-testid="pairing-code"]').evaluate((el) => document.fonts.ready.then(() => el))
  await screenshot(kiosk.page, 'kiosk-pairing-code-1080x1920')
  const widest = await kiosk.page.evaluate(async () => {
    const pairing = document.querySelector('qms-kiosk-app')!.shadowRoot!.querySelector('qms-pairing-code')!
    const shown = pairing.code
    pairing.code = 'MWMWMW'
    await pairing.updateComplete
    const code = pairing.shadowRoot!.querySelector('.code')!.getBoundingClientRect()
    const card = pairing.shadowRoot!.querySelector('.card')!.getBoundingClientRect()
    pairing.code = shown
    return code.left >= card.left && code.right <= card.right && document.scrollingElement!.scrollHeight <= innerHeight
  })
  t.ok(widest, 'the widest code fits the kiosk card and the page does not scroll')

  // The QR code leads to …/counter/#/admin/devices/pair/CODE (on the server's public address).
  // A photo of the old QR code says the code expired.
  const phone = await newPage(browser, { width: 1366, height: 768 })
  await adminAt(phone.page, `${baseUrl(app)}/counter/#/admin/devices/pair/${first}`)
  const dialog = phone.page.locator('dialog.pair')
  await dialog.getByTestId('pair-lookup-error').waitFor({ timeout: 15_000 })
  t.match(await dialog.getByTestId('pair-lookup-error').innerText(), /Mã ghép nối đã hết hạn/, 'the expired code is explained')
  await phone.page.goto(`${baseUrl(app)}/counter/#/admin/devices/pair/${code}`)
  await dialog.getByTestId('pair-found').waitFor({ timeout: 15_000 })
  t.equal(await dialog.locator('input[name="code"]').inputValue(), code, 'the dialog opens with the code filled in')
  t.equal(await dialog.getByTestId('pair-found').getAttribute('data-kind'), 'kiosk')
  await dialog.locator('input[name="mode"][value="existing"]').check()
  await dialog.locator('select[name="deviceId"]').selectOption(String(old.id))
  await dialog.getByRole('button', { name: 'Ghép nối', exact: true }).click()
  await phone.page.locator('.notice.ok').waitFor({ timeout: 10_000 })

  await kiosk.page.locator('qms-service-tile').first().waitFor({ timeout: 30_000 })
  t.pass('the kiosk offers its services')
  const me = await app.inject({ method: 'GET', url: '/api/device/me', headers: old.headers })
  t.equal(me.statusCode, 401, "the record's old token no longer works")
  const token = await kiosk.page.evaluate(() => localStorage.getItem('qms.deviceToken'))
  const now = await app.inject({ method: 'GET', url: '/api/device/me', headers: { authorization: `Bearer ${token}` } })
  t.equal(now.json().device.id, old.id, 'the kiosk took over the existing record')
})

t.test('through a network outage the TV keeps its code, says it is retrying, and still starts once confirmed', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const browser = await launch(t)
  const tv = await newPage(browser, { width: 1920, height: 1080 })
  await tv.page.goto(`${baseUrl(app)}/display/`)
  const code = await shownCode(tv.page)
  // The LAN drops: every pairing request from the TV fails.
  await tv.page.route('**/api/pairing/**', (route) => route.abort('internetdisconnected'))
  await tv.page.locator('qms-pairing-code[warning]').waitFor({ timeout: 20_000 })
  t.equal(await tv.page.locator('[data-testid="pairing-code"]').getAttribute('data-code'), code, 'the code stays on screen')
  t.match(await tv.page.locator('qms-pairing-code .note').innerText(), /Chưa kết nối được máy chủ, đang thử lại/, 'and the TV says it is retrying')
  await screenshot(tv.page, 'display-pairing-code-offline-1920x1080')

  // The administrator confirms meanwhile; the LAN comes back.
  const admin = await login(app, 'admin')
  const done = await app.inject({ method: 'POST', url: `/api/admin/pairing/${code}/confirm`, headers: admin.headers, payload: { name: 'Màn hình sảnh B' } })
  t.equal(done.statusCode, 200)
  await tv.page.unroute('**/api/pairing/**')
  await tv.page.locator('[data-testid="counter-row"]').first().waitFor({ timeout: 30_000 })
  t.pass('the TV collects its token after the outage and shows the board')
})
