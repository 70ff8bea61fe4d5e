/**
 * A kiosk opened with a display's link says plainly that the link belongs to a display (not that
 * the kiosk is unregistered or revoked), and offers no services.
 */
import t from 'tap'
import { aDevice, baseUrl, build } from '../helpers/build.js'
import { launch, newPage, screenshot, SKIP_BROWSER } from '../helpers/browser.js'

t.test("a display's link opened on the kiosk", { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const display = await aDevice(app, 'display', {})
  const browser = await launch(t)
  const { page, context } = await newPage(browser, { width: 1080, height: 1920 })
  t.teardown(() => context.close())
  await page.goto(`${baseUrl(app)}/kiosk/#token=${display.token}`)
  const notice = page.getByTestId('not-kiosk')
  await notice.waitFor({ timeout: 15_000 })
  // Long enough for the socket and the availability poll to have had their say.
  await page.waitForTimeout(2_500)
  const text = await notice.locator('.box').innerText()
  t.match(text, /Đây là đường dẫn của màn hình hiển thị/, 'says the link is a display’s')
  t.match(text, /không phải của máy lấy số/, 'not a kiosk’s')
  t.notMatch(text, /chưa được đăng ký|thu hồi/, 'not that it is unregistered or revoked')
  t.equal(await page.locator('qms-service-tile').count(), 0, 'no services offered')
  await screenshot(page, 'kiosk-portrait-vi-display-link')
  await page.setViewportSize({ width: 1920, height: 1080 })
  await screenshot(page, 'kiosk-landscape-vi-display-link')
})
