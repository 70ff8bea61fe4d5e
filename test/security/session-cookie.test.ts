/**
 * The session cookie has a relative lifetime (Max-Age): the browser counts it from when the cookie
 * arrives, so a counter PC whose clock is hours or years away from the server's keeps its login,
 * while the server still ends the session by its own clock.
 */
import t from 'tap'
import { FakeClock, PASSWORD, baseUrl, build } from '../helpers/build.js'
import { SKIP_BROWSER, launch, newPage } from '../helpers/browser.js'

const HOUR = 3600_000

t.test('the login cookie carries Max-Age, never an absolute Expires', async (t) => {
  const { app } = await build(t, { env: { SESSION_TTL_HOURS: '12' } })
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD } })
  t.equal(res.statusCode, 200)
  const header = String(res.headers['set-cookie'])
  t.match(header, /Max-Age=43200(;|$)/, 'twelve hours, counted by the browser')
  t.notMatch(header, /Expires=/i, 'no date judged by the browser clock')
})

t.test('the server ends a session by its own clock, whatever the cookie says', async (t) => {
  const { app, clock } = await build(t, { env: { SESSION_TTL_HOURS: '12' } })
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD } })
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
  clock.advance(12 * HOUR - 60_000)
  t.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode, 200, 'valid a minute before the end')
  clock.advance(2 * 60_000)
  const late = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })
  t.equal(late.statusCode, 401, 'refused a minute after')
  t.equal(late.json().code, 'unauthorized')
})

// The browser runs on the real clock; the server's clock is set far from it both ways.
const SKEWS: [string, number][] = [
  ['the server clock is three years behind the browser', -3 * 365 * 24 * HOUR],
  ['the server clock is a day ahead of the browser', 24 * HOUR],
]

for (const [name, skew] of SKEWS) {
  t.test(`a staff login survives a reload when ${name}`, { skip: SKIP_BROWSER }, async (t) => {
    const clock = new FakeClock(Date.now() + skew)
    const { app } = await build(t, { clock, listen: true })
    const browser = await launch(t)
    const { page } = await newPage(browser, { width: 1366, height: 768 })
    await page.goto(`${baseUrl(app)}/counter/`)
    await page.getByLabel('Tên đăng nhập').fill('canbo1')
    await page.getByLabel('Mật khẩu').fill(PASSWORD)
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await page.locator('qms-counter-picker').waitFor()
    const cookies = await page.context().cookies()
    const session = cookies.find((c) => c.name === 'qms_session')
    t.ok(session, 'the browser kept the session cookie')
    const left = (session?.expires ?? 0) - Date.now() / 1000
    t.ok(left > 11 * 3600 && left <= 12 * 3600 + 5, `it lasts twelve hours by the browser's clock (${Math.round(left)} s)`)
    await page.reload()
    await page.locator('qms-counter-picker').waitFor()
    t.equal(await page.locator('qms-login-screen').count(), 0, 'still logged in after a reload')
  })
}
