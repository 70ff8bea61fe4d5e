/**
 * The counter console in real Chromium: what a staff member sees and does all day.
 * Screenshots go to test/artifacts/console-*.png at 1366×768 and 1920×1080.
 */
import t from 'tap'
import { eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import type { Browser, Page } from 'playwright-core'
import { PASSWORD, aDevice, baseUrl, build, counterId, issue, login, serviceId, type Device, fieldsOnly } from '../helpers/build.js'
import { SKIP_BROWSER, launch, newPage, screenshot, until } from '../helpers/browser.js'
import { priorityGroups } from '../../server/src/db/schema.js'

const SIZES = [
  [1366, 768],
  [1920, 1080],
] as const

async function shots(page: Page, name: string): Promise<void> {
  const original = page.viewportSize()
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height })
    await page.waitForTimeout(150)
    await screenshot(page, `console-${name}-${width}x${height}`)
  }
  if (original) await page.setViewportSize(original)
}

async function openConsole(browser: Browser, app: FastifyInstance, username: string, counter: number) {
  const { page, errors } = await newPage(browser, { width: 1366, height: 768 })
  await page.goto(`${baseUrl(app)}/counter/`)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.locator(`qms-counter-picker li[data-counter="${counter}"] button`).click()
  await page.locator('[data-counter-title]').waitFor()
  return { page, errors }
}

const currentNumber = (page: Page) =>
  page
    .locator('[data-current-number]')
    .textContent({ timeout: 1000 })
    .catch(() => null)
const currentState = (page: Page) => page.locator('qms-current-ticket [data-state]').getAttribute('data-state')
const waitingNumbers = (page: Page) => page.locator('qms-waiting-list tr[data-ticket]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket')))
const notice = (page: Page) =>
  page
    .locator('[data-notice] [data-notice-text]')
    .textContent({ timeout: 1000 })
    .catch(() => null)
/** The labels of the console's buttons that the notice on screen covers, at each office screen size. */
async function coveredByNotice(page: Page): Promise<string[]> {
  const covered: string[] = []
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height })
    await page.waitForTimeout(100)
    const box = await page.locator('[data-notice]').boundingBox()
    if (!box) throw new Error('no notice on screen')
    // Every button's place in one go: the notice goes by itself after a few seconds.
    const buttons = await page
      .locator('qms-console button:visible')
      .evaluateAll((els) =>
        els
          .filter((el) => el.closest('[data-notice]') === null)
          .map((el) => ({ r: el.getBoundingClientRect().toJSON() as DOMRect, text: el.textContent?.trim() ?? '' })),
      )
    for (const { r: b, text } of buttons) {
      const apart = b.x >= box.x + box.width || box.x >= b.x + b.width || b.y >= box.y + box.height || box.y >= b.y + b.height
      if (!apart) covered.push(`${text} at ${width}×${height}`)
    }
  }
  await page.setViewportSize({ width: 1366, height: 768 })
  return covered
}

/** Page errors, without the expected 401 of the session check before login. */
const realErrors = (errors: string[], expected = /status of 401/) => errors.filter((e) => !expected.test(e))

function priorityGroupId(app: FastifyInstance, code: string): number {
  const row = app.storage.db.select({ id: priorityGroups.id }).from(priorityGroups).where(eq(priorityGroups.code, code)).get()
  if (!row) throw new Error(`no priority group ${code}`)
  return row.id
}

async function issueMany(app: FastifyInstance, kiosk: Device, code: string, n: number, priority?: string) {
  for (let i = 0; i < n; i++) {
    const res = await issue(app, kiosk, { serviceId: await serviceId(app, code), priorityGroupId: priority ? priorityGroupId(app, priority) : null })
    if (res.statusCode !== 201) throw new Error(`issue failed: ${res.body}`)
  }
}

t.test('log in, choose counter 1, serve a citizen; tickets arrive live; a shortcut calls next', { skip: SKIP_BROWSER }, async (t) => {
  const { app, clock } = await build(t, { listen: true })
  await fieldsOnly(app)
  const kiosk = await aDevice(app, 'kiosk')
  // Two citizens have waited a while before the counter opens.
  await issueMany(app, kiosk, 'DD', 1)
  clock.advance(12 * 60_000)
  await issueMany(app, kiosk, 'DD', 1)
  clock.advance(14 * 60_000)
  const browser = await launch(t)
  const { page, errors } = await newPage(browser, { width: 1366, height: 768 })

  await page.goto(`${baseUrl(app)}/counter/`)
  await page.getByLabel('Tên đăng nhập').waitFor()
  await shots(page, 'login')

  await page.getByLabel('Tên đăng nhập').fill('canbo1')
  await page.getByLabel('Mật khẩu').fill('wrong-password')
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  t.equal(await page.locator('qms-login-screen [role=alert]').textContent(), 'Sai tên đăng nhập hoặc mật khẩu.', 'a wrong password is refused in plain words')
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()

  const picker = page.locator('qms-counter-picker')
  await picker.locator('li[data-counter="1"]').waitFor()
  t.equal(await picker.locator('li').count(), 6, 'the six counters of the site are offered')
  t.match(await page.locator('qms-top-bar header').textContent(), /Nguyễn Thị Lan/, 'the top bar names the staff member')
  t.match(await page.locator('qms-top-bar header').textContent(), /Cán bộ/, 'and the role')
  await shots(page, 'choose-counter')

  await picker.locator('li[data-counter="1"] button').click()
  t.equal(await page.locator('[data-counter-title]').textContent(), 'Quầy 1', 'the console opens at counter 1')
  t.equal(await page.evaluate(() => localStorage.getItem('qms.counter.id')), String(await counterId(app, 1)), 'this PC remembers counter 1')
  t.same(await waitingNumbers(page), ['1001', '1002'], 'the two waiting citizens are listed')
  t.equal(await page.locator('qms-waiting-list tr[data-ticket="1001"] .waited').textContent(), '26 phút', 'with the time they have waited')

  await issueMany(app, kiosk, 'DD', 1)
  await issueMany(app, kiosk, 'DD', 1, 'NCT')
  await issueMany(app, kiosk, 'HT', 1)
  const waiting = await until(
    'issued tickets to appear',
    () => waitingNumbers(page),
    (n) => n.length === 4,
  )
  t.same(
    waiting,
    ['1004', '1001', '1002', '1003'],
    'land tickets issued at the kiosk appear without reload, in call order (priority first); civil status ones do not',
  )
  t.match(await page.locator('qms-waiting-list tr[data-ticket="1004"]').textContent(), /Người cao tuổi/, 'the priority group shows')
  t.equal(await page.locator('.service[data-service="DD"] [data-count]').textContent(), '4', 'the service shows 4 waiting')
  await shots(page, 'idle')

  await page.locator('[data-action="callNext"]').click()
  const called = await until(
    'a ticket to be called',
    () => currentNumber(page),
    (n) => n !== null,
  )
  t.equal(called, '1004', 'call next takes the priority ticket first')
  t.equal(await currentState(page), 'called')
  t.notOk((await waitingNumbers(page)).includes('1004'), 'the called ticket leaves the waiting list')
  t.equal(await page.locator('[data-action="finish"]').isDisabled(), true, 'cannot finish a ticket not being served')
  t.equal(await page.locator('[data-action="callNext"]').isDisabled(), true, 'cannot call another while one is at the counter')

  await page.locator('[data-action="start"]').click()
  await until(
    'serving to start',
    () => currentState(page),
    (s) => s === 'serving',
  )
  t.equal(await page.locator('[data-action="noShow"]').isDisabled(), true, 'a citizen being served cannot be marked absent')
  t.match(await page.locator('qms-current-ticket .card').textContent(), /Đang tiếp nhận/)
  await shots(page, 'serving')

  await page.locator('[data-action="finish"]').click()
  await until(
    'the counter to be free',
    () => currentState(page),
    (s) => s === 'idle',
  )
  t.equal(await currentNumber(page), null, 'no current number after finishing')

  // The numpad drives it: + calls next, / starts, - finishes, 0 marks absent.
  await page.keyboard.press('NumpadAdd')
  t.equal(
    await until(
      'a shortcut to call',
      () => currentNumber(page),
      (n) => n !== null,
    ),
    '1001',
    'numpad + calls the next ticket',
  )
  await page.keyboard.press('Numpad0')
  await until(
    'a no-show',
    () => currentState(page),
    (s) => s === 'idle',
  )
  await page.locator('[data-tab="no-shows"]').click()
  t.match(await page.locator('qms-no-show-list li[data-ticket="1001"]').textContent(), /1001/, 'the absent ticket is listed')
  await page.locator('qms-no-show-list li[data-ticket="1001"] button').click()
  await until(
    'the no-show to be returned',
    () => page.locator('qms-no-show-list li').count(),
    (n) => n === 0,
  )
  await page.locator('[data-tab="waiting"]').click()
  t.same(await waitingNumbers(page), ['1001', '1002', '1003'], 'the returned ticket waits again in its place')

  await page.keyboard.press('F1')
  t.equal(
    await until(
      'F1 to call',
      () => currentNumber(page),
      (n) => n !== null,
    ),
    '1001',
    'F1 calls the next ticket too',
  )
  await page.keyboard.press('NumpadDivide')
  await until(
    'serving',
    () => currentState(page),
    (s) => s === 'serving',
  )
  await page.keyboard.press('NumpadSubtract')
  await until(
    'finish',
    () => currentState(page),
    (s) => s === 'idle',
  )

  // Typing in a field is not a shortcut.
  await page.locator('[data-action="pause"]').click()
  await page.locator('qms-pause-dialog input').pressSequentially('0+')
  await page.locator('qms-pause-dialog').getByRole('button', { name: 'Hủy' }).click()
  t.equal(await currentNumber(page), null, 'keys typed in a dialog field call nobody')

  t.same(realErrors(errors), [], 'no errors in the page')
})

t.test('transfer with a note: the receiving counter sees the ticket and the note', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  await fieldsOnly(app)
  const kiosk = await aDevice(app, 'kiosk')
  await issueMany(app, kiosk, 'DD', 2)
  const browser = await launch(t)
  const lan = await openConsole(browser, app, 'canbo1', 1)
  const mai = await openConsole(browser, app, 'canbo3', 3)

  await lan.page.locator('[data-action="callNext"]').click()
  await until(
    '1001 called',
    () => currentNumber(lan.page),
    (n) => n === '1001',
  )
  await lan.page.locator('[data-action="start"]').click()
  await until(
    'serving',
    () => currentState(lan.page),
    (s) => s === 'serving',
  )
  await lan.page.locator('[data-action="transfer"]').click()
  const dialog = lan.page.locator('qms-transfer-dialog')
  await dialog.locator('dialog[open]').waitFor()
  t.equal(await dialog.getByRole('button', { name: 'Chuyển số' }).isDisabled(), true, 'nothing chosen yet: transfer is disabled')
  await dialog.locator('[data-service="HT"]').click()
  await dialog.locator('textarea').fill('Đã kiểm tra CCCD, cần trích lục khai sinh')
  await shots(lan.page, 'transfer')
  await dialog.getByRole('button', { name: 'Chuyển số' }).click()

  await until(
    'the dialog to close',
    () => lan.page.locator('qms-transfer-dialog').count(),
    (n) => n === 0,
  )
  await until(
    'counter 1 to be free',
    () => currentState(lan.page),
    (s) => s === 'idle',
  )
  t.equal(await notice(lan.page), 'Đã chuyển số 1001.', 'the sender is told')
  t.same(await coveredByNotice(lan.page), [], 'the notice covers no action button')
  await shots(lan.page, 'notice')

  const arrived = await until(
    '1001 to reach counter 3',
    () => waitingNumbers(mai.page),
    (n) => n.includes('1001'),
  )
  t.same(arrived, ['1001'], 'counter 3 (civil status) sees the transferred ticket at once')
  t.match(await mai.page.locator('qms-waiting-list tr[data-ticket="1001"]').textContent(), /Đã kiểm tra CCCD/, 'with its note')
  await mai.page.keyboard.press('NumpadEnter')
  await until(
    '1001 called at counter 3',
    () => currentNumber(mai.page),
    (n) => n === '1001',
  )
  t.equal(
    await mai.page.locator('[data-transfer-note]').textContent(),
    'Ghi chú khi chuyểnĐã kiểm tra CCCD, cần trích lục khai sinh',
    'the receiving counter reads the note on the current ticket',
  )
  t.same(realErrors([...lan.errors, ...mai.errors]), [])
})

t.test('Enter calls next even when a tab kept focus after a click', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  await fieldsOnly(app)
  const kiosk = await aDevice(app, 'kiosk')
  await issueMany(app, kiosk, 'DD', 2)
  const browser = await launch(t)
  const { page, errors } = await openConsole(browser, app, 'canbo1', 1)

  await page.locator('[data-tab="no-shows"]').click()
  await page.locator('[data-tab="waiting"]').click()
  t.equal(
    await page.evaluate(() =>
      document.querySelector('qms-staff-app')?.shadowRoot?.querySelector('qms-console')?.shadowRoot?.activeElement?.getAttribute('data-tab'),
    ),
    'waiting',
    'the tab just clicked has focus',
  )
  await page.keyboard.press('Enter')
  t.equal(
    await until(
      'Enter to call',
      () => currentNumber(page),
      (n) => n !== null,
    ),
    '1001',
    'Enter calls the next ticket',
  )

  await page.locator('[data-action="noShow"]').click()
  await until(
    'a no-show',
    () => currentState(page),
    (s) => s === 'idle',
  )
  await page.locator('[data-tab="no-shows"]').click()
  await page.keyboard.press('NumpadEnter')
  t.equal(
    await until(
      'NumpadEnter to call',
      () => currentNumber(page),
      (n) => n !== null,
    ),
    '1002',
    'so does the numpad Enter',
  )
  t.same(realErrors(errors), [])
})

t.test('an account disabled while logged in is sent to the login screen with a true message', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  await fieldsOnly(app)
  const kiosk = await aDevice(app, 'kiosk')
  await issueMany(app, kiosk, 'DD', 1)
  const browser = await launch(t)
  const { page, errors } = await openConsole(browser, app, 'canbo1', 1)
  const lan = await login(app, 'canbo1')
  const admin = await login(app, 'admin')
  const res = await app.inject({ method: 'PATCH', url: `/api/admin/users/${lan.id}`, headers: admin.headers, payload: { active: false } })
  t.equal(res.statusCode, 200, 'the administrator disables the account')

  await page
    .locator('[data-action="callNext"]')
    .click({ timeout: 2000 })
    .catch(() => undefined)
  const shown = page.locator('qms-login-screen .notice')
  await shown.waitFor()
  t.equal(
    await shown.textContent(),
    'Phiên làm việc đã kết thúc (hết hạn hoặc tài khoản bị khóa). Vui lòng đăng nhập lại.',
    'the login screen says the session ended, naming a locked account as a cause, not only expiry',
  )
  await screenshot(page, 'console-session-ended')
  t.same(realErrors(errors, /status of 40[13]/), [])
})

t.test('pause with a reason and resume', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  await fieldsOnly(app)
  const kiosk = await aDevice(app, 'kiosk')
  await issueMany(app, kiosk, 'DD', 1)
  const browser = await launch(t)
  const { page, errors } = await openConsole(browser, app, 'canbo1', 1)

  await page.keyboard.press('F8')
  const dialog = page.locator('qms-pause-dialog')
  await dialog.locator('[data-reason="pauseMeeting"]').click()
  await dialog.locator('input').fill('họp giao ban')
  await dialog.getByRole('button', { name: 'Tạm dừng' }).click()
  const panel = page.locator('[data-paused]')
  await panel.waitFor()
  t.match(await panel.locator('.title').textContent(), /Quầy đang tạm dừng/)
  t.equal(await panel.locator('[data-pause-reason]').textContent(), 'Đi họp: họp giao ban', 'the reason shows on the console')
  t.equal(await page.locator('[data-action="callNext"]').isDisabled(), true, 'a paused counter cannot call')
  const staff = await login(app, 'lanhdao')
  const snapshot = (await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: { cookie: staff.cookie } })).json()
  const c1 = snapshot.counters.find((c: { number: number }) => c.number === 1)
  t.same([c1.status, c1.pauseReason], ['paused', 'Đi họp: họp giao ban'], 'the server holds the pause and its reason')
  await shots(page, 'paused')

  await page.locator('[data-action="resume"]').click()
  await until(
    'the counter to reopen',
    () => page.locator('[data-paused]').count(),
    (n) => n === 0,
  )
  t.equal(await page.locator('[data-action="callNext"]').isDisabled(), false, 'after resuming the counter can call again')

  await page.reload()
  await page.locator('[data-counter-title]').waitFor()
  t.equal(await page.locator('[data-counter-title]').textContent(), 'Quầy 1', 'a reload resumes the session at the same counter, without logging in again')

  // Closing asks first, in a dialog that says what will happen; cancel keeps the counter open.
  await page.locator('[data-action="close"]').click()
  const closing = page.locator('qms-close-dialog dialog[open]')
  await closing.waitFor()
  t.equal(await closing.locator('h2').textContent(), 'Đóng quầy 1?', 'the dialog asks about counter 1')
  t.match(await closing.locator('p').textContent(), /ngừng nhận số cho đến khi được mở lại/, 'and says what closing does')
  t.equal(
    await page
      .locator('[data-action="close"]')
      .textContent()
      .then((x) => x?.trim()),
    'Đóng quầy',
    'the button itself keeps its label',
  )
  await shots(page, 'close-confirm')
  await closing.getByRole('button', { name: 'Hủy' }).click()
  await until(
    'the dialog to go',
    () => page.locator('qms-close-dialog').count(),
    (n) => n === 0,
  )
  t.equal(await page.locator('[data-counter-title]').textContent(), 'Quầy 1', 'cancel keeps the counter open')
  await page.locator('[data-action="close"]').click()
  await closing.getByRole('button', { name: 'Đóng quầy' }).click()
  const picker = page.locator('qms-counter-picker li[data-counter="1"]')
  await picker.waitFor()
  t.match(await picker.textContent(), /Đang đóng/, 'after closing, the counter is closed and another can be chosen')
  t.same(realErrors(errors), [])
})

t.test('navigation shows only what the role may open', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  await fieldsOnly(app)
  const browser = await launch(t)
  const signIn = async (username: string) => {
    const { page } = await newPage(browser, { width: 1366, height: 768 })
    await page.goto(`${baseUrl(app)}/counter/`)
    await page.getByLabel('Tên đăng nhập').fill(username)
    await page.getByLabel('Mật khẩu').fill(PASSWORD)
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await page.locator('qms-top-bar header').waitFor()
    return page
  }
  const links = (page: Page) => page.locator('qms-top-bar nav a').evaluateAll((as) => as.map((a) => a.textContent))

  const staff = await signIn('canbo1')
  t.same(await links(staff), [], 'staff see no sections but their counter')
  t.match(staff.url(), /#\/console$/)
  await staff.goto(`${baseUrl(app)}/counter/#/admin/services`)
  t.equal(await staff.locator('main [role=alert]').textContent(), 'Bạn không có quyền mở trang này.', 'staff cannot open administration')
  t.equal(await staff.locator('qms-admin-app').count(), 0)

  const manager = await signIn('lanhdao')
  t.same(await links(manager), ['Quầy', 'Quản trị', 'Báo cáo'], 'a manager may open the console, administration and reports')
  await manager.goto(`${baseUrl(app)}/counter/#/admin/services`)
  t.equal(await manager.locator('qms-admin-app').getAttribute('route'), 'services', 'administration gets the rest of the route')
  await manager.locator('qms-top-bar nav a', { hasText: 'Báo cáo' }).click()
  await manager.locator('qms-reports-app').waitFor({ state: 'attached' })
  await manager.locator('qms-top-bar nav a', { hasText: 'Quầy' }).click()
  await manager.locator('qms-counter-picker').waitFor()
  t.pass('a manager can use the console too')

  await manager.locator('qms-top-bar .logout').click()
  await manager.getByLabel('Tên đăng nhập').waitFor()
  await manager.reload()
  await manager.getByLabel('Tên đăng nhập').waitFor()
  t.pass('after logging out, a reload asks to log in again')
})

t.test('two consoles see each other at once; a refused action says why', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  await fieldsOnly(app)
  const kiosk = await aDevice(app, 'kiosk')
  await issueMany(app, kiosk, 'DD', 4)
  const browser = await launch(t)
  const lan = await openConsole(browser, app, 'canbo1', 1)
  const hung = await openConsole(browser, app, 'canbo2', 2)
  t.same(
    await until(
      'both lists',
      () => waitingNumbers(hung.page),
      (n) => n.length === 4,
    ),
    ['1001', '1002', '1003', '1004'],
  )

  await lan.page.locator('[data-action="callNext"]').click()
  await until(
    '1001 called at counter 1',
    () => currentNumber(lan.page),
    (n) => n === '1001',
  )
  t.same(
    await until(
      '1001 to leave counter 2’s list',
      () => waitingNumbers(hung.page),
      (n) => !n.includes('1001'),
    ),
    ['1002', '1003', '1004'],
    'a ticket called at counter 1 disappears from counter 2’s waiting list',
  )
  await hung.page.locator('qms-waiting-list tr[data-ticket="1003"] button[data-call]').click()
  await until(
    '1003 called at counter 2',
    () => currentNumber(hung.page),
    (n) => n === '1003',
  )
  t.same(
    await until(
      '1003 to leave counter 1’s list',
      () => waitingNumbers(lan.page),
      (n) => !n.includes('1003'),
    ),
    ['1002', '1004'],
    'and the other way round',
  )
  t.equal(await lan.page.locator('.service[data-service="DD"] [data-count]').textContent(), '2', 'counts follow')

  // Counter 2 finishes and reaches for 1004 just as counter 1 calls it: the server refuses the late one.
  await hung.page.locator('[data-action="start"]').click()
  await until(
    'serving',
    () => currentState(hung.page),
    (s) => s === 'serving',
  )
  await hung.page.locator('[data-action="finish"]').click()
  await until(
    'counter 2 free',
    () => currentState(hung.page),
    (s) => s === 'idle',
  )
  await lan.page.locator('[data-action="noShow"]').click()
  await until(
    'counter 1 free',
    () => currentState(lan.page),
    (s) => s === 'idle',
  )
  const lanApi = await login(app, 'canbo1')
  const ticket1004 = (await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: { cookie: lanApi.cookie } }))
    .json()
    .tickets.find((x: { number: string }) => x.number === '1004')
  await hung.page.route('**/api/counters/*/call', async (route) => {
    // Counter 1 wins the race by a few milliseconds.
    await app.inject({
      method: 'POST',
      url: `/api/counters/${await counterId(app, 1)}/call`,
      headers: lanApi.headers,
      payload: { ticketId: ticket1004.id },
    })
    await route.continue()
  })
  await hung.page.locator('qms-waiting-list tr[data-ticket="1004"] button[data-call]').click()
  const refused = await until(
    'the refusal',
    () => notice(hung.page),
    (text) => text !== null,
  )
  t.equal(refused, 'Số 1004 đã được quầy 1 gọi.', 'the refusal names the ticket and the counter that has it')
  t.same(await coveredByNotice(hung.page), [], 'the notice covers no button (actions, their key hints, the lists)')
  t.equal(await currentNumber(hung.page), null, 'counter 2 has no ticket')
  t.equal(
    await until(
      '1004 at counter 1',
      () => currentNumber(lan.page),
      (n) => n === '1004',
    ),
    '1004',
    'counter 1 has it',
  )
  t.notOk((await waitingNumbers(hung.page)).includes('1004'), 'and counter 2’s list is right again')
  await shots(hung.page, 'refused')
  t.same(realErrors([...lan.errors, ...hung.errors], /status of (401|409)/), [], 'no errors but the refusal')
})

t.test('a lost connection is shown, and the console catches up by itself', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  await fieldsOnly(app)
  const kiosk = await aDevice(app, 'kiosk')
  const browser = await launch(t)
  const { page } = await openConsole(browser, app, 'canbo1', 1)
  t.equal(await page.locator('[data-action="callNext"]').isDisabled(), true, 'nobody waits: call next is disabled')

  await page.route('**/socket.io/**', (route) => route.abort())
  app.realtime.io.disconnectSockets(true)
  const banner = page.locator('[data-offline]')
  await banner.waitFor()
  t.match(await banner.textContent(), /Mất kết nối/, 'the console says the connection is lost')
  t.equal(await page.locator('qms-top-bar [data-connection]').getAttribute('data-connection'), 'offline', 'so does the top bar')
  await issueMany(app, kiosk, 'DD', 2)
  await shots(page, 'offline')

  await page.unroute('**/socket.io/**')
  t.same(
    await until(
      'the console to catch up',
      () => waitingNumbers(page),
      (n) => n.length === 2,
    ),
    ['1001', '1002'],
    'tickets issued while it was offline appear after it reconnects',
  )
  await until(
    'the banner to go',
    () => banner.count(),
    (n) => n === 0,
  )
  t.equal(await page.locator('qms-top-bar [data-connection]').getAttribute('data-connection'), 'online')
})
