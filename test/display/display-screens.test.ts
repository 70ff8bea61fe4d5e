/**
 * The board on a busy morning at the three screen shapes and both themes: every number on screen
 * is the right one and lies inside the screen. Screenshots go to test/artifacts/ for people to look at.
 */
import t from 'tap'
import type { DeviceConfig } from '../../shared/types.js'
import { aDevice, build, login } from '../helpers/build.js'
import { launch, newPage, screenshot, SKIP_BROWSER } from '../helpers/browser.js'
import { aDisplay, callNext, displayUrl, issueMany, openDesks, startServing, texts } from './scenario.js'

t.setTimeout(110_000)

const SHAPES: { name: string; width: number; height: number; config: DeviceConfig }[] = [
  { name: '1920x1080-dark', width: 1920, height: 1080, config: { theme: 'dark', languages: ['vi'] } },
  { name: '1920x1080-light-en', width: 1920, height: 1080, config: { theme: 'light', languages: ['vi', 'en'] } },
  { name: '3840x2160-dark', width: 3840, height: 2160, config: { theme: 'dark', languages: ['vi'] } },
  { name: '3840x2160-light', width: 3840, height: 2160, config: { theme: 'light', languages: ['vi'] } },
  { name: '1080x1920-portrait-dark-en', width: 1080, height: 1920, config: { theme: 'dark', languages: ['vi', 'en'] } },
  { name: '1080x1920-portrait-light', width: 1080, height: 1920, config: { theme: 'light', languages: ['vi'] } },
]

t.test('the board at 1080p, 4K and portrait, dark and light', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk')
  for (const [code, n] of [
    ['DD', 9],
    ['HT', 6],
    ['CT', 5],
    ['KD', 4],
    ['TKQ', 3],
  ] as const)
    await issueMany(app, kiosk, code, n)
  const desks = await openDesks(app, [1, 2, 3, 4, 5, 6])
  const d = (n: number) => desks.get(n)!
  await startServing(app, d(1), await callNext(app, d(1)))
  await callNext(app, d(3))
  await startServing(app, d(4), await callNext(app, d(4)))
  await callNext(app, d(2))
  const paused = await app.inject({
    method: 'POST',
    url: `/api/counters/${d(6).counterId}/pause`,
    headers: d(6).staff.headers,
    payload: { reason: 'Nghỉ giải lao' },
  })
  t.equal(paused.statusCode, 200)
  await callNext(app, d(5))

  const browser = await launch(t)
  for (const shape of SHAPES) {
    const display = await aDisplay(app, shape.config)
    const { page, context, errors } = await newPage(browser, { width: shape.width, height: shape.height })
    await page.goto(displayUrl(app, display))
    await page.locator('[data-testid="latest-number"]').waitFor({ timeout: 15_000 })
    await page.evaluate(() => document.fonts.ready.then(() => undefined))

    t.same(await texts(page, 'latest-number'), ['4001'], `${shape.name}: the latest call`)
    t.same(await texts(page, 'latest-counter'), ['5'], `${shape.name}: its counter`)
    t.same(await texts(page, 'counter-ticket'), ['1001', '1002', '2001', '3001', '4001', '—'], `${shape.name}: each counter's number`)
    t.equal(await page.locator('[data-testid="recent-call"]').count(), 4, `${shape.name}: the four earlier calls`)
    t.match(
      (await page.locator('[data-testid="waiting"][data-service="DD"]').innerText()).replace(/\s+/g, ' '),
      /Đất đai.* 7$/,
      `${shape.name}: 7 wait for land`,
    )

    // Everything that carries information lies fully inside the screen, nothing cut off.
    const outside: string[] = []
    for (const id of ['latest-number', 'latest-counter', 'counter-row', 'counter-ticket', 'recent-call', 'waiting']) {
      for (const box of await page.locator(`[data-testid="${id}"]`).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
        if (box.left < 0 || box.top < 0 || box.right > shape.width + 0.5 || box.bottom > shape.height + 0.5) outside.push(`${id} ${JSON.stringify(box)}`)
      }
    }
    t.same(outside, [], `${shape.name}: nothing overflows the screen`)
    // No number is cut by a box that hides overflow (rows, tiles): its box lies inside theirs.
    const clipped = await page
      .locator(
        '[data-testid="counter-ticket"], [data-testid="latest-number"], [data-testid="latest-counter"], [data-testid="recent-call"], [data-testid="waiting"]',
      )
      .evaluateAll((els) =>
        els
          .filter((el) => {
            const box = el.getBoundingClientRect()
            // Up to the app's element (the page body has no height: the app is position: fixed).
            for (let a: Node | null = el.parentNode; a && a !== document.body; a = a instanceof ShadowRoot ? a.host : a.parentNode) {
              if (!(a instanceof Element) || getComputedStyle(a).overflow === 'visible') continue
              const r = a.getBoundingClientRect()
              if (box.left < r.left - 1 || box.top < r.top - 1 || box.right > r.right + 1 || box.bottom > r.bottom + 1) return true
            }
            return false
          })
          .map((el) => el.textContent?.trim()),
      )
    t.same(clipped, [], `${shape.name}: no number is cut off by its row or tile`)
    const latestFits = await page.locator('qms-latest-call').evaluate((el) => {
      const panel = el.shadowRoot!.querySelector('.panel')!
      const r = panel.getBoundingClientRect()
      const style = getComputedStyle(panel)
      const top = r.top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop) / 2
      const bottom = r.bottom - parseFloat(style.borderBottomWidth) - parseFloat(style.paddingBottom) / 2
      // Inside the panel with at least half its padding to spare: centred content that is too tall spills both ways.
      return [...panel.children].every((c) => {
        const b = c.getBoundingClientRect()
        return b.top >= top && b.bottom <= bottom && b.left >= r.left && b.right <= r.right
      })
    })
    t.ok(latestFits, `${shape.name}: the latest call fits its panel`)
    await screenshot(page, `display-${shape.name}`)
    t.same(errors, [], `${shape.name}: no errors in the page`)
    await context.close()
  }
})

/** Long names a provincial centre really has, added to the six demo services: ten tiles in all. */
const MORE_SERVICES = [
  { code: 'LD', nameVi: 'Lao động – Thương binh và Xã hội', nameEn: 'Labour, invalids and social affairs', blockStart: 5001 },
  { code: 'TNMT', nameVi: 'Tài nguyên và Môi trường', nameEn: 'Natural resources and environment', blockStart: 6001 },
  { code: 'BHXH', nameVi: 'Bảo hiểm xã hội', nameEn: 'Social insurance', blockStart: 7001 },
  { code: 'GTVT', nameVi: 'Giao thông vận tải', nameEn: 'Transport', blockStart: 8001 },
]

t.test('ten services with long names: every name on the waiting strip is shown whole', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const admin = await login(app, 'admin')
  for (const s of MORE_SERVICES) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/admin/services',
      headers: admin.headers,
      payload: { ...s, numbering: 'block', blockEnd: s.blockStart + 998, targetWaitMinutes: 15, defaultServiceMinutes: 8 },
    })
    t.equal(res.statusCode, 201, `${s.code} created`)
  }
  const browser = await launch(t)
  for (const shape of SHAPES.filter((s) => s.width !== 3840)) {
    const display = await aDisplay(app, shape.config)
    const { page, context, errors } = await newPage(browser, { width: shape.width, height: shape.height })
    await page.goto(displayUrl(app, display))
    await page.locator('[data-testid="waiting"][data-service="LD"]').waitFor({ timeout: 15_000 })
    await page.evaluate(() => document.fonts.ready.then(() => undefined))
    t.equal(await page.locator('[data-testid="waiting"]').count(), 10, `${shape.name}: a tile per service`)
    // A name is cut when its text needs more room than its box gives (the line clamp hides the rest).
    const cut = await page
      .locator('[data-testid="waiting"] .vi, [data-testid="waiting"] .name-en')
      .evaluateAll((els) => els.filter((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent))
    t.same(cut, [], `${shape.name}: no service name is cut`)
    // The taller strip leaves the counter board less room: each row's text still fits its row.
    const squeezed = await page.locator('[data-testid="counter-row"]').evaluateAll((rows) =>
      rows.flatMap((row) => {
        const box = row.getBoundingClientRect()
        return [...row.querySelectorAll('.counter-no, .services, .status, .ticket')]
          .filter((el) => {
            const b = el.getBoundingClientRect()
            return b.top < box.top - 0.5 || b.bottom > box.bottom + 0.5
          })
          .map((el) => el.textContent?.trim())
      }),
    )
    t.same(squeezed, [], `${shape.name}: every counter row's text fits inside the row`)
    const outside = await page
      .locator('[data-testid="waiting"], [data-testid="counter-row"]')
      .evaluateAll(
        (els, size) =>
          els.map((e) => e.getBoundingClientRect()).filter((b) => b.left < 0 || b.top < 0 || b.right > size.w + 0.5 || b.bottom > size.h + 0.5).length,
        { w: shape.width, h: shape.height },
      )
    t.equal(outside, 0, `${shape.name}: every tile and counter row inside the screen`)
    await screenshot(page, `display-ten-services-${shape.name}`)
    t.same(errors, [], `${shape.name}: no errors in the page`)
    await context.close()
  }
})
