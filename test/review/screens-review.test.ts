/**
 * A review pass over every screen of the product as citizens and staff see it, on a busy morning
 * at the demo centre: 20+ citizens waiting across services (some with priority), counters calling
 * and serving, one paused, a ticket transferred with a note, a staff member and a service with
 * long Vietnamese names, and two weeks of history for the reports. Each screen is opened at the
 * size it runs at, checked for what matters on it (the number, no horizontal scrollbar, no text
 * cut by its box) and saved as test/artifacts/review-*.png for people to look at.
 */
import t, { type Test } from 'tap'
import { eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { priorityGroups } from '../../server/src/db/schema.js'
import type { IssuedTicket, TicketView } from '../../shared/types.js'
import { PASSWORD, aDevice, baseUrl, build, counterId, issue, login, serviceId, type Device, fieldsOnly } from '../helpers/build.js'
import { SKIP_BROWSER, launch, newPage, screenshot } from '../helpers/browser.js'
import { aDisplay, callNext, displayUrl, openDesks, pauseCounter, startServing, texts, type Desk } from '../display/scenario.js'

t.setTimeout(900_000)

const LONG_STAFF = 'Nguyễn Thị Phương Thảo Hoàng'
const LONG_SERVICE = 'Lao động – Thương binh và Xã hội'
const NOTE = 'Đã kiểm tra CCCD và sổ hộ khẩu, cần bổ sung trích lục khai sinh bản sao có chứng thực'

function groupId(app: FastifyInstance, code: string): number {
  const row = app.storage.db.select({ id: priorityGroups.id }).from(priorityGroups).where(eq(priorityGroups.code, code)).get()
  if (!row) throw new Error(`no priority group ${code}`)
  return row.id
}

async function take(app: FastifyInstance, kiosk: Device, code: string, priority?: string): Promise<IssuedTicket> {
  const res = await issue(app, kiosk, { serviceId: await serviceId(app, code), priorityGroupId: priority ? groupId(app, priority) : null })
  if (res.statusCode !== 201) throw new Error(`issue ${code}: ${res.statusCode} ${res.body}`)
  return res.json() as IssuedTicket
}

interface Centre {
  app: FastifyInstance
  url: string
  kiosk: Device
  desks: Map<number, Desk>
  /** A ticket still waiting, and one being served, for the citizen's page. */
  waitingTicket: IssuedTicket
  calledTicket: IssuedTicket
  transferred: TicketView
}

/** The demo centre at 08:50 on a Monday, two weeks of history behind it. */
async function busyMorning(t: Test): Promise<Centre> {
  const { app, clock } = await build(t, { listen: true, env: { DEMO_HISTORY_DAYS: '14' } })
  await fieldsOnly(app)
  const sqlite = app.storage.sqlite
  sqlite.prepare("update sites set name = 'Trung tâm Phục vụ hành chính công tỉnh Quảng Trị' where id = 1").run()
  sqlite.prepare('update users set display_name = ? where username = ?').run(LONG_STAFF, 'canbo1')
  sqlite.prepare("update services set name_vi = ?, name_en = 'Labour, War Invalids and Social Affairs' where code = 'KD'").run(LONG_SERVICE)
  // Counter 1 serves land and the long-named service: its queue is long and its names are long.
  const admin = await login(app, 'admin')
  const patched = await app.inject({
    method: 'PATCH',
    url: `/api/admin/counters/${await counterId(app, 1)}`,
    headers: admin.headers,
    payload: { serviceIds: [await serviceId(app, 'DD'), await serviceId(app, 'KD')] },
  })
  if (patched.statusCode !== 200) throw new Error(`counter 1: ${patched.body}`)
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const plan: [string, string?][] = [
    ['DD'],
    ['HT'],
    ['KD'],
    ['DD', 'NCT'],
    ['CT'],
    ['DD'],
    ['TKQ'],
    ['HT'],
    ['KD', 'NKT'],
    ['DD'],
    ['CT'],
    ['DD'],
    ['HT', 'PNMT'],
    ['KD'],
    ['DD'],
    ['TKQ'],
    ['CT'],
    ['DD', 'NCC'],
    ['HT'],
    ['KD'],
    ['DD'],
    ['CT'],
    ['HT'],
    ['KD'],
    ['DD'],
    ['TKQ'],
    ['DD'],
    ['HT'],
    ['KD'],
    ['CT'],
  ]
  const issued: IssuedTicket[] = []
  for (const [code, priority] of plan) {
    issued.push(await take(app, kiosk, code, priority))
    clock.advance(90_000)
  }
  const desks = await openDesks(app, [2, 3, 4, 5, 6])
  await pauseCounter(app, desks.get(2)!, 'Họp giao ban đầu tuần')
  // Counter 3 serves a civil-status citizen who needs land first: transferred with a note.
  const atThree = await startServing(app, desks.get(3)!, await callNext(app, desks.get(3)!))
  const moved = await app.inject({
    method: 'POST',
    url: `/api/counters/${desks.get(3)!.counterId}/tickets/${atThree.id}/transfer`,
    headers: desks.get(3)!.staff.headers,
    payload: { toServiceId: await serviceId(app, 'DD'), note: NOTE },
  })
  if (moved.statusCode !== 200) throw new Error(`transfer: ${moved.body}`)
  const transferred = (moved.json() as { ticket: TicketView }).ticket
  await startServing(app, desks.get(3)!, await callNext(app, desks.get(3)!))
  const calledAt4 = await callNext(app, desks.get(4)!)
  await callNext(app, desks.get(5)!)
  await callNext(app, desks.get(6)!)
  clock.advance(3 * 60_000)
  const calledTicket = issued.find((i) => i.ticket.id === calledAt4.id)!
  const dd = await serviceId(app, 'DD')
  const waitingTicket = issued.filter((i) => i.ticket.serviceId === dd).at(-1)!
  return { app, url: baseUrl(app), kiosk, desks, waitingTicket, calledTicket, transferred }
}

/** The page scrolls sideways? (The first thing that looks broken on any screen.) */
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > innerWidth)

/**
 * Text cut by its own box, through every shadow root: elements holding text whose content is wider
 * (or, with hidden overflow, taller) than the box, and text pushed outside the window.
 */
function cutText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll<HTMLElement>('*')) {
        if (el.shadowRoot) visit(el.shadowRoot)
        const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')
        if (!own) continue
        const style = getComputedStyle(el)
        if (style.display === 'inline' || style.display === 'none' || style.visibility === 'hidden') continue
        const box = el.getBoundingClientRect()
        if (box.width === 0 || box.height === 0) continue
        if (el.closest('dialog:not([open])')) continue
        const label = `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''}: ${el.textContent!.replace(/\s+/g, ' ').trim().slice(0, 60)}`
        const tag = el.tagName
        // Form fields scroll their own text; that is not a cut label.
        if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || tag === 'OPTION') continue
        if (el.scrollWidth > el.clientWidth + 1) out.push(`wider than its box: ${label}`)
        else if (style.overflowY !== 'visible' && style.overflowY !== 'auto' && style.overflowY !== 'scroll' && el.scrollHeight > el.clientHeight + 1) {
          out.push(`taller than its box: ${label}`)
        }
        if (box.right > innerWidth + 1 || box.left < -1) out.push(`outside the window: ${label}`)
      }
    }
    visit(document)
    return out
  })
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  await page.waitForTimeout(200)
}

/** The console's waiting list cuts a long transfer note to one line on purpose (whole on hover and on the current ticket). */
const NOTE_IN_LIST = /^wider than its box: span\.note:/

/** Checks a screen's layout and saves it. */
async function look(t: Test, page: Page, name: string, allowCut: RegExp[] = []): Promise<void> {
  await settle(page)
  t.notOk(await sideways(page), `${name}: no horizontal scrollbar`)
  const cut = (await cutText(page)).filter((c) => !allowCut.some((re) => re.test(c)))
  t.same(cut, [], `${name}: no text cut by its box`)
  await screenshot(page, `review-${name}`)
}

async function staffLogin(page: Page, url: string, username: string, hash = ''): Promise<void> {
  await page.goto(`${url}/counter/${hash}`)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
}

t.test('every screen on a busy morning', { skip: SKIP_BROWSER }, async (t) => {
  const centre = await busyMorning(t)
  const { app, url } = centre
  const browser: Browser = await launch(t)

  t.test('kiosk', async (t) => {
    for (const [name, viewport] of [
      ['portrait', { width: 1080, height: 1920 }],
      ['landscape', { width: 1920, height: 1080 }],
    ] as const) {
      const { page, context, errors } = await newPage(browser, viewport)
      await page.goto(`${url}/kiosk/#token=${centre.kiosk.token}`)
      const kd = page.locator('qms-service-tile button[data-service="KD"]')
      await kd.waitFor()
      t.match(await kd.innerText(), new RegExp(`${LONG_SERVICE}[\\s\\S]*\\d+ người đang chờ`), `${name}: the long service name and its waiting count`)
      await look(t, page, `kiosk-${name}-menu`)
      await page.getByTestId('priority').click()
      await page.locator('button[data-group="NCT"]').waitFor()
      await look(t, page, `kiosk-${name}-priority`)
      await page.locator('button[data-group="NKT"]').click()
      await page.getByTestId('priority-banner').waitFor()
      await look(t, page, `kiosk-${name}-priority-chosen`)
      await kd.click()
      const number = await page.getByTestId('ticket-number').innerText()
      t.match(number, /^4\d{3}$/, `${name}: the ticket result shows the number`)
      await look(t, page, `kiosk-${name}-result`)
      t.same(errors, [], `${name}: no page errors`)
      await context.close()
    }
    const { page, context } = await newPage(browser, { width: 1080, height: 1920 })
    await page.goto(`${url}/kiosk/`)
    await page.locator('[data-testid="pairing-code"][data-code]:not([data-code=""])').waitFor()
    t.match(await page.getByTestId('unpaired').innerText(), /Thiết bị chưa được đăng ký/)
    await look(t, page, 'kiosk-portrait-unpaired')
    await page.setViewportSize({ width: 1920, height: 1080 })
    await look(t, page, 'kiosk-landscape-unpaired')
    await context.close()
  })

  t.test('display', async (t) => {
    for (const languages of [['vi'], ['vi', 'en']] as const) {
      const display = await aDisplay(app, { languages: [...languages] })
      for (const [w, h] of [
        [1920, 1080],
        [1366, 768],
        [1080, 1920],
      ] as const) {
        const name = `display-${languages.join('')}-${w}x${h}`
        const { page, context, errors } = await newPage(browser, { width: w, height: h })
        await page.goto(displayUrl(app, display))
        await page.locator('[data-testid="latest-number"]').waitFor()
        t.ok((await texts(page, 'latest-number'))[0]?.match(/^\S+$/), `${name}: the latest call's number`)
        t.ok((await page.locator('[data-testid="counter-row"]').count()) >= 4, `${name}: the counters calling are listed`)
        // Every word on the screen, shadow roots included.
        const body = await page.evaluate(() => {
          const words: string[] = []
          const walk = (root: Document | ShadowRoot) => {
            const it = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
            for (let n = it.nextNode(); n; n = it.nextNode()) if (n.parentElement?.tagName !== 'STYLE') words.push(n.textContent ?? '')
            for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot)
          }
          walk(document)
          return words.join(' ')
        })
        if (languages.length === 1) t.notMatch(body, /Counter|Now serving|Waiting/, `${name}: no English on a Vietnamese-only display`)
        // The notice ticker scrolls its text across the screen on purpose.
        await look(t, page, name, [/^outside the window: div\.track:/])
        t.same(
          errors.filter((e) => !/play\(\)|NotAllowedError/.test(e)),
          [],
          `${name}: no page errors`,
        )
        await context.close()
      }
    }
    const { page, context } = await newPage(browser, { width: 1920, height: 1080 })
    await page.goto(`${url}/display/`)
    await page.locator('[data-testid="pairing-code"][data-code]:not([data-code=""])').waitFor()
    await look(t, page, 'display-unpaired-1920x1080')
    await page.setViewportSize({ width: 1080, height: 1920 })
    await look(t, page, 'display-unpaired-1080x1920')
    await context.close()
  })

  t.test('counter console', async (t) => {
    const { page, context, errors } = await newPage(browser, { width: 1366, height: 768 })
    await page.goto(`${url}/counter/`)
    await page.getByLabel('Tên đăng nhập').waitFor()
    await look(t, page, 'console-login-1366x768')
    await page.setViewportSize({ width: 1920, height: 1080 })
    await look(t, page, 'console-login-1920x1080')
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.getByLabel('Tên đăng nhập').fill('canbo1')
    await page.getByLabel('Mật khẩu').fill(PASSWORD)
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await page.locator('qms-counter-picker li[data-counter="6"]').waitFor()
    t.match(await page.locator('qms-top-bar header').textContent(), new RegExp(LONG_STAFF), 'the top bar names the staff member in full')
    await look(t, page, 'console-picker-1366x768')
    await page.setViewportSize({ width: 1920, height: 1080 })
    await look(t, page, 'console-picker-1920x1080')
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.locator('qms-counter-picker li[data-counter="1"] button').click()
    await page.locator('[data-counter-title]').waitFor()
    const rows = page.locator('qms-waiting-list tr[data-ticket]')
    await rows.nth(14).waitFor()
    t.ok((await rows.count()) >= 15, `the long queue of counter 1 is listed (${await rows.count()})`)
    await look(t, page, 'console-desk-idle-1366x768', [NOTE_IN_LIST])
    await page.locator('[data-action="callNext"]').click()
    await page.locator('[data-current-number]').waitFor()
    await page.locator('[data-action="start"]').click()
    await page.locator('qms-current-ticket [data-state="serving"]').waitFor()
    const current = await page.locator('[data-current-number]').textContent()
    t.ok(current, 'the current ticket shows its number')
    await look(t, page, 'console-desk-serving-1366x768', [NOTE_IN_LIST])
    await page.setViewportSize({ width: 1920, height: 1080 })
    await look(t, page, 'console-desk-serving-1920x1080', [NOTE_IN_LIST])
    await page.setViewportSize({ width: 1366, height: 768 })
    t.match(
      await page.locator(`qms-waiting-list tr[data-ticket="${centre.transferred.number}"]`).textContent(),
      /Đã kiểm tra CCCD/,
      'the transferred ticket waits with its note',
    )

    await page.locator('[data-action="transfer"]').click()
    const transfer = page.locator('qms-transfer-dialog')
    await transfer.locator('dialog[open]').waitFor()
    await transfer.locator('[data-service="HT"]').click()
    await transfer.locator('textarea').fill(NOTE)
    await look(t, page, 'console-transfer-1366x768', [NOTE_IN_LIST])
    await page.setViewportSize({ width: 1920, height: 1080 })
    await look(t, page, 'console-transfer-1920x1080', [NOTE_IN_LIST])
    await page.setViewportSize({ width: 1366, height: 768 })
    await transfer.getByRole('button', { name: 'Hủy' }).click()
    await page.locator('qms-transfer-dialog dialog[open]').waitFor({ state: 'detached' })

    await page.locator('[data-action="finish"]').click()
    await page.locator('qms-current-ticket [data-state="idle"]').waitFor()
    // The transferred ticket, called: its note on the current ticket.
    await page.locator(`qms-waiting-list tr[data-ticket="${centre.transferred.number}"]`).waitFor()
    await page.locator('[data-action="pause"]').click()
    const pause = page.locator('qms-pause-dialog')
    await pause.locator('[data-reason="pauseMeeting"]').click()
    await pause.locator('input').fill('họp giao ban với lãnh đạo sở về hồ sơ tồn đọng')
    await look(t, page, 'console-pause-1366x768', [NOTE_IN_LIST])
    await page.setViewportSize({ width: 1920, height: 1080 })
    await look(t, page, 'console-pause-1920x1080', [NOTE_IN_LIST])
    await page.setViewportSize({ width: 1366, height: 768 })
    await pause.getByRole('button', { name: 'Hủy' }).click()
    t.same(
      errors.filter((e) => !/status of 401/.test(e)),
      [],
      'no page errors',
    )
    await context.close()
  })

  t.test('admin', async (t) => {
    const { page, context, errors } = await newPage(browser, { width: 1366, height: 768 })
    await staffLogin(page, url, 'admin')
    const overview = page.locator('qms-admin-overview')
    await overview.locator('[data-counter="1"]').waitFor()
    t.ok(Number((await overview.locator('[data-stat="waiting"] .value').textContent())?.trim()) >= 20, 'the overview counts the long queue')
    await look(t, page, 'admin-overview')
    const screens: [string, string, string][] = [
      ['services', 'qms-admin-services', 'tr[data-code="KD"]'],
      ['counters', 'qms-admin-counters', 'tr[data-number="6"]'],
      ['staff', 'qms-admin-staff', 'tr[data-username="canbo1"]'],
      ['devices', 'qms-admin-devices', `tr[data-device-id="${centre.kiosk.id}"]`],
      ['site', 'qms-admin-site', 'input[name=name]'],
      ['audit', 'qms-admin-audit', 'table, .empty'],
    ]
    for (const [route, tag, ready] of screens) {
      await page.locator(`qms-admin-app nav a[data-route="${route}"]`).click()
      await page.locator(`${tag} ${ready}`).first().waitFor()
      await look(t, page, `admin-${route}`)
    }
    t.same(
      errors.filter((e) => !/status of 401/.test(e)),
      [],
      'no page errors',
    )
    await context.close()
  })

  t.test('reports', async (t) => {
    const { page, context, errors } = await newPage(browser, { width: 1366, height: 768 })
    await staffLogin(page, url, 'lanhdao', '#/reports')
    const reports = page.locator('qms-reports-app')
    await reports.locator('[data-kpi="kpiIssued"]').waitFor()
    await reports.locator('input[name="from"]').fill('09/11/2026')
    await reports.locator('input[name="to"]').fill('22/11/2026')
    await reports.locator('form.dates button[type="submit"]').click()
    await reports
      .locator('[data-kpi="kpiIssued"] .value')
      .filter({ hasText: /^\d{1,3}(\.\d{3})+$|^\d{4,}$/ })
      .waitFor()
    t.pass('two weeks of history counted')
    await look(t, page, 'reports-1366x768')
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight / 2))
    await screenshot(page, 'review-reports-1366x768-middle')
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight))
    await screenshot(page, 'review-reports-1366x768-bottom')
    await page.evaluate(() => scrollTo(0, 0))
    await page.emulateMedia({ media: 'print' })
    await settle(page)
    t.notOk(await sideways(page), 'print: nothing runs off the page sideways')
    await page.screenshot({ path: 'test/artifacts/review-reports-print.png', fullPage: true })
    await page.emulateMedia({ media: 'screen' })
    t.same(
      errors.filter((e) => !/status of 401/.test(e)),
      [],
      'no page errors',
    )
    await context.close()
  })

  t.test("citizen's ticket page", async (t) => {
    for (const [state, ticket] of [
      ['waiting', centre.waitingTicket],
      ['called', centre.calledTicket],
    ] as const) {
      const { page, context, errors } = await newPage(browser, { width: 390, height: 844 })
      await page.goto(`${url}${new URL(ticket.trackingUrl).pathname}`)
      t.equal(await page.getByTestId('number').textContent(), ticket.ticket.number, `${state}: the number`)
      await look(t, page, `ticket-page-${state}`)
      t.same(errors, [], `${state}: no page errors`)
      await context.close()
    }
  })
})
