/**
 * Every route of the staff app shows something sensible, and the browser's Back and Forward move
 * between its screens: after login, on an empty or unknown hash, and across console, administration
 * and reports with their sub-routes. Real Chromium.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import type { Page } from 'playwright-core'
import { PASSWORD, baseUrl, build } from '../helpers/build.js'
import { SKIP_BROWSER, launch, newPage, screenshot, until } from '../helpers/browser.js'

async function signIn(page: Page, app: FastifyInstance, username: string, path = '/counter/'): Promise<void> {
  await page.goto(`${baseUrl(app)}${path}`)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.locator('qms-top-bar header').waitFor()
}

const hash = (page: Page) => page.evaluate(() => location.hash)
/** What the app shows under its top bar: the screen's tag, or the text of a message. */
const shown = (page: Page) =>
  page.evaluate(() => {
    const main = document.querySelector('qms-staff-app')?.shadowRoot?.querySelector('main')
    const child = main?.firstElementChild
    if (!child) return 'nothing'
    return child.tagName === 'P' ? `message: ${child.textContent?.trim().replace(/\s+/g, ' ')}` : child.tagName.toLowerCase()
  })

t.test('after login, Back never shows an empty app, and an empty hash is the home screen', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const browser = await launch(t)
  const { page } = await newPage(browser, { width: 1366, height: 768 })
  await page.goto(`${baseUrl(app)}/counter/#/reports`)
  await signIn(page, app, 'canbo1')
  t.equal(await hash(page), '#/console', 'staff start at their counter')
  t.equal(await shown(page), 'qms-console', 'and see it')

  await page.goBack()
  // Back goes to the page before the login (#/reports here, which staff may not open), never to an empty screen.
  const back = await until(
    'Back',
    () => shown(page),
    (s) => s !== 'nothing',
  )
  t.not(back, 'nothing', `Back shows something: ${back}`)
  t.equal(await hash(page), '#/reports')
  t.equal(back, 'message: Bạn không có quyền mở trang này.', 'a screen the role may not open says so')
  await page.goForward()
  t.equal(
    await until(
      'Forward',
      () => shown(page),
      (s) => s === 'qms-console',
    ),
    'qms-console',
    'Forward returns to the console',
  )

  for (const empty of ['#/', '#', '']) {
    await page.evaluate((h) => {
      location.hash = h
    }, empty)
    t.equal(
      await until(
        `the hash “${empty}”`,
        () => hash(page),
        (h) => h === '#/console',
      ),
      '#/console',
      `“${empty}” goes to the console`,
    )
    t.equal(await shown(page), 'qms-console')
  }
})

t.test('a login on the bare address replaces its history entry: Back leaves the app instead of blanking it', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const browser = await launch(t)
  const { page } = await newPage(browser, { width: 1366, height: 768 })
  await page.goto(`${baseUrl(app)}/counter/`)
  const before = await page.evaluate(() => history.length)
  await signIn(page, app, 'lanhdao', '/counter/')
  t.equal(await hash(page), '#/admin', 'a manager starts at administration')
  t.equal(await page.evaluate(() => history.length), before, 'the login adds no history entry')
})

t.test('an unknown route says so, with a link home', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const browser = await launch(t)
  const { page } = await newPage(browser, { width: 1366, height: 768 })
  await signIn(page, app, 'canbo1')
  await page.evaluate(() => {
    location.hash = '#/khong-co-trang-nay'
  })
  const message = page.locator('[data-not-found]')
  await message.waitFor()
  t.match(await message.textContent(), /Không có trang này\./, 'the page says there is no such page')
  await screenshot(page, 'staff-app-not-found-1366x768')
  await message.getByRole('link', { name: 'Về màn hình quầy' }).click()
  t.equal(
    await until(
      'home',
      () => shown(page),
      (s) => s === 'qms-console',
    ),
    'qms-console',
    'the link goes to the console',
  )
})

t.test('Back and Forward move between console, administration and reports, and their sub-routes', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const browser = await launch(t)
  const { page } = await newPage(browser, { width: 1366, height: 768 })
  await signIn(page, app, 'lanhdao')
  const nav = (label: string) => page.locator('qms-top-bar nav a', { hasText: label }).click()
  const where = async () => `${await hash(page)} ${await shown(page)}`

  await page.locator('qms-admin-app a[data-route="counters"]').click()
  await until(
    'counters',
    () => hash(page),
    (h) => h === '#/admin/counters',
  )
  await nav('Báo cáo')
  await until(
    'reports',
    () => shown(page),
    (s) => s === 'qms-reports-app',
  )
  await nav('Quầy')
  await until(
    'console',
    () => shown(page),
    (s) => s === 'qms-console',
  )
  await page.locator('qms-counter-picker').waitFor()

  const steps = ['#/reports qms-reports-app', '#/admin/counters qms-admin-app', '#/admin qms-admin-app']
  for (const expected of steps) {
    await page.goBack()
    t.equal(await until(`Back to ${expected}`, where, (w) => w === expected), expected, `Back: ${expected}`)
  }
  t.equal(await page.locator('qms-admin-app').getAttribute('route'), '', 'the overview, the administration’s first screen')
  for (const expected of ['#/admin/counters qms-admin-app', '#/reports qms-reports-app', '#/console qms-console']) {
    await page.goForward()
    t.equal(await until(`Forward to ${expected}`, where, (w) => w === expected), expected, `Forward: ${expected}`)
  }
  await page.locator('qms-counter-picker').waitFor()
  t.pass('the console is back, with its counter picker')
})
