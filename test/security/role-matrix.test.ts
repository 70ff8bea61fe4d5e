/**
 * Who may call what: every route the app registers, for every kind of caller. A route missing
 * from POLICIES (route-policies.ts) fails this test, so a new route cannot ship without someone
 * deciding who may call it. "Allowed" means the guard let the request through (any answer but 401/403); a denial
 * must be 401 for callers of the wrong kind and 403 for the wrong role.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { aDevice, aUser, login } from '../helpers/build.js'
import { buildWithRoutes } from './route-inventory.js'
import { CALLERS, EXPECT, GUARD_CODES, policyOf, type Caller } from './route-policies.js'

function codeOf(body: string): string {
  try {
    return (JSON.parse(body) as { code?: string }).code ?? ''
  } catch {
    return ''
  }
}

/** A concrete URL for a route pattern: ids that exist in the demo data. */
function concrete(url: string): string {
  return url.replace(':ticketId', '1').replace(':id', '1').replace(':code', 'not-a-code').replace('*', 'index.html')
}

async function callers(app: FastifyInstance): Promise<Record<Caller, Record<string, string>>> {
  const kiosk = await aDevice(app, 'kiosk')
  const display = await aDevice(app, 'display')
  const rating = await aDevice(app, 'rating', { counterId: 1 })
  return {
    anonymous: {},
    kiosk: kiosk.headers,
    display: display.headers,
    rating: rating.headers,
    staff: (await aUser(app, 'staff')).headers,
    manager: (await login(app, 'lanhdao')).headers,
    admin: (await aUser(app, 'admin')).headers,
    provinceManager: (await aUser(app, 'manager', undefined, 'manager')).headers,
    provinceAdmin: (await aUser(app, 'admin', undefined, 'admin')).headers,
  }
}

t.test('every route has a policy, and every caller gets what the policy says', async (t) => {
  // Many logins happen here: lift the login limit so it does not mask the matrix.
  const { app, routes } = await buildWithRoutes(t, { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' })
  const apiRoutes = routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
  t.ok(apiRoutes.length >= 50, `found ${apiRoutes.length} routes`)

  const unlisted = apiRoutes.filter((r) => policyOf(r) === undefined).map((r) => `${r.method} ${r.url}`)
  t.same(unlisted, [], 'every route has a policy in test/security/route-policies.ts')

  const who = await callers(app)
  // Destructive admin calls on record 1 would change the data later rows rely on: run them last.
  const ordered = [...apiRoutes].sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'))
  for (const route of ordered) {
    const policy = policyOf(route)
    if (!policy) continue
    for (const caller of CALLERS) {
      // A kiosk login must not log anyone out halfway through the matrix.
      if (route.url === '/api/auth/logout' || route.url === '/api/auth/password' || route.url.endsWith('/rotate-token') || route.url.endsWith('/revoke')) {
        if (EXPECT[policy][caller] === 'ok') continue
      }
      if (route.url === '/api/admin/users/:id/password' && EXPECT[policy][caller] === 'ok') continue
      const res = await app.inject({
        method: route.method as 'GET',
        url: concrete(route.url),
        headers: who[caller],
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
      })
      const expected = EXPECT[policy][caller]
      const label = `${caller} ${route.method} ${route.url} → ${res.statusCode}`
      if (expected === 'ok') {
        // A domain rule may also answer 403 (another staff member's counter): only the guard's codes mean "denied".
        const denied = (res.statusCode === 401 || res.statusCode === 403) && GUARD_CODES.has(codeOf(res.body))
        t.notOk(denied, `${label}: allowed`)
        t.ok(res.statusCode < 500, `${label}: no server error`)
      } else {
        t.equal(res.statusCode, expected, `${label}: denied`)
        t.ok(GUARD_CODES.has(codeOf(res.body)), `${label}: refused by the guard (${codeOf(res.body)})`)
      }
    }
  }
})

t.test('the allowed calls that end a session or a device are allowed too', async (t) => {
  const { app } = await buildWithRoutes(t)
  const admin = await login(app, 'admin')
  const staff = await aUser(app, 'staff')
  const display = await aDevice(app, 'display')
  const reset = await app.inject({
    method: 'POST',
    url: `/api/admin/users/${staff.id}/password`,
    headers: admin.headers,
    payload: { password: 'mot-mat-khau-moi' },
  })
  t.equal(reset.statusCode, 200)
  const rotate = await app.inject({ method: 'POST', url: `/api/admin/devices/${display.id}/rotate-token`, headers: admin.headers })
  t.equal(rotate.statusCode, 200)
  const revoke = await app.inject({ method: 'POST', url: `/api/admin/devices/${display.id}/revoke`, headers: admin.headers })
  t.equal(revoke.statusCode, 200)
  const logout = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: admin.headers })
  t.equal(logout.statusCode, 204)
})

t.test('a staff session cannot pose as a device, nor a device as staff, on sockets either', async (t) => {
  const { app } = await buildWithRoutes(t)
  const staff = await aUser(app, 'staff')
  // A cookie plus a made-up bearer token: the bearer wins and is refused, the cookie is not used.
  const mixed = await app.inject({ method: 'GET', url: '/api/admin/services', headers: { ...staff.headers, authorization: 'Bearer made-up' } })
  t.equal(mixed.statusCode, 401)
  const revoked = await app.inject({
    method: 'POST',
    url: '/api/kiosk/tickets',
    headers: { authorization: 'Bearer made-up', 'idempotency-key': 'abcdefgh12' },
    payload: { serviceId: 1 },
  })
  t.equal(revoked.json().code, 'device_revoked')
})
