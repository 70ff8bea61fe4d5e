/**
 * Set aside and resume on the counter console, as the officer does it: serve a citizen, set them
 * aside (they went to copy a paper), call the next one, then resume the first at the same counter. The
 * set-aside list sits above the waiting list with how long each has been aside; one aside longer than
 * the site's reminder time is flagged. Screenshots: test/artifacts/console-aside-*.png (1366×768).
 */
import t from 'tap'
import { PASSWORD, baseUrl, build, counterId, fieldsOnly, login, sqlValue } from '../helpers/build.js'
import { SKIP_BROWSER, launch, newPage, screenshot, until } from '../helpers/browser.js'
import { longQueue } from './long-queue.js'

const MINUTE = 60_000

t.test('serve, set aside, call another, resume: at 1366×768 with a long queue', { skip: SKIP_BROWSER }, async (t) => {
  const { app, clock } = await build(t, { listen: true })
  await longQueue(app)
  // Fields without procedures: finishing asks nothing here (the finish dialog has its own test).
  await fieldsOnly(app)
  // Before the officer's screen opens: a citizen set aside 20 minutes ago (past the 15-minute reminder).
  const staff = await login(app, 'canbo1')
  const c1 = await counterId(app, 1)
  const post = async (url: string) => {
    const res = await app.inject({ method: 'POST', url, headers: staff.headers })
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    return res.json() as { id: number; number: string }
  }
  await post(`/api/counters/${c1}/open`)
  const early = await post(`/api/counters/${c1}/call-next`)
  await post(`/api/counters/${c1}/tickets/${early.id}/start`)
  clock.advance(2 * MINUTE)
  await post(`/api/counters/${c1}/tickets/${early.id}/set-aside`)
  clock.advance(20 * MINUTE)

  const browser = await launch(t)
  const { page, errors } = await newPage(browser, { width: 1366, height: 768 })
  await page.goto(`${baseUrl(app)}/counter/`)
  await page.getByLabel('Tên đăng nhập').fill('canbo1')
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.locator('[data-counter-title]').waitFor()
  await page.locator('qms-waiting-list tr[data-ticket]').nth(20).waitFor({ state: 'attached' })

  const asideRows = page.locator('qms-aside-list li[data-aside]')
  await asideRows.first().waitFor()
  t.equal(await asideRows.count(), 1, 'the citizen set aside earlier is listed')
  t.equal(await asideRows.first().getAttribute('data-aside'), early.number)
  t.not(await asideRows.first().getAttribute('data-overdue'), null, 'twenty minutes aside: back to the officer’s attention')
  t.match(await asideRows.first().locator('[data-aside-since]').textContent(), /Đã gác 20 phút – cần chú ý/)
  t.match(await page.locator('[data-aside-alert]').textContent(), /1 số quá thời gian/, 'the panel says one needs attention')

  // Serve the next citizen, then set them aside.
  const current = page.locator('[data-current-number]')
  await page.locator('[data-action="callNext"]').click()
  await current.waitFor()
  const served = (await current.textContent())!.trim()
  await page.locator('[data-action="start"]:not([disabled])').click()
  await page.locator('qms-current-ticket [data-state="serving"]').waitFor()
  await page.locator('[data-action="setAside"]:not([disabled])').click()
  await until(
    'two tickets aside',
    () => asideRows.count(),
    (n) => n === 2,
  )
  t.equal(await current.count(), 0, 'the counter is free once the ticket is aside')
  const fresh = page.locator(`qms-aside-list li[data-aside="${served}"]`)
  t.equal(await fresh.getAttribute('data-overdue'), null, 'a ticket just set aside is not flagged')
  t.match(await fresh.locator('[data-aside-since]').textContent(), /Đã gác 0 phút/)

  // Call another citizen: resuming is not offered while one is at the counter.
  await page.locator('[data-action="callNext"]:not([disabled])').click()
  await until(
    'another citizen called',
    async () => (await current.count()) > 0 && (await current.textContent())!.trim(),
    (n) => n !== false && n !== served,
  )
  const other = (await current.textContent())!.trim()
  t.not(other, served, 'another number is called')
  t.ok(await fresh.locator('[data-action="resume-ticket"]').isDisabled(), 'resume waits until the counter is free')
  // Everything on the office screen: the aside list, the waiting list and the seven buttons.
  const actions = page.locator('.actions button[data-action]')
  t.equal(await actions.count(), 7)
  for (const button of await actions.all()) {
    const box = await button.boundingBox()
    t.ok(box && box.y + box.height <= 768 && box.x + box.width <= 1366, `${await button.getAttribute('data-action')} is on screen`)
  }
  const panel = await page.locator('[data-aside-panel]').boundingBox()
  const list = await page.locator('.list').boundingBox()
  t.ok(panel && list && panel.y + panel.height <= list.y + 1, 'the aside list sits above the waiting list')
  t.ok(list && list.height > 150, `the waiting list keeps room (${list?.height} px)`)
  await screenshot(page, 'console-aside-1366x768')

  // The other citizen is served and finished; the first one is back and resumed at this counter.
  await page.locator('[data-action="start"]:not([disabled])').click()
  await page.locator('qms-current-ticket [data-state="serving"]').waitFor()
  await page.locator('[data-action="finish"]:not([disabled])').click()
  await until(
    'the counter is free',
    () => current.count(),
    (n) => n === 0,
  )
  await fresh.locator('[data-action="resume-ticket"]:not([disabled])').click()
  await until(
    'the set-aside ticket is back',
    async () => (await current.count()) > 0 && (await current.textContent())!.trim(),
    (n) => n === served,
  )
  t.equal(await page.locator('qms-current-ticket [data-state]').getAttribute('data-state'), 'serving', 'served again, at once')
  t.equal(await asideRows.count(), 1, 'it leaves the set-aside list')
  const stored = (await app.inject({ method: 'GET', url: '/api/queue/snapshot', headers: staff.headers }))
    .json()
    .tickets.find((x: { number: string }) => x.number === served)
  t.equal(stored.status, 'serving')
  t.equal(stored.counterId, c1, 'at the same counter')
  await screenshot(page, 'console-aside-resumed-1366x768')

  // The citizen aside for twenty minutes never came back: marked absent from the list.
  const gone = asideRows.first()
  const goneNumber = (await gone.getAttribute('data-aside'))!
  await gone.locator('[data-action="absent-ticket"]').click()
  await until(
    'the absent citizen leaves the list',
    () => asideRows.count(),
    (n) => n === 0,
  )
  const status = await sqlValue(app, 'select status from tickets where number = ? order by id desc limit 1', [goneNumber])
  t.equal(status, 'no_show', `${goneNumber} is absent`)
  t.equal(await current.textContent().then((x) => x?.trim()), served, 'and the citizen being served stays at the counter')
  t.same(
    errors.filter((e) => !/status of (401|409)/.test(e)),
    [],
  )
})
