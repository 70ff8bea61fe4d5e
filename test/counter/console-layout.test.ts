/**
 * The console on a long queue at office screen sizes: the waiting list scrolls inside its panel,
 * and the current ticket and the seven action buttons stay on the screen. Screenshots:
 * test/artifacts/console-long-queue-*.png.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import type { Page } from 'playwright-core'
import { PASSWORD, baseUrl, build } from '../helpers/build.js'
import { SKIP_BROWSER, launch, newPage, screenshot } from '../helpers/browser.js'
import { longQueue } from './long-queue.js'

async function openConsole(page: Page, app: FastifyInstance): Promise<void> {
  await page.goto(`${baseUrl(app)}/counter/`)
  await page.getByLabel('Tên đăng nhập').fill('canbo1')
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.locator('qms-counter-picker li[data-counter="1"] button').click()
  await page.locator('[data-counter-title]').waitFor()
  await page.locator('qms-waiting-list tr[data-ticket]').nth(23).waitFor({ state: 'attached' })
}

for (const [width, height] of [
  [1366, 768],
  [1920, 1080],
] as const) {
  t.test(`a long queue at ${width}×${height}: the list scrolls in its panel, the actions stay on screen`, { skip: SKIP_BROWSER }, async (t) => {
    const { app } = await build(t, { listen: true })
    await longQueue(app)
    const browser = await launch(t)
    const { page, errors } = await newPage(browser, { width, height })
    await openConsole(page, app)
    // A ticket at the counter: the card and the buttons in their busiest state.
    await page.locator('[data-action="callNext"]').click()
    await page.locator('[data-current-number]').waitFor()

    const actions = page.locator('.actions button[data-action]')
    t.equal(await actions.count(), 7, 'seven action buttons')
    for (const button of await actions.all()) {
      const box = await button.boundingBox()
      const name = await button.getAttribute('data-action')
      t.ok(box && box.y >= 0 && box.x >= 0 && box.y + box.height <= height && box.x + box.width <= width, `${name} is fully on screen (${JSON.stringify(box)})`)
    }
    const card = await page.locator('qms-current-ticket').boundingBox()
    t.ok(card && card.y + card.height <= height, 'the current ticket is on screen')

    const doc = await page.evaluate(() => ({ scroll: document.documentElement.scrollHeight, client: document.documentElement.clientHeight }))
    t.ok(doc.scroll <= doc.client, `the page itself does not scroll (${doc.scroll} ≤ ${doc.client})`)
    const list = page.locator('.list')
    const panel = await list.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }))
    t.ok(panel.scroll > panel.client, `the waiting list overflows its panel (${panel.scroll} > ${panel.client}) and scrolls there`)
    const panelBox = await list.boundingBox()
    t.ok(panelBox && panelBox.y + panelBox.height <= height, 'the panel ends on screen')

    // Scrolling the list moves the list only.
    const before = await actions.first().boundingBox()
    await list.hover()
    await page.mouse.wheel(0, 2000)
    await page.waitForFunction(() => {
      const el = document.querySelector('qms-staff-app')?.shadowRoot?.querySelector('qms-console')?.shadowRoot?.querySelector('.list')
      return el !== null && el !== undefined && el.scrollTop > 0
    })
    t.same(await actions.first().boundingBox(), before, 'the buttons do not move when the list scrolls')
    const last = await page.locator('qms-waiting-list tr[data-ticket]').last().boundingBox()
    t.ok(last && last.y + last.height <= height + 1, 'the last waiting ticket can be scrolled into view')
    await page.evaluate(() => {
      const el = document.querySelector('qms-staff-app')?.shadowRoot?.querySelector('qms-console')?.shadowRoot?.querySelector('.list')
      if (el) el.scrollTop = 0
    })
    await screenshot(page, `console-long-queue-${width}x${height}`)
    t.same(
      errors.filter((e) => !/status of 401/.test(e)),
      [],
    )
  })
}
