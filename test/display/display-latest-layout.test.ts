/**
 * The latest-call card of a display set up for Vietnamese and English, under a full list of recent
 * calls, with the longest numbers a site can have (three prefix letters and six digits, counter
 * 888) and with a four-digit number (drawn at full size, so the tallest card): every piece of text
 * lies inside the card's frame and none overflows its own box, at 1920×1080, 1366×768 and on a
 * portrait 1080×1920 screen; no recent call is cut. Also checks the idle card. Screenshots go to
 * test/artifacts/. (The card before this fix overflowed with the four-digit number at both TV sizes.)
 */
import t from 'tap'
import type { Page } from 'playwright-core'
import { aDevice, build, counterId, login, serviceId } from '../helpers/build.js'
import { launch, newPage, screenshot, SKIP_BROWSER } from '../helpers/browser.js'
import { aDisplay, callNext, displayUrl, finish, issueMany, openDesks, startServing, texts, type Desk } from './scenario.js'

t.setTimeout(110_000)

const SIZES = [
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '1366x768', width: 1366, height: 768 },
  { name: '1080x1920-portrait', width: 1080, height: 1920 },
]

/** Each text run of the card that leaves the card's frame (inside its border) or overflows its own element. */
function overflowingText(page: Page): Promise<string[]> {
  return page.locator('qms-latest-call').evaluate((host) => {
    const panel = host.shadowRoot!.querySelector('.panel')!
    const frame = panel.getBoundingClientRect()
    const style = getComputedStyle(panel)
    const inner = {
      left: frame.left + parseFloat(style.borderLeftWidth),
      right: frame.right - parseFloat(style.borderRightWidth),
      top: frame.top + parseFloat(style.borderTopWidth),
      bottom: frame.bottom - parseFloat(style.borderBottomWidth),
    }
    const out: string[] = []
    const hostBox = host.getBoundingClientRect()
    if (frame.left < hostBox.left - 0.5 || frame.right > hostBox.right + 0.5 || frame.top < hostBox.top - 0.5 || frame.bottom > hostBox.bottom + 0.5) {
      out.push(`the card's frame leaves its place on the board: ${JSON.stringify(frame)} in ${JSON.stringify(hostBox)}`)
    }
    const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim()
      if (!text) continue
      const range = document.createRange()
      range.selectNodeContents(node)
      // The glyphs' boxes, unaffected by the short "pop" animation of a new call (it scales the number's element).
      for (const r of range.getClientRects()) {
        if (r.left < inner.left - 0.5 || r.right > inner.right + 0.5 || r.top < inner.top - 0.5 || r.bottom > inner.bottom + 0.5) {
          out.push(`"${text}" ${JSON.stringify({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })} outside ${JSON.stringify(inner)}`)
        }
      }
      const el = node.parentElement!
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') out.push(`"${text}" is wider than its box`)
    }
    return out
  })
}

t.test('bilingual latest-call card: all text inside its frame, long and short numbers', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const admin = await login(app, 'admin')
  // The longest ticket numbers the numbering allows: three prefix letters and six digits.
  const created = await app.inject({
    method: 'POST',
    url: '/api/admin/services',
    headers: admin.headers,
    payload: {
      code: 'WMW',
      nameVi: 'Đăng ký biện pháp bảo đảm',
      nameEn: 'Secured transactions',
      numbering: 'prefix',
      prefix: 'WMW',
      digits: 6,
      targetWaitMinutes: 15,
      defaultServiceMinutes: 8,
    },
  })
  t.equal(created.statusCode, 201, 'service created')
  const wide = await serviceId(app, 'WMW')
  // Counter 5 becomes counter 888 and serves the new service.
  const five = { id: await counterId(app, 5) }
  const patched = await app.inject({
    method: 'PATCH',
    url: `/api/admin/counters/${five.id}`,
    headers: admin.headers,
    payload: { number: 888, name: 'Quầy tiếp nhận hồ sơ liên thông đất đai', serviceIds: [wide] },
  })
  t.equal(patched.statusCode, 200, 'counter renumbered')
  const staff = await login(app, 'canbo5')
  const opened = await app.inject({ method: 'POST', url: `/api/counters/${five.id}/open`, headers: staff.headers })
  t.equal(opened.statusCode, 200, 'counter 888 open')
  const desk: Desk = { counter: 888, counterId: five.id, staff }
  const kiosk = await aDevice(app, 'kiosk')
  await issueMany(app, kiosk, 'WMW', 8)
  for (const [code, n] of [
    ['DD', 6],
    ['HT', 4],
    ['CT', 3],
  ] as const)
    await issueMany(app, kiosk, code, n)
  // Six earlier calls, served: the list of recent calls under the card is full, so the card has its least room.
  for (let i = 0; i < 6; i++) await finish(app, desk, await startServing(app, desk, await callNext(app, desk)))

  const browser = await launch(t)
  const display = await aDisplay(app, { languages: ['vi', 'en'] })
  for (const size of SIZES) {
    const { page, context } = await newPage(browser, { width: size.width, height: size.height })
    await page.goto(displayUrl(app, display))
    await page.locator('[data-testid="counter-row"][data-counter="888"]').waitFor({ timeout: 15_000 })
    await page.evaluate(() => document.fonts.ready.then(() => undefined))
    t.same(await overflowingText(page), [], `${size.name}: the idle card's text fits`)
    await screenshot(page, `display-latest-idle-en-${size.name}`)
    await context.close()
  }

  const ticket = await callNext(app, desk)
  t.equal(ticket.number, 'WMW000007')
  // Then a four-digit number at counter 1: the number at full size, with the list of long numbers under it.
  const short = await callNext(app, (await openDesks(app, [1])).get(1)!)
  t.equal(short.number, '1001')
  for (const [number, counter] of [
    ['WMW000007', '888'],
    ['1001', '1'],
  ] as const) {
    for (const size of SIZES) {
      for (const theme of ['dark', 'light'] as const) {
        const name = `${size.name} ${theme} ${number}`
        const themed = await aDisplay(app, { languages: ['vi', 'en'], theme, counterIds: number === '1001' ? [] : [five.id] })
        const { page, context, errors } = await newPage(browser, { width: size.width, height: size.height })
        await page.goto(displayUrl(app, themed))
        await page.locator('[data-testid="latest-number"]').waitFor({ timeout: 15_000 })
        await page.evaluate(() => document.fonts.ready.then(() => undefined))
        t.same(await texts(page, 'latest-number'), [number], `${name}: the latest call`)
        t.same(await texts(page, 'latest-counter'), [counter], `${name}: its counter`)
        t.same(await overflowingText(page), [], `${name}: no text of the card overflows its frame`)
        // At least two rows of earlier calls, none cut, all inside the list's panel.
        const recent = page.locator('[data-testid="recent-call"]')
        t.ok((await recent.count()) >= 4, `${name}: at least two rows of recent calls (${await recent.count()})`)
        const cut = await page.locator('qms-recent-calls').evaluate((host) => {
          const frame = host.getBoundingClientRect()
          return [...host.shadowRoot!.querySelectorAll('li, li span')]
            .filter((el) => {
              const b = el.getBoundingClientRect()
              return el.scrollWidth > el.clientWidth + 1 || b.left < frame.left || b.right > frame.right || b.bottom > frame.bottom
            })
            .map((el) => el.textContent?.replace(/\s+/g, ' ').trim())
        })
        t.same(cut, [], `${name}: no recent call is cut`)
        await screenshot(page, `display-latest-en-${size.name}-${theme}-${number}`)
        t.same(errors, [], `${name}: no errors in the page`)
        await context.close()
      }
    }
  }
  await finish(app, desk, await startServing(app, desk, ticket))
})
