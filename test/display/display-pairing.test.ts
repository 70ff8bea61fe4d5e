/**
 * Pairing: a display opened without a registration, with a bad one, or with a kiosk's says so in
 * plain words; a registered display keeps its token across reloads (and out of the address bar);
 * revoking it while it runs takes the board off the screen.
 */
import t from 'tap'
import { aDevice, baseUrl, build, counterId, login } from '../helpers/build.js'
import { launch, newPage, screenshot, SKIP_BROWSER } from '../helpers/browser.js'
import { aDisplay, displayUrl } from './scenario.js'

t.setTimeout(110_000)

t.test('unpaired, unknown and wrong-kind tokens each get a clear screen', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const browser = await launch(t)

  const unpaired = await newPage(browser)
  await unpaired.page.goto(`${baseUrl(app)}/display/`)
  await unpaired.page.locator('[data-testid="status-unpaired"]').waitFor({ timeout: 15_000 })
  const text = await unpaired.page.locator('[data-testid="status-unpaired"]').innerText()
  t.match(text, /Màn hình chưa được đăng ký/, 'says in Vietnamese that the display is not registered')
  t.match(text, /This display is not registered/, 'and in English')
  await screenshot(unpaired.page, 'display-unpaired-1920x1080')

  const unknown = await newPage(browser)
  await unknown.page.goto(`${baseUrl(app)}/display/#token=not-a-real-token`)
  await unknown.page.locator('[data-testid="status-revoked"]').waitFor({ timeout: 15_000 })
  t.pass('an unknown token shows the revoked screen')

  const kiosk = await aDevice(app, 'kiosk')
  const wrong = await newPage(browser)
  await wrong.page.goto(`${baseUrl(app)}/display/#token=${kiosk.token}`)
  const notDisplay = wrong.page.locator('[data-testid="status-not-display"]')
  await notDisplay.waitFor({ timeout: 15_000 })
  const said = await notDisplay.innerText()
  t.match(said, /Đây là đường dẫn của máy lấy số/, "a kiosk's token: the screen says the link is a kiosk's")
  t.match(said, /This is a kiosk’s link/, 'and in English')
  t.notMatch(said, /thu hồi|revoked/, 'not that the display was revoked')
  await screenshot(wrong.page, 'display-kiosk-link-1920x1080')
})

t.test('a paired display starts by itself after a reload and stops when revoked', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const display = await aDisplay(app)
  const browser = await launch(t)
  const { page } = await newPage(browser)
  await page.goto(displayUrl(app, display))
  await page.locator('[data-testid="counter-row"]').first().waitFor({ timeout: 15_000 })
  t.notMatch(page.url(), /token/, 'the token is taken out of the address bar')

  await page.goto(`${baseUrl(app)}/display/`)
  await page.locator('[data-testid="counter-row"]').first().waitFor({ timeout: 15_000 })
  t.pass('after a reload without the link the display starts by itself')

  // An administrator moves the display to one room (counters 1 and 2) with the light theme.
  const admin = await login(app, 'admin')
  t.equal(await page.locator('qms-display-app').getAttribute('theme'), 'dark')
  const changed = await app.inject({
    method: 'PATCH',
    url: `/api/admin/devices/${display.id}`,
    headers: admin.headers,
    payload: { config: { theme: 'light', counterIds: [await counterId(app, 1), await counterId(app, 2)] } },
  })
  t.equal(changed.statusCode, 200)
  await page.locator('qms-display-app[theme="light"]').waitFor({ timeout: 20_000 })
  await page.locator('[data-testid="counter-row"][data-counter="3"]').waitFor({ state: 'detached', timeout: 10_000 })
  t.same(
    await page.locator('[data-testid="counter-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-counter'))),
    ['1', '2'],
    'new settings apply by themselves: light theme, only the counters of its room',
  )

  const revoked = await app.inject({ method: 'POST', url: `/api/admin/devices/${display.id}/revoke`, headers: admin.headers })
  t.equal(revoked.statusCode, 200)
  await page.locator('[data-testid="status-revoked"]').waitFor({ timeout: 20_000 })
  t.equal(await page.locator('[data-testid="counter-row"]').count(), 0, 'the board is no longer shown')
})
