/**
 * The kiosk's second level in real Chromium: a field with procedures lists them, a search typed on
 * the kiosk's own keyboard without tone marks finds "Đăng ký khai sinh", the papers to bring show
 * before the number is taken, and the number comes with the procedure; a field without procedures
 * issues at once. Screenshots at the kiosk's portrait and landscape sizes (test/artifacts/), and the
 * paper ticket's image with a long procedure name.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import type { Page } from 'playwright-core'
import type { FastifyInstance } from 'fastify'
import { aDevice, baseUrl, build, issue, login, serviceId, sqlRows, type Device } from '../helpers/build.js'
import { ARTIFACTS, launch, newPage, screenshot, SKIP_BROWSER } from '../helpers/browser.js'

const SIZES = [
  ['portrait', { width: 1080, height: 1920 }],
  ['landscape', { width: 1366, height: 768 }],
] as const

async function openKiosk(page: Page, app: FastifyInstance, kiosk: Device): Promise<void> {
  await page.goto(`${baseUrl(app)}/kiosk/#token=${kiosk.token}`)
  await page.locator('qms-service-tile button[data-service="HT"][aria-disabled="false"]').waitFor()
}

async function latest(app: FastifyInstance) {
  const rows = await sqlRows<{ number: string; procedureId: number | null; serviceId: number }>(
    app,
    'select number, procedure_id as "procedureId", service_id as "serviceId" from tickets order by id desc limit 1',
  )
  return rows[0]
}

async function procedureIdOf(app: FastifyInstance, code: string): Promise<number> {
  const rows = await sqlRows<{ id: number }>(app, 'select id from procedures where code = ?', [code])
  return rows[0]!.id
}

t.test('the kiosk asks for the procedure, finds it without tone marks and shows the papers', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const browser = await launch(t)
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'none' } })

  for (const [orientation, viewport] of SIZES) {
    t.test(orientation, async (t) => {
      const { page, context, errors } = await newPage(browser, viewport)
      t.teardown(() => context.close())
      await openKiosk(page, app, kiosk)

      await page.locator('button[data-service="HT"]').click()
      const picker = page.locator('qms-procedure-picker')
      await picker.waitFor()
      t.match(await picker.locator('h2').innerText(), /Hộ tịch: chọn thủ tục/)
      const names = await picker.locator('.procedure:not(.other) .name').allInnerTexts()
      t.same(names.slice(0, 4), ['Đăng ký khai sinh', 'Đăng ký kết hôn', 'Đăng ký khai tử', 'Cấp bản sao trích lục hộ tịch'], "Hộ tịch's procedures in order")
      t.equal(await picker.getByTestId('papers-hint').isVisible(), true, 'no papers until one is chosen')
      await screenshot(page, `kiosk-procedures-${orientation}-list`)

      // The kiosk's own keyboard has no tone marks: the search does without them.
      await picker.getByTestId('procedure-search').click()
      for (const key of [...'dang ky khai sinh']) await picker.locator(`.key[data-key="${key === ' ' ? 'space' : key}"]`).click()
      t.equal(await picker.getByTestId('procedure-search').inputValue(), 'dang ky khai sinh')
      const found = await picker.locator('.procedure:not(.other) .name').allInnerTexts()
      t.equal(found[0], 'Đăng ký khai sinh', 'the toneless query finds it first')
      t.notOk(
        found.some((n) => n.includes('kết hôn')),
        'and not the others',
      )
      await screenshot(page, `kiosk-procedures-${orientation}-search`)

      await picker.locator('button[data-procedure="HT-001"]').click()
      const papers = picker.getByTestId('papers')
      await papers.waitFor()
      t.match(await papers.innerText(), /Giấy tờ cần mang theo[\s\S]*Tờ khai đăng ký khai sinh[\s\S]*Giấy chứng sinh/)
      await screenshot(page, `kiosk-procedures-${orientation}-papers`)
      const inView = await picker.getByTestId('take-number').evaluate((el) => {
        const b = el.getBoundingClientRect()
        return b.top >= 0 && b.bottom <= innerHeight && b.height > 40
      })
      t.ok(inView, 'the take-a-number button is on screen with the papers')

      await picker.getByTestId('take-number').click()
      const result = page.locator('qms-ticket-result')
      await result.getByTestId('result-procedure').waitFor()
      t.match(await result.getByTestId('result-procedure').innerText(), /Thủ tục: Đăng ký khai sinh/)
      const ticket = await latest(app)
      t.equal(ticket?.procedureId, await procedureIdOf(app, 'HT-001'), 'the ticket carries the procedure')
      t.equal(await result.getByTestId('ticket-number').innerText(), ticket?.number)
      await screenshot(page, `kiosk-procedures-${orientation}-result`)
      t.same(errors, [], 'no page errors')
    })
  }

  t.test('a search that finds nothing says so; "other" issues for the field; a field without procedures issues at once', async (t) => {
    const { page, context } = await newPage(browser, SIZES[0][1])
    t.teardown(() => context.close())
    await openKiosk(page, app, kiosk)
    await page.locator('button[data-service="CT"]').click()
    const picker = page.locator('qms-procedure-picker')
    await picker.getByTestId('procedure-search').fill('xyz khong co')
    await picker.getByTestId('no-match').waitFor()
    // A search reaches other fields' procedures too, named with their field.
    await picker.getByTestId('procedure-search').fill('khai tu')
    t.match(await picker.locator('button[data-procedure="HT-003"]').innerText(), /Đăng ký khai tử[\s\S]*Hộ tịch/)
    await picker.getByTestId('procedure-other').click()
    await page.locator('qms-ticket-result').getByTestId('ticket-number').waitFor()
    const other = await latest(app)
    t.equal(other?.serviceId, await serviceId(app, 'CT'))
    t.equal(other?.procedureId, null, '"other" takes a number without a procedure')
    await page.locator('qms-ticket-result').getByTestId('done').click()

    await page.locator('button[data-service="TKQ"]').click()
    await page.locator('qms-ticket-result').getByTestId('ticket-number').waitFor()
    t.equal(await page.locator('qms-procedure-picker').count(), 0, 'Trả kết quả has no procedures: no second level')
    t.equal((await latest(app))?.serviceId, await serviceId(app, 'TKQ'))
  })

  t.test('the paper ticket prints a long procedure name in full', async (t) => {
    const issued = await issue(app, kiosk, { serviceId: await serviceId(app, 'HT'), procedureId: await procedureIdOf(app, 'HT-005') })
    t.equal(issued.statusCode, 201)
    const staff = await login(app, 'canbo3')
    const png = await app.inject({ method: 'GET', url: `/api/tickets/${issued.json().ticket.id as number}/ticket.png?width=80`, headers: staff.headers })
    t.equal(png.statusCode, 200)
    const plain = await app.inject({
      method: 'GET',
      url: `/api/tickets/${(await issue(app, kiosk, { serviceId: await serviceId(app, 'HT') })).json().ticket.id as number}/ticket.png?width=80`,
      headers: staff.headers,
    })
    // The name wraps over several lines: the ticket is taller than one without a procedure.
    const height = (b: Buffer) => b.readUInt32BE(20)
    t.ok(height(png.rawPayload) > height(plain.rawPayload) + 60, `taller with the procedure (${height(png.rawPayload)} vs ${height(plain.rawPayload)} px)`)
    mkdirSync(ARTIFACTS, { recursive: true })
    writeFileSync(join(ARTIFACTS, 'ticket-80mm-long-procedure.png'), png.rawPayload)
  })
})
