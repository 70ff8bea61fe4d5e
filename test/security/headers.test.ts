/** Every page and answer carries the security headers: no framing, no sniffing, a referrer policy. */
import t from 'tap'
import { build } from '../helpers/build.js'

t.test('pages and API answers cannot be framed and are not sniffed', async (t) => {
  const { app } = await build(t)
  for (const url of ['/counter/', '/kiosk/', '/display/', '/api/health', '/api/auth/me']) {
    const res = await app.inject({ url })
    t.equal(res.headers['x-frame-options'], 'DENY', `${url}: X-Frame-Options`)
    t.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/, `${url}: frame-ancestors`)
    t.match(String(res.headers['content-security-policy']), /object-src 'none'/, `${url}: no plugins`)
    t.match(String(res.headers['content-security-policy']), /script-src 'self'(;|$)/, `${url}: scripts only from our own bundles`)
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${url}: nosniff`)
    t.equal(res.headers['referrer-policy'], 'same-origin', `${url}: referrer policy`)
    t.notOk(res.headers['strict-transport-security'], `${url}: no HSTS over plain http`)
  }
})

t.test('behind HTTPS the browser is told to stay on it', async (t) => {
  const { app } = await build(t, { env: { COOKIE_SECURE: 'true' } })
  const res = await app.inject({ url: '/counter/' })
  t.match(String(res.headers['strict-transport-security']), /max-age=15552000/)
})
