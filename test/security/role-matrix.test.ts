/**
 * Who may call what: every route the app registers, for every kind of caller. A route missing
 * from POLICIES fails this test, so a new route cannot ship without someone deciding who may
 * call it. "Allowed" means the guard let the request through (any answer but 401/403); a denial
 * must be 401 for callers of the wrong kind and 403 for the wrong role.
 */
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { aDevice, aUser, login } from '../helpers/build.js'
import { buildWithRoutes, type RouteEntry } from './route-inventory.js'

type Caller = 'anonymous' | 'kiosk' | 'display' | 'staff' | 'manager' | 'admin'
const CALLERS: Caller[] = ['anonymous', 'kiosk', 'display', 'staff', 'manager', 'admin']

type Policy = 'public' | 'screens' | 'device' | 'kiosk' | 'staff' | 'manager' | 'admin'

/** What each policy answers each caller: 'ok', or the denial status. */
const EXPECT: Record<Policy, Record<Caller, 'ok' | 401 | 403>> = {
  // Login, the citizen's tracking page, the static front ends.
  public: { anonymous: 'ok', kiosk: 'ok', display: 'ok', staff: 'ok', manager: 'ok', admin: 'ok' },
  // The queue as every screen reads it: staff and registered devices.
  screens: { anonymous: 401, kiosk: 'ok', display: 'ok', staff: 'ok', manager: 'ok', admin: 'ok' },
  device: { anonymous: 401, kiosk: 'ok', display: 'ok', staff: 401, manager: 401, admin: 401 },
  kiosk: { anonymous: 401, kiosk: 'ok', display: 403, staff: 401, manager: 401, admin: 401 },
  staff: { anonymous: 401, kiosk: 401, display: 401, staff: 'ok', manager: 'ok', admin: 'ok' },
  manager: { anonymous: 401, kiosk: 401, display: 401, staff: 403, manager: 'ok', admin: 'ok' },
  admin: { anonymous: 401, kiosk: 401, display: 401, staff: 403, manager: 403, admin: 'ok' },
}

/**
 * `METHOD url` → policy. Report routes (`/api/reports/…`) are for managers as a family; every
 * other route is listed one by one.
 */
const POLICIES: Record<string, Policy> = {
  'POST /api/auth/login': 'public',
  'GET /api/health': 'public',
  'GET /api/auth/me': 'staff',
  'POST /api/auth/logout': 'staff',
  'POST /api/auth/password': 'staff',
  'GET /api/queue/snapshot': 'screens',
  'GET /api/queue/availability': 'screens',
  'POST /api/queue/close-day': 'manager',
  'POST /api/kiosk/tickets': 'kiosk',
  'GET /api/device/me': 'device',
  'GET /api/tickets/no-shows': 'staff',
  'GET /api/tickets/:id': 'staff',
  'POST /api/tickets/:id/return': 'staff',
  'POST /api/tickets/:id/cancel': 'staff',
  'POST /api/tickets/:id/transfer': 'staff',
  'POST /api/tickets/:id/reprint': 'staff',
  'POST /api/tickets/reprint-number': 'staff',
  'GET /api/tickets/:id/ticket.png': 'staff',
  'POST /api/counters/:id/open': 'staff',
  'POST /api/counters/:id/release': 'manager',
  'POST /api/counters/:id/close': 'staff',
  'POST /api/counters/:id/pause': 'staff',
  'POST /api/counters/:id/resume': 'staff',
  'POST /api/counters/:id/call-next': 'staff',
  'POST /api/counters/:id/call': 'staff',
  'POST /api/counters/:id/tickets/:ticketId/recall': 'staff',
  'POST /api/counters/:id/tickets/:ticketId/start': 'staff',
  'POST /api/counters/:id/tickets/:ticketId/finish': 'staff',
  'POST /api/counters/:id/tickets/:ticketId/no-show': 'staff',
  'POST /api/counters/:id/tickets/:ticketId/transfer': 'staff',
  'GET /api/admin/devices': 'manager',
  'POST /api/admin/devices': 'admin',
  'PATCH /api/admin/devices/:id': 'admin',
  'POST /api/admin/devices/:id/revoke': 'admin',
  'POST /api/admin/devices/:id/rotate-token': 'admin',
  'GET /api/admin/services': 'manager',
  'POST /api/admin/services': 'admin',
  'PATCH /api/admin/services/:id': 'admin',
  'DELETE /api/admin/services/:id': 'admin',
  'GET /api/admin/counters': 'manager',
  'POST /api/admin/counters': 'admin',
  'PATCH /api/admin/counters/:id': 'admin',
  'DELETE /api/admin/counters/:id': 'admin',
  'GET /api/admin/priority-groups': 'manager',
  'POST /api/admin/priority-groups': 'admin',
  'PATCH /api/admin/priority-groups/:id': 'admin',
  'DELETE /api/admin/priority-groups/:id': 'admin',
  'GET /api/admin/users': 'manager',
  'POST /api/admin/users': 'admin',
  'PATCH /api/admin/users/:id': 'admin',
  'POST /api/admin/users/:id/password': 'admin',
  'GET /api/admin/site': 'manager',
  'PATCH /api/admin/site': 'admin',
  'GET /api/admin/audit': 'admin',
  'GET /t/:id/:code': 'public',
  'POST /t/:id/:code/rating': 'public',
  'POST /api/pairing': 'public',
  'POST /api/pairing/:id/poll': 'public',
  'GET /api/admin/pairing/:code': 'admin',
  'POST /api/admin/pairing/:code/confirm': 'admin',
}

/** The codes with which the auth guards refuse a caller. */
const GUARD_CODES = new Set(['unauthorized', 'forbidden', 'csrf_failed', 'device_revoked'])

function codeOf(body: string): string {
  try {
    return (JSON.parse(body) as { code?: string }).code ?? ''
  } catch {
    return ''
  }
}

function policyOf(route: RouteEntry): Policy | undefined {
  const key = `${route.method} ${route.url}`
  if (POLICIES[key]) return POLICIES[key]
  if (route.url.startsWith('/api/reports/')) return 'manager'
  // Static pages and assets: everything outside /api/ except the tracking page is a file.
  if (route.method === 'GET' && !route.url.startsWith('/api/')) return 'public'
  return undefined
}

/** A concrete URL for a route pattern: ids that exist in the demo data. */
function concrete(url: string): string {
  return url.replace(':ticketId', '1').replace(':id', '1').replace(':code', 'not-a-code').replace('*', 'index.html')
}

async function callers(app: FastifyInstance): Promise<Record<Caller, Record<string, string>>> {
  const kiosk = await aDevice(app, 'kiosk')
  const display = await aDevice(app, 'display')
  return {
    anonymous: {},
    kiosk: kiosk.headers,
    display: display.headers,
    staff: (await aUser(app, 'staff')).headers,
    manager: (await login(app, 'lanhdao')).headers,
    admin: (await aUser(app, 'admin')).headers,
  }
}

t.test('every route has a policy, and every caller gets what the policy says', async (t) => {
  // Many logins happen here: lift the login limit so it does not mask the matrix.
  const { app, routes } = await buildWithRoutes(t, { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' })
  const apiRoutes = routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
  t.ok(apiRoutes.length >= 50, `found ${apiRoutes.length} routes`)

  const unlisted = apiRoutes.filter((r) => policyOf(r) === undefined).map((r) => `${r.method} ${r.url}`)
  t.same(unlisted, [], 'every route has a policy in test/security/role-matrix.test.ts')

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
