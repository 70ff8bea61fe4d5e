/**
 * The public page at the sizes it is shown at: the lobby TV (1080p), an office PC (1366×768) and a
 * phone, with a month of history, a long queue and the longest service names of a one-stop centre.
 * Every service row fits without a horizontal scrollbar, the four figures are on screen, and the
 * screenshots go to test/artifacts/public-*.png for people to look at.
 */
import t from 'tap'
import { aDevice, baseUrl, build, counterId, issue, login, serviceId } from '../helpers/build.js'
import { SKIP_BROWSER, launch, newPage, screenshot } from '../helpers/browser.js'

t.setTimeout(240_000)

const LONG_SERVICE = 'Đăng ký đất đai, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất'

t.test('the public page on a TV, a PC and a phone', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true, env: { DEMO_HISTORY_DAYS: '31' } })
  const admin = await login(app, 'admin')
  const land = await serviceId(app, 'DD')
  const patched = await app.inject({ method: 'PATCH', url: `/api/admin/services/${land}`, headers: admin.headers, payload: { nameVi: LONG_SERVICE } })
  t.equal(patched.statusCode, 200, 'a service with a long name')
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const codes = ['DD', 'DD', 'KD', 'HT', 'DD', 'KD', 'DD', 'HT', 'DD', 'KD']
  for (let i = 0; i < 40; i++) t.equal((await issue(app, kiosk, { serviceId: await serviceId(app, codes[i % codes.length]!) })).statusCode, 201)
  const lan = await login(app, 'canbo1')
  await app.inject({ method: 'POST', url: `/api/counters/${await counterId(app, 1)}/open`, headers: lan.headers })
  await app.inject({ method: 'POST', url: `/api/counters/${await counterId(app, 1)}/call-next`, headers: lan.headers })

  const browser = await launch(t)
  const sizes = [
    { name: 'tv-1080p', width: 1920, height: 1080 },
    { name: 'pc-1366', width: 1366, height: 768 },
    { name: 'phone', width: 390, height: 844 },
  ]
  for (const size of sizes) {
    for (const lang of ['vi', 'en'] as const) {
      const { page, errors } = await newPage(browser, size)
      await page.goto(`${baseUrl(app)}/public/1${lang === 'en' ? '?lang=en' : ''}`)
      const layout = await page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        figures: [...document.querySelectorAll('.figure .value')].map((e) => e.textContent?.trim() ?? ''),
        rows: document.querySelectorAll('tbody tr').length,
        figuresBottom: document.querySelector('.figures')?.getBoundingClientRect().bottom ?? Infinity,
      }))
      t.equal(layout.overflow <= 0, true, `${size.name} ${lang}: no horizontal scrollbar (${layout.overflow} px over)`)
      t.equal(layout.figures.length, 4, `${size.name} ${lang}: four figures`)
      t.ok(layout.figuresBottom <= size.height, `${size.name} ${lang}: the figures are on the first screen`)
      t.ok(layout.rows >= 4, `${size.name} ${lang}: a row per service (${layout.rows})`)
      await screenshot(page, `public-${size.name}-${lang}`)
      t.same(errors, [], `${size.name} ${lang}: no errors in the page`)
      await page.context().close()
    }
  }
  const { page } = await newPage(browser, { width: 1920, height: 1080 })
  await page.goto(`${baseUrl(app)}/public`)
  t.equal(await page.locator('tbody tr').count(), 1, 'the province page lists the centre')
  await screenshot(page, 'public-province-tv-1080p')
})
