/**
 * The console lists the waiting tickets in the order "Gọi số tiếp theo" takes them and marks the
 * next one; in real Chromium, the ticket marked next is the one the call brings to the counter,
 * call after call, with priority tickets, a transfer to this counter and the counter's field order.
 */
import t from 'tap'
import { eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { PASSWORD, aDevice, baseUrl, build, counterId, issue, login, serviceId, fieldsOnly } from '../helpers/build.js'
import { SKIP_BROWSER, launch, newPage, screenshot, until } from '../helpers/browser.js'
import { counterServices, priorityGroups, sites } from '../../server/src/db/schema.js'

const waitingNumbers = (page: Page) => page.locator('qms-waiting-list tr[data-ticket]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket')))
const markedNext = (page: Page) => page.locator('qms-waiting-list tr[data-next]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket')))
const currentNumber = (page: Page) =>
  page
    .locator('[data-current-number]')
    .textContent({ timeout: 1000 })
    .catch(() => null)
const currentState = (page: Page) => page.locator('qms-current-ticket [data-state]').getAttribute('data-state')

t.test('the ticket marked next is the one call-next calls, call after call', { skip: SKIP_BROWSER }, async (t) => {
  const { app, clock } = await build(t, { listen: true })
  await fieldsOnly(app)
  const db = app.storage.db
  db.update(sites).set({ maxPriorityInRow: 2 }).run()
  // Counter 1 serves civil status first, then land.
  const c1 = await counterId(app, 1)
  db.delete(counterServices).where(eq(counterServices.counterId, c1)).run()
  db.insert(counterServices)
    .values([await serviceId(app, 'HT'), await serviceId(app, 'DD')].map((serviceId, position) => ({ counterId: c1, serviceId, position })))
    .run()
  const nct = db.select({ id: priorityGroups.id }).from(priorityGroups).where(eq(priorityGroups.code, 'NCT')).get()?.id ?? null
  const kiosk = await aDevice(app, 'kiosk')
  const plan: [string, boolean][] = [
    ['DD', false], // 1001
    ['DD', true], // 1002 priority
    ['HT', false], // 2001
    ['DD', true], // 1003 priority
    ['DD', true], // 1004 priority
    ['HT', false], // 2002
    ['CT', false], // 3001: counter 1 does not serve it; transferred to counter 1 below
  ]
  const issued: Record<string, number> = {}
  for (const [code, priority] of plan) {
    const res = await issue(app, kiosk, { serviceId: await serviceId(app, code), priorityGroupId: priority ? nct : null })
    issued[res.json().ticket.number] = res.json().ticket.id
    clock.advance(60_000)
  }
  const manager = await login(app, 'lanhdao')
  const moved = await app.inject({ method: 'POST', url: `/api/tickets/${issued['3001']}/transfer`, headers: manager.headers, payload: { toCounterId: c1 } })
  t.equal(moved.statusCode, 200, 'ticket 3001 is sent to counter 1')

  const browser = await launch(t)
  const { page, errors } = await newPage(browser, { width: 1366, height: 768 })
  await page.goto(`${baseUrl(app)}/counter/`)
  await page.getByLabel('Tên đăng nhập').fill('canbo1')
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.locator('qms-counter-picker li[data-counter="1"] button').click()
  await until(
    'the list',
    () => waitingNumbers(page),
    (n) => n.length === 7,
  )

  // Sent here first; then two priority tickets (field order puts civil status first, but none is
  // priority), then an ordinary one by field order, then the last priority ticket, and so on.
  const expected = ['3001', '1002', '1003', '2001', '1004', '2002', '1001']
  t.same(await waitingNumbers(page), expected, 'the list is in call order')
  t.same(await markedNext(page), ['3001'], 'one ticket is marked next: the one sent to this counter')
  await screenshot(page, 'console-call-order-1366x768')

  const calls: string[] = []
  for (let i = 0; i < expected.length; i++) {
    const marked = (await markedNext(page))[0]
    await page.locator('[data-action="callNext"]').click()
    const called = await until(
      'the call',
      () => currentNumber(page),
      (n) => n !== null,
    )
    t.equal(called, marked, `call ${i + 1}: the ticket marked next (${marked}) is the one called`)
    calls.push(called ?? '')
    await page.locator('[data-action="start"]').click()
    await until(
      'serving',
      () => currentState(page),
      (s) => s === 'serving',
    )
    await page.locator('[data-action="finish"]').click()
    await until(
      'the counter to be free',
      () => currentState(page),
      (s) => s === 'idle',
    )
  }
  t.same(calls, expected, 'the calls went down the list')
  t.same(
    errors.filter((e) => !/status of 401/.test(e)),
    [],
  )
})
