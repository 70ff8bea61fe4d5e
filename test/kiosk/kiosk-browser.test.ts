/**
 * The kiosk in real Chromium, opened as a registered device: a citizen takes an ordinary and a
 * priority ticket and sees the number the server issued; closed services cannot be chosen; the
 * screens fit portrait and landscape touch screens in both languages (screenshots in
 * test/artifacts/); the kiosk says so when it is out of service.
 */
import { join } from 'node:path'
import t from 'tap'
import type { Page } from 'playwright-core'
import { and, desc, eq, isNotNull } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { counterServices, services, sites, tickets } from '../../server/src/db/schema.js'
import { aDevice, baseUrl, build, counterId, issue, serviceId, type Device, fieldsOnly } from '../helpers/build.js'
import { ARTIFACTS, launch, newPage, screenshot, SKIP_BROWSER } from '../helpers/browser.js'
import { startFakePrinter } from '../helpers/fake-printer.js'

const PORTRAIT = { width: 1080, height: 1920 }
const LANDSCAPE = { width: 1920, height: 1080 }

/** Replaces window.print (Chrome's --kiosk-printing is not available headless) with a counter. */
async function countPrints(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __prints: number }
    w.__prints = 0
    window.print = () => {
      w.__prints++
    }
  })
}

async function prints(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __prints: number }).__prints)
}

async function latestTicket(app: FastifyInstance, code: string) {
  const service = await serviceId(app, code)
  return app.storage.db.select().from(tickets).where(eq(tickets.serviceId, service)).orderBy(desc(tickets.id)).get()
}

function ticketCount(app: FastifyInstance): number {
  return app.storage.db.select().from(tickets).all().length
}

async function openKiosk(page: Page, app: FastifyInstance, kiosk: Device): Promise<void> {
  await page.goto(`${baseUrl(app)}/kiosk/#token=${kiosk.token}`)
  await page.locator('qms-service-tile button[data-service="DD"][aria-disabled="false"]').waitFor()
}

/** Every tile and the priority bar lie inside the viewport, no name is cut short, and the page does not scroll. */
async function fitsWithoutScrolling(page: Page, mayBeCut: string[] = []): Promise<{ ok: boolean; detail: string }> {
  return page.evaluate((mayBeCut) => {
    const app = document.querySelector('qms-kiosk-app')!
    const root = app.shadowRoot!
    const boxes = [...root.querySelectorAll('qms-service-tile, .priority-bar')].map((el) => el.getBoundingClientRect())
    const inside = boxes.every((b) => b.top >= 0 && b.left >= 0 && b.bottom <= innerHeight + 0.5 && b.right <= innerWidth + 0.5 && b.height > 50)
    // Inside each tile the names are not squeezed: nothing is cut off or drawn over the figures.
    const clean = [...root.querySelectorAll('qms-service-tile')].every((tile) => {
      const names = tile.shadowRoot!.querySelector<HTMLElement>('.names')!
      return names.scrollHeight <= names.clientHeight + 1 || mayBeCut.includes(tile.shadowRoot!.querySelector('.primary')?.textContent ?? '')
    })
    // Names cut short (line clamp) although they are not, e.g. "Certification of copies and sign…".
    const cut = [...root.querySelectorAll('qms-service-tile')].flatMap((tile) =>
      [...tile.shadowRoot!.querySelectorAll<HTMLElement>('.primary, .secondary')]
        .filter((el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
        .map((el) => el.textContent ?? '')
        .filter((name) => !mayBeCut.includes(name)),
    )
    // Even a name allowed an ellipsis is never sliced: no line hangs out of the box that clips it.
    const sliced = [...root.querySelectorAll('qms-service-tile')].flatMap((tile) => {
      const names = tile.shadowRoot!.querySelector<HTMLElement>('.names')!.getBoundingClientRect()
      return [...tile.shadowRoot!.querySelectorAll<HTMLElement>('.primary, .secondary')]
        .filter((el) => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().bottom > names.bottom + 1)
        .map((el) => el.textContent ?? '')
    })
    const scroll = document.scrollingElement!
    return {
      ok:
        inside &&
        clean &&
        cut.length === 0 &&
        sliced.length === 0 &&
        boxes.length > 0 &&
        scroll.scrollHeight <= innerHeight &&
        scroll.scrollWidth <= innerWidth,
      detail: JSON.stringify({ boxes: boxes.map((b) => [Math.round(b.top), Math.round(b.bottom)]), cut, sliced }),
    }
  }, mayBeCut)
}

t.test('a citizen takes numbers at the kiosk', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  await fieldsOnly(app)
  const browser = await launch(t)
  // Others are already waiting, so the figures on screen are not all zero.
  const elsewhere = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  await issue(app, elsewhere, { serviceId: await serviceId(app, 'DD') })
  await issue(app, elsewhere, { serviceId: await serviceId(app, 'DD') })
  await issue(app, elsewhere, { serviceId: await serviceId(app, 'HT') })
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'browser', paperWidth: 80 } })

  for (const [orientation, viewport] of [
    ['portrait', PORTRAIT],
    ['landscape', LANDSCAPE],
  ] as const) {
    t.test(`${orientation}: home, a closed service, an ordinary ticket`, async (t) => {
      const { page, context, errors } = await newPage(browser, viewport)
      t.teardown(() => context.close())
      await countPrints(page)
      await openKiosk(page, app, kiosk)

      await t.resolves(page.getByText('Mời chọn lĩnh vực cần giải quyết').waitFor(), 'Vietnamese first')
      const land = page.locator('button[data-service="DD"]')
      t.match(await land.innerText(), /Đất đai[\s\S]*Land[\s\S]*\d+ người đang chờ/, 'VI name, EN name and the waiting count')
      const construction = page.locator('button[data-service="XD"]')
      t.ok(await construction.isDisabled(), 'XD (closed on Mondays) cannot be chosen')
      t.match(await construction.innerText(), /Ngoài giờ cấp số[\s\S]*Thứ Ba, Thứ Năm/, 'and says why, with its hours')
      const fit = await fitsWithoutScrolling(page)
      t.ok(fit.ok, `all tiles fit on screen without scrolling ${fit.detail}`)
      await screenshot(page, `kiosk-${orientation}-vi-home`)

      const before = ticketCount(app)
      await construction.click({ force: true })
      const toast = page.getByTestId('closed-toast')
      await toast.waitFor()
      t.match(
        (await toast.locator('.toast').innerText()).replace(/\s+/g, ' '),
        /Lĩnh vực “Xây dựng” hiện chưa cấp số Giờ cấp số: Thứ Ba, Thứ Năm, \d\d:\d\d–\d\d:\d\d/,
        'tapping the closed tile says why, with its hours',
      )
      await screenshot(page, `kiosk-${orientation}-vi-closed-tapped`)
      t.equal(ticketCount(app), before, 'tapping the closed tile issued nothing')
      await toast.waitFor({ state: 'detached', timeout: 15_000 })
      t.pass('and the message goes away by itself')

      await land.click()
      const shown = await page.getByTestId('ticket-number').innerText()
      const stored = await latestTicket(app, 'DD')
      t.equal(shown, stored?.number, 'the number on screen is the one the server stored')
      t.equal(stored?.deviceId, kiosk.id)
      t.match(await page.getByTestId('print-status').innerText(), 'Mời nhận phiếu bên dưới')
      t.equal(await prints(page), 1, 'the browser-printed ticket was sent to the printer once')
      t.equal(await page.locator('qms-print-ticket .number').innerText(), stored?.number, 'the paper carries the same number')
      t.equal(await page.locator('qms-print-ticket .service').innerText(), 'Đất đai')
      // No Đất đai counter is open yet: the screen and the paper say so, in the same words, instead of a wait.
      t.equal(await page.locator('qms-ticket-result').getByTestId('wait').innerText(), 'Chưa có quầy mở')
      t.equal(await page.locator('qms-print-ticket').getByTestId('print-wait').innerText(), 'Thời gian chờ dự kiến: Chưa có quầy mở')
      t.match(await page.evaluate(() => document.getElementById('qms-page-size')?.textContent ?? ''), /size: 80mm \d+mm/, 'an 80 mm page')
      t.ok(await page.locator('qms-qr-code svg path').count(), 'a QR code of the tracking link')
      await screenshot(page, `kiosk-${orientation}-vi-result`)
      if (orientation === 'portrait') {
        // The paper as Chrome prints it: only the ticket, in print media.
        await page.emulateMedia({ media: 'print' })
        t.notOk(await page.locator('.screen').isVisible(), 'the screen itself is not printed')
        await page.locator('qms-print-ticket').screenshot({ path: join(ARTIFACTS, 'kiosk-browser-print-80mm.png') })
        await page.emulateMedia({ media: 'screen' })
      }

      await page.getByTestId('done').click()
      await land.waitFor()
      t.same(errors, [], 'no errors in the page')
    })

    t.test(`${orientation}: a priority ticket, in English`, async (t) => {
      const { page, context, errors } = await newPage(browser, viewport)
      t.teardown(() => context.close())
      await countPrints(page)
      await openKiosk(page, app, kiosk)

      await page.getByTestId('language').click()
      await page.getByText('Please choose a service').waitFor()
      t.match(await page.locator('button[data-service="XD"]').innerText(), /Construction permits[\s\S]*Outside service hours/)
      await page.locator('button[data-service="XD"]').click({ force: true })
      t.match(
        (await page.getByTestId('closed-toast').locator('.toast').innerText()).replace(/\s+/g, ' '),
        /“Construction permits” is not issuing numbers now Hours: Tue, Thu/,
        'the closed-service message in English',
      )
      await screenshot(page, `kiosk-${orientation}-en-closed-tapped`)
      await page.getByTestId('closed-toast').click()
      await page.getByTestId('closed-toast').waitFor({ state: 'detached' })
      const fitEn = await fitsWithoutScrolling(page)
      t.ok(fitEn.ok, `English names fit their tiles whole ${fitEn.detail}`)
      await screenshot(page, `kiosk-${orientation}-en-home`)

      await page.getByTestId('priority').click()
      await page.getByText('Which priority group are you in?').waitFor()
      await screenshot(page, `kiosk-${orientation}-en-priority`)
      await page.locator('button[data-group="NCT"]').click()
      await page.getByTestId('priority-banner').waitFor()
      await page.locator('button[data-service="HT"]').click()

      const shown = await page.getByTestId('ticket-number').innerText()
      const stored = app.storage.db
        .select()
        .from(tickets)
        .where(and(eq(tickets.serviceId, await serviceId(app, 'HT')), isNotNull(tickets.priorityGroupId)))
        .orderBy(desc(tickets.id))
        .get()
      t.equal(shown, stored?.number, 'the priority number shown is the one stored')
      t.match(await page.getByTestId('priority').innerText(), 'Priority: Elderly')
      // Only earlier priority tickets of the same service wait ahead of a priority ticket.
      const earlierPriority = app.storage.db
        .select()
        .from(tickets)
        .where(and(eq(tickets.serviceId, await serviceId(app, 'HT')), eq(tickets.status, 'waiting'), isNotNull(tickets.priorityGroupId)))
        .all()
        .filter((row) => row.id < stored!.id).length
      t.equal(await page.getByTestId('waiting-ahead').innerText(), String(earlierPriority), 'a priority ticket goes ahead of ordinary ones')
      await screenshot(page, `kiosk-${orientation}-en-result`)
      t.same(errors, [])
    })
  }

  t.test('the Vietnamese priority step and result, portrait', async (t) => {
    const { page, context } = await newPage(browser, PORTRAIT)
    t.teardown(() => context.close())
    await countPrints(page)
    await openKiosk(page, app, kiosk)
    await page.getByTestId('priority').click()
    await page.getByText('Ông/Bà thuộc đối tượng ưu tiên nào?').waitFor()
    await screenshot(page, 'kiosk-portrait-vi-priority')
    await page.locator('button[data-group="PNMT"]').click()
    await page.locator('button[data-service="CT"]').click()
    const shown = await page.getByTestId('ticket-number').innerText()
    t.equal(shown, (await latestTicket(app, 'CT'))?.number)
    t.match(await page.getByTestId('priority').innerText(), /Ưu tiên: Phụ nữ mang thai/)
    await screenshot(page, 'kiosk-portrait-vi-priority-result')
  })

  t.test('a lost answer is retried with the same key: one ticket, and its number is shown', async (t) => {
    const { page, context } = await newPage(browser, PORTRAIT)
    t.teardown(() => context.close())
    await countPrints(page)
    const keys: string[] = []
    await page.route('**/api/kiosk/tickets', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '')
      if (keys.length === 1) {
        // The server issues the ticket, but the answer never reaches the kiosk.
        await route.fetch()
        await route.abort('connectionreset')
        return
      }
      await route.continue()
    })
    await openKiosk(page, app, kiosk)
    const before = ticketCount(app)
    await page.locator('button[data-service="KD"]').click()
    const shown = await page.getByTestId('ticket-number').innerText()
    t.equal(keys.length, 2, 'one retry')
    t.equal(keys[0], keys[1], 'with the same idempotency key')
    t.equal(ticketCount(app), before + 1, 'one ticket issued, not two')
    t.equal(shown, (await latestTicket(app, 'KD'))?.number)
    t.equal(await prints(page), 1, 'and one paper ticket')
  })

  t.test('a network printer that fails: the number is shown with a hint to remember it', async (t) => {
    const { page, context } = await newPage(browser, PORTRAIT)
    t.teardown(() => context.close())
    // Port 9 on loopback: nothing listens there.
    const broken = await aDevice(app, 'kiosk', { printer: { kind: 'network', url: 'tcp://127.0.0.1:9', paperWidth: 80 } })
    await openKiosk(page, app, broken)
    await page.locator('button[data-service="TKQ"]').click()
    t.equal(await page.getByTestId('ticket-number').innerText(), (await latestTicket(app, 'TKQ'))?.number)
    const status = page.getByTestId('print-status')
    t.equal(await status.getAttribute('data-state'), 'failed')
    t.match(await status.innerText(), 'Máy in gặp sự cố — vui lòng ghi nhớ số thứ tự')
    await screenshot(page, 'kiosk-portrait-vi-print-failed')
  })

  t.test('a kiosk that is not registered says so', async (t) => {
    const { page, context } = await newPage(browser, PORTRAIT)
    t.teardown(() => context.close())
    await page.goto(`${baseUrl(app)}/kiosk/#token=not-a-real-token-000000`)
    await page.getByText('Thiết bị chưa được đăng ký').waitFor()
    t.notOk(await page.locator('qms-service-tile').count(), 'no services offered')
    await screenshot(page, 'kiosk-portrait-vi-unpaired')
  })
})

t.test('twelve services with long names fit without scrolling in both orientations and languages', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  await fieldsOnly(app)
  const more: [string, string, string][] = [
    ['LD', 'Lao động – Thương binh và Xã hội', 'Labour, invalids and social affairs'],
    ['TN', 'Tài nguyên và Môi trường', 'Natural resources and environment'],
    ['GD', 'Giáo dục và Đào tạo', 'Education and training'],
    ['YT', 'Y tế', 'Health'],
    ['NN', 'Nông nghiệp và Phát triển nông thôn', 'Agriculture and rural development'],
    ['TP', 'Tư pháp – Hộ tịch nuôi con nuôi có yếu tố nước ngoài', 'Justice: adoption with foreign elements'],
  ]
  const c6 = await counterId(app, 6)
  more.forEach(([code, nameVi, nameEn], i) => {
    const row = app.storage.db
      .insert(services)
      .values({ siteId: 1, code, nameVi, nameEn, numbering: 'prefix', prefix: code.slice(0, 1), sortOrder: 100 + i })
      .returning()
      .get()
    // Served by counter 6, so the tiles are open: a service no counter serves is shown closed.
    app.storage.db
      .insert(counterServices)
      .values({ counterId: c6, serviceId: row.id, position: 10 + i })
      .run()
  })
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const browser = await launch(t)
  for (const [orientation, viewport] of [
    ['portrait', PORTRAIT],
    ['landscape', LANDSCAPE],
  ] as const) {
    const { page, context } = await newPage(browser, viewport)
    t.teardown(() => context.close())
    await openKiosk(page, app, kiosk)
    await page.locator('button[data-service="TP"]').waitFor()
    t.equal(await page.locator('qms-service-tile').count(), 12)
    // Only the deliberately overlong name may end in an ellipsis; every real name is whole.
    const overlong = more[5]!.slice(1)
    const fit = await fitsWithoutScrolling(page, overlong)
    t.ok(fit.ok, `${orientation}: 12 tiles fit ${fit.detail}`)
    await screenshot(page, `kiosk-${orientation}-vi-12-services`)
    await page.getByTestId('language').click()
    await page.getByText('Please choose a service').waitFor()
    const fitEn = await fitsWithoutScrolling(page, overlong)
    t.ok(fitEn.ok, `${orientation}: and in English ${fitEn.detail}`)
    await screenshot(page, `kiosk-${orientation}-en-12-services`)
  }
})

t.test('a jammed network printer: "printing…" first, then the hint to remember the number', { skip: SKIP_BROWSER }, async (t) => {
  // The request waits 2.5 s for the printer; the job is abandoned after 6 s.
  const { app } = await build(t, { listen: true, env: { PRINT_TIMEOUT_MS: '6000' } })
  await fieldsOnly(app)
  const printer = await startFakePrinter('hang')
  t.teardown(() => printer.close())
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'network', url: printer.url, paperWidth: 80 } })
  const browser = await launch(t)
  const { page, context } = await newPage(browser, PORTRAIT)
  t.teardown(() => context.close())
  await openKiosk(page, app, kiosk)
  await page.locator('button[data-service="DD"]').click()
  const status = page.getByTestId('print-status')
  await page.locator('[data-testid="print-status"][data-state="pending"]').waitFor()
  t.match(await status.innerText(), 'Đang in phiếu…')
  t.equal(await page.getByTestId('ticket-number').innerText(), (await latestTicket(app, 'DD'))?.number)
  // The outcome arrives later as print:result over the kiosk's socket.
  await page.locator('[data-testid="print-status"][data-state="failed"]').waitFor({ timeout: 30_000 })
  t.match(await status.innerText(), 'Máy in gặp sự cố — vui lòng ghi nhớ số thứ tự')
  t.equal(printer.connections.length, 1)
})

t.test('the kiosk shows "out of service" when the server stops', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  await fieldsOnly(app)
  const browser = await launch(t)
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const { page, context } = await newPage(browser, LANDSCAPE)
  t.teardown(() => context.close())
  await openKiosk(page, app, kiosk)
  t.notOk(await page.getByTestId('out-of-service').count(), 'in service while the server runs')
  await app.close()
  await page.getByTestId('out-of-service').waitFor({ timeout: 20_000 })
  t.equal(await page.getByTestId('out-of-service').locator('h2').innerText(), 'Tạm ngừng phục vụ')
  await screenshot(page, 'kiosk-landscape-vi-out-of-service')
})

t.test('on a closed day every tile says the centre is closed, and a tap issues nothing', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  await fieldsOnly(app)
  // The fixture's clock is Monday 2026-11-23: made a closed day.
  app.storage.db
    .update(sites)
    .set({ closedDays: [{ day: '2026-11-23', name: 'Nghỉ bù' }] })
    .where(eq(sites.id, 1))
    .run()
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const browser = await launch(t)
  const { page, context } = await newPage(browser, LANDSCAPE)
  t.teardown(() => context.close())
  await page.goto(`${baseUrl(app)}/kiosk/#token=${kiosk.token}`)
  await page.locator('button[data-service="DD"][aria-disabled="true"] [data-testid="reason"]').waitFor()
  const reasons = await page.locator('qms-service-tile [data-testid="reason"] strong').allTextContents()
  t.equal(reasons.length, await page.locator('qms-service-tile').count(), 'every tile gives a reason')
  t.ok(
    reasons.every((r) => r === 'Hôm nay nghỉ, không cấp số'),
    'and the reason is the closed day',
  )
  t.equal(await page.getByTestId('closed-today').textContent(), 'Hôm nay trung tâm nghỉ', 'the heading says the centre is closed')
  t.equal(await page.getByTestId('priority').count(), 0, 'no priority path to a closed service')
  await page.locator('button[data-service="DD"]').click({ force: true })
  const toast = page.getByTestId('closed-toast')
  await toast.waitFor()
  t.match((await toast.locator('.toast').innerText()).replace(/\s+/g, ' '), /Hôm nay nghỉ, không cấp số/, 'a tap says why')
  t.equal(app.storage.db.select().from(tickets).all().length, 0, 'no ticket issued')
  await screenshot(page, 'kiosk-landscape-vi-closed-day')
})
