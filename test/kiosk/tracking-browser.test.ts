/** The ticket's page on a phone in real Chromium: the citizen follows the queue, then rates the visit with one tap. */
import t from 'tap'
import type { IssuedTicket } from '../../shared/types.js'
import { aDevice, build, counterId, issue, login, serveNext, serviceId } from '../helpers/build.js'
import { launch, newPage, screenshot, SKIP_BROWSER } from '../helpers/browser.js'

const PHONE = { width: 390, height: 844 }

t.test('a citizen follows the ticket on the phone and rates the visit with one tap', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const mine = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json() as IssuedTicket
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const url = `http://127.0.0.1:${port}${new URL(mine.trackingUrl).pathname}`

  const browser = await launch(t)
  const { page, errors } = await newPage(browser, PHONE)
  await page.goto(url)
  t.equal(await page.getByTestId('number').textContent(), '1001')
  t.equal(await page.getByTestId('status').textContent(), 'Đang chờ đến lượt')
  await screenshot(page, 'tracking-phone-waiting')

  await serveNext(app, 'canbo1', 1, mine.ticket.id)

  // The page follows the ticket and brings up the rating form by itself once the visit is done.
  await page.getByTestId('rate').waitFor()
  await screenshot(page, 'tracking-phone-rate')
  await page.getByRole('button', { name: 'Rất hài lòng' }).click()
  await page.getByTestId('rated').waitFor()
  t.equal(await page.getByTestId('rated').textContent(), 'Cảm ơn Ông/Bà đã đánh giá: “Rất hài lòng”.')
  t.same(app.storage.sqlite.prepare('select score from ratings').pluck().all(), [5], 'one rating stored, the top of the five levels')
  await screenshot(page, 'tracking-phone-rated')
  t.same(errors, [], 'no errors in the page')
})

t.test('the phone says when a ticket is set aside, and follows it back to the counter', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })
  const mine = (await issue(app, kiosk, { serviceId: await serviceId(app, 'DD') })).json() as IssuedTicket
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const staff = await login(app, 'canbo1')
  const counter = await counterId(app, 1)
  const post = (path: string) => app.inject({ method: 'POST', url: `/api/counters/${counter}${path}`, headers: staff.headers })
  await post('/open')
  await post('/call-next')
  await post(`/tickets/${mine.ticket.id}/start`)
  await post(`/tickets/${mine.ticket.id}/set-aside`)

  const browser = await launch(t)
  const { page, errors } = await newPage(browser, PHONE)
  await page.goto(`http://127.0.0.1:${port}${new URL(mine.trackingUrl).pathname}`)
  t.match(await page.getByTestId('status').textContent(), /^Hồ sơ đang tạm gác tại quầy số 1\./, 'set aside at counter 1')
  await screenshot(page, 'tracking-phone-set-aside')

  await post(`/tickets/${mine.ticket.id}/resume`)
  await page.getByTestId('status').filter({ hasText: 'Đang được phục vụ tại quầy số 1' }).waitFor()
  t.pass('the page follows the ticket back to being served')
  t.same(errors, [], 'no errors in the page')
})
