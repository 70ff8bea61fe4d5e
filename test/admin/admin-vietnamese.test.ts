/**
 * The Vietnamese admin screens in real Chromium read as Vietnamese: after a morning of changes
 * (services, counters, accounts, a display, the settings) and a printer failure, no screen shows
 * English words, raw JSON or internal ids, and the audit log tells each change in a sentence with
 * names. On a PC with English regional settings, opening hours and closed days still read 24-hour
 * and dd/mm/yyyy. Screenshots: test/artifacts/admin-vi-*.png.
 */
import t from 'tap'
import type { Page } from 'playwright-core'
import { eq } from 'drizzle-orm'
import { devices } from '../../server/src/db/schema.js'
import { PASSWORD, aDevice, baseUrl, build, counterId, login, serviceId } from '../helpers/build.js'
import { SKIP_BROWSER, launch, newPage, screenshot } from '../helpers/browser.js'

async function logIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/counter/#/admin`)
  await page.getByLabel('Tên đăng nhập').fill(username)
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
}

/** The text a person reads on the page, in every shadow root (not what was typed into fields, like the English name). */
function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = []
    const walk = (root: Node) => {
      for (const node of Array.from(root.childNodes)) {
        if (node.nodeType === Node.TEXT_NODE) out.push(node.textContent ?? '')
        else if (node instanceof HTMLElement) {
          if (['STYLE', 'SCRIPT', 'TEMPLATE'].includes(node.tagName)) continue
          // Elements apart, text within an element together ("#" and "12" are one "#12").
          out.push(' ')
          if (node.shadowRoot) walk(node.shadowRoot)
          walk(node)
          out.push(' ')
        }
      }
    }
    walk(document.body)
    // Addresses (the public URL, a printer's) are data, not words.
    return out
      .join('')
      .replace(/\s+/g, ' ')
      .replace(/\b(https?|tcp):\/\/\S+/g, '')
  })
}

/** English that leaked onto Vietnamese screens before: codes, settings names, JSON keys, README pointers. */
const ENGLISH = [
  'README',
  'Configuration',
  'printer',
  'timeout',
  'unreachable',
  'error',
  'null',
  'undefined',
  'true',
  'false',
  'service',
  'counter',
  'device',
  'changed',
  'added',
  'settings',
  'kiosk',
  'display',
  'Test',
  'targetWaitMinutes',
  'serviceIds',
  'counterIds',
  'config',
  'hours',
  'periods',
  'days',
]

t.test('the Vietnamese admin screens show no English, no JSON and no ids; the audit log reads as sentences', { skip: SKIP_BROWSER }, async (t) => {
  const { app, clock } = await build(t, { listen: true })
  const url = baseUrl(app)
  const kiosk = await aDevice(app, 'kiosk', { printer: { kind: 'network', url: 'tcp://192.168.1.50:9100', paperWidth: 80 } })
  app.storage.db
    .update(devices)
    .set({ name: 'Máy lấy số sảnh A', lastSeenAt: clock.time, printerStatus: 'error', printerError: 'printer_unreachable' })
    .where(eq(devices.id, kiosk.id))
    .run()
  const admin = await login(app, 'admin')
  const patch = async (path: string, payload: object) => {
    const res = await app.inject({ method: 'PATCH', url: path, headers: admin.headers, payload })
    t.equal(res.statusCode, 200, `${path}: ${res.body}`)
    return res
  }
  const land = await serviceId(app, 'DD')
  await patch(`/api/admin/services/${land}`, {
    targetWaitMinutes: 30,
    hours: {
      days: [1, 2, 3, 4, 5],
      periods: [
        { from: '07:30', to: '11:30' },
        { from: '13:30', to: '16:45' },
      ],
    },
  })
  await patch(`/api/admin/counters/${await counterId(app, 3)}`, {
    serviceIds: [await serviceId(app, 'HT'), await serviceId(app, 'CT')],
    strategy: 'longest_wait',
  })
  const created = await app.inject({
    method: 'POST',
    url: '/api/admin/users',
    headers: admin.headers,
    payload: { username: 'canbo9', displayName: 'Đặng Thị Thu', role: 'staff', password: 'mat-khau-rat-dai-2026' },
  })
  t.equal(created.statusCode, 201, created.body)
  await patch(`/api/admin/users/${created.json().user.id}`, { active: false })
  const display = await app.inject({
    method: 'POST',
    url: '/api/admin/devices',
    headers: admin.headers,
    payload: { kind: 'display', name: 'Màn hình phòng chờ' },
  })
  t.equal(display.statusCode, 201, display.body)
  const displayId = display.json().device.id
  await patch(`/api/admin/devices/${displayId}`, {
    config: { counterIds: [await counterId(app, 1), await counterId(app, 3)], languages: ['vi', 'en'], theme: 'light', serviceIds: [] },
  })
  await patch('/api/admin/site', { ticketFooter: 'Xin cảm ơn Ông/Bà', closedDays: [{ day: '2027-01-01', name: 'Tết Dương lịch' }] })

  const browser = await launch(t)
  const { page, errors } = await newPage(browser, { width: 1366, height: 768 })
  await logIn(page, url, 'admin')
  await page.locator('qms-admin-overview').waitFor()

  const screens: [string, string, string][] = [
    ['overview', 'qms-admin-overview', '.stat'],
    ['services', 'qms-admin-services', 'tr[data-code="DD"]'],
    ['counters', 'qms-admin-counters', 'tr[data-number="3"]'],
    ['groups', 'qms-admin-groups', 'td'],
    ['staff', 'qms-admin-staff', 'tr[data-username="canbo9"]'],
    ['devices', 'qms-admin-devices', `tr[data-device-id="${kiosk.id}"] .printer .badge.bad`],
    ['site', 'qms-admin-site', '[data-public-url]'],
    ['audit', 'qms-admin-audit', 'tr[data-action="site.update"]'],
  ]
  const texts: Record<string, string> = {}
  for (const [route, tag, ready] of screens) {
    await page.locator(`qms-admin-app nav a[data-route="${route}"]`).click()
    await page.locator(`${tag} ${ready}`).first().waitFor()
    // The display's counters are named from the live queue, which arrives on the socket.
    if (route === 'devices') await page.locator(tag, { hasText: 'Quầy: 1, 3' }).waitFor()
    texts[route] = await visibleText(page)
    await screenshot(page, `admin-vi-${route}`)
  }
  for (const [route, text] of Object.entries(texts)) {
    const english = ENGLISH.filter((w) => new RegExp(`(^|[^\\p{L}])${w}([^\\p{L}]|$)`, 'iu').test(text))
    t.same(english, [], `${route}: no English words`)
    t.notMatch(text, /[{}]|":|\[\d/, `${route}: no raw JSON`)
    t.notMatch(text, /#\d+|\bid\b/i, `${route}: no internal ids`)
  }
  t.match(texts.devices, /Lỗi máy in: không kết nối được máy in/, 'the printer failure in words')
  t.match(texts.overview, /Máy lấy số “Máy lấy số sảnh A” không in được phiếu: không kết nối được máy in/, 'and on the overview')

  const sentence = (action: string) => page.locator(`qms-admin-audit tr[data-action="${action}"] [data-sentence]`).first().textContent()
  t.equal(
    await sentence('service.update'),
    'Sửa lĩnh vực “DD – Đất đai”: thời gian chờ mục tiêu 30 phút; giờ cấp số T2, T3, T4, T5, T6 07:30–11:30, 13:30–16:45.',
  )
  t.match(await sentence('counter.update'), /^Sửa quầy “[^”]+”: lĩnh vực HT – Hộ tịch, CT – Chứng thực; cách gọi số Người chờ lâu nhất trước\.$/)
  t.equal(await sentence('user.create'), 'Tạo tài khoản “Đặng Thị Thu (canbo9)”: vai trò Cán bộ.', 'no password in the log')
  t.equal(await sentence('user.disable'), 'Khóa tài khoản “Đặng Thị Thu (canbo9)”.')
  t.equal(await sentence('device.register'), 'Đăng ký thiết bị “Màn hình phòng chờ”: loại Màn hình.', 'the name is not said twice')
  t.match(
    await sentence('device.update'),
    /^Sửa cài đặt thiết bị “Màn hình phòng chờ”: quầy [^;]+, [^;]+; ngôn ngữ đọc số tiếng Việt, tiếng Anh; giao diện Nền sáng; lĩnh vực tất cả\.$/,
  )
  t.equal(
    await sentence('site.update'),
    `Sửa cài đặt chung “Trung tâm Phục vụ hành chính công”: lời cuối phiếu “Xin cảm ơn Ông/Bà”; ngày nghỉ 01/01/2027 (Tết Dương lịch).`,
  )
  t.same(
    errors.filter((e) => !/status of 401/.test(e)),
    [],
    'no errors in the page',
  )
})

t.test('on a PC with English regional settings, opening hours read 24-hour and closed days dd/mm/yyyy', { skip: SKIP_BROWSER }, async (t) => {
  const { app } = await build(t, { listen: true })
  const land = await serviceId(app, 'DD')
  const admin = await login(app, 'admin')
  await app.inject({
    method: 'PATCH',
    url: `/api/admin/services/${land}`,
    headers: admin.headers,
    payload: {
      hours: {
        days: [1, 2, 3, 4, 5],
        periods: [
          { from: '07:30', to: '11:30' },
          { from: '13:30', to: '16:45' },
        ],
      },
    },
  })
  const browser = await launch(t)
  const { page, errors } = await newPage(browser, { width: 1366, height: 768, locale: 'en-US' })
  t.equal(await page.evaluate(() => navigator.language), 'en-US')
  await logIn(page, baseUrl(app), 'admin')
  await page.locator('qms-admin-app nav a[data-route="services"]').click()
  const services = page.locator('qms-admin-services')
  await services.locator('tr[data-code="DD"] button', { hasText: 'Sửa' }).click()
  const to = services.locator('dialog input[name="periodTo"]').last()
  await to.waitFor()
  t.same(
    await services
      .locator('dialog input[name="periodFrom"], dialog input[name="periodTo"]')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    ['07:30', '11:30', '13:30', '16:45'],
    '24-hour times, no AM/PM',
  )
  t.equal(await to.getAttribute('type'), 'text', 'not the browser’s own time picker, which follows the PC')
  // The afternoon now ends at 17:00, typed as "17h".
  await to.fill('17h')
  await to.blur()
  t.equal(await to.inputValue(), '17:00', 'written back as 17:00')
  const wrong = services.locator('dialog input[name="periodFrom"]').first()
  await wrong.fill('25:00')
  t.equal(
    await wrong.evaluate((el) => (el as HTMLInputElement).validationMessage),
    'Nhập giờ theo dạng 24 giờ, ví dụ 07:30 hoặc 13:30.',
    'a time that does not exist is refused in Vietnamese',
  )
  await wrong.fill('7:30')
  await wrong.blur()
  await screenshot(page, 'admin-vi-hours-en-us-pc')
  await services.locator('dialog button[type="submit"]').click()
  await services.locator('dialog').first().waitFor({ state: 'hidden' })
  const stored = (await app.inject({ method: 'GET', url: '/api/admin/services', headers: admin.headers }))
    .json()
    .services.find((s: { id: number }) => s.id === land)
  t.same(
    stored.hours.periods,
    [
      { from: '07:30', to: '11:30' },
      { from: '13:30', to: '17:00' },
    ],
    'saved in 24-hour time',
  )

  await page.locator('qms-admin-app nav a[data-route="site"]').click()
  const site = page.locator('qms-admin-site')
  await site.locator('[data-add-closed-day]').click()
  const added = site.locator('[data-closed-days] .row').last()
  await added.locator('input[name=closedDay]').fill('6/2/2027')
  await added.locator('input[name=closedDay]').blur()
  t.equal(await added.locator('input[name=closedDay]').inputValue(), '06/02/2027', 'the day reads dd/mm/yyyy')
  await added.locator('input[name=closedDayName]').fill('Tết Nguyên Đán')
  await site.locator('button[type=submit]').click()
  await site.locator('.notice').first().waitFor()
  const closed = (await app.inject({ method: 'GET', url: '/api/admin/site', headers: admin.headers })).json().site.closedDays
  t.ok(
    closed.some((d: { day: string }) => d.day === '2027-02-06'),
    '6 February 2027, not 2 June',
  )
  t.same(
    errors.filter((e) => !/status of 401/.test(e)),
    [],
    'no errors in the page',
  )
})
