/**
 * Who may call what, route by route: the policy each route's guard applies and what it answers
 * each kind of caller. The role matrix proves the guards keep to it; the fuzz test
 * (test/reliability/fuzz.test.ts) uses it to send each route's inputs as a caller that may use it.
 */
import type { RouteEntry } from './route-inventory.js'

/**
 * `staff`, `manager` and `admin` are a centre's own people; `provinceManager` and `provinceAdmin`
 * hold a province role (and are manager or administrator at their home centre, as everywhere).
 */
export type Caller = 'anonymous' | 'kiosk' | 'display' | 'rating' | 'staff' | 'manager' | 'admin' | 'provinceManager' | 'provinceAdmin'
export const CALLERS: Caller[] = ['anonymous', 'kiosk', 'display', 'rating', 'staff', 'manager', 'admin', 'provinceManager', 'provinceAdmin']

export type Policy = 'public' | 'screens' | 'device' | 'kiosk' | 'ratingDevice' | 'staff' | 'manager' | 'admin' | 'provinceRead' | 'provinceAdmin'

/** What each policy answers each caller: 'ok', or the denial status. */
export const EXPECT: Record<Policy, Record<Caller, 'ok' | 401 | 403>> = {
  // Login, the citizen's tracking page, the static front ends.
  public: { anonymous: 'ok', kiosk: 'ok', display: 'ok', rating: 'ok', staff: 'ok', manager: 'ok', admin: 'ok', provinceManager: 'ok', provinceAdmin: 'ok' },
  // The queue as every screen reads it: staff and registered devices (not a rating device: it sees its counter only).
  screens: { anonymous: 401, kiosk: 'ok', display: 'ok', rating: 403, staff: 'ok', manager: 'ok', admin: 'ok', provinceManager: 'ok', provinceAdmin: 'ok' },
  device: { anonymous: 401, kiosk: 'ok', display: 'ok', rating: 'ok', staff: 401, manager: 401, admin: 401, provinceManager: 401, provinceAdmin: 401 },
  kiosk: { anonymous: 401, kiosk: 'ok', display: 403, rating: 403, staff: 401, manager: 401, admin: 401, provinceManager: 401, provinceAdmin: 401 },
  // The rating device on a counter's desk: its answers and nothing of the queue.
  ratingDevice: { anonymous: 401, kiosk: 403, display: 403, rating: 'ok', staff: 401, manager: 401, admin: 401, provinceManager: 401, provinceAdmin: 401 },
  staff: { anonymous: 401, kiosk: 401, display: 401, rating: 401, staff: 'ok', manager: 'ok', admin: 'ok', provinceManager: 'ok', provinceAdmin: 'ok' },
  manager: { anonymous: 401, kiosk: 401, display: 401, rating: 401, staff: 403, manager: 'ok', admin: 'ok', provinceManager: 'ok', provinceAdmin: 'ok' },
  admin: { anonymous: 401, kiosk: 401, display: 401, rating: 401, staff: 403, manager: 403, admin: 'ok', provinceManager: 403, provinceAdmin: 'ok' },
  // The province's own screens: a centre's people, administrators included, never reach them.
  provinceRead: { anonymous: 401, kiosk: 401, display: 401, rating: 401, staff: 403, manager: 403, admin: 403, provinceManager: 'ok', provinceAdmin: 'ok' },
  provinceAdmin: { anonymous: 401, kiosk: 401, display: 401, rating: 401, staff: 403, manager: 403, admin: 403, provinceManager: 403, provinceAdmin: 'ok' },
}

/**
 * `METHOD url` → policy. Report routes (`/api/reports/…`) are for managers as a family; every
 * other route is listed one by one.
 */
export const POLICIES: Record<string, Policy> = {
  'POST /api/auth/login': 'public',
  'GET /api/health': 'public',
  'GET /api/auth/me': 'staff',
  'POST /api/auth/logout': 'staff',
  'POST /api/auth/password': 'staff',
  'GET /api/queue/snapshot': 'screens',
  'GET /api/queue/availability': 'screens',
  'POST /api/queue/close-day': 'manager',
  'POST /api/kiosk/tickets': 'kiosk',
  'POST /api/rating-device/ratings': 'ratingDevice',
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
  'POST /api/counters/:id/tickets/:ticketId/set-aside': 'staff',
  'POST /api/counters/:id/tickets/:ticketId/resume': 'staff',
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
  'GET /api/admin/procedures': 'manager',
  'POST /api/admin/procedures': 'admin',
  'PATCH /api/admin/procedures/:id': 'admin',
  'DELETE /api/admin/procedures/:id': 'admin',
  'POST /api/admin/procedures/import': 'admin',
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
  'GET /api/public/sites': 'public',
  'GET /api/public/sites/:id': 'public',
  'GET /api/admin/pairing/:code': 'admin',
  'POST /api/auth/site': 'staff',
  'GET /api/province/sites': 'provinceRead',
  'GET /api/province/sites/:id': 'provinceRead',
  'POST /api/province/sites': 'provinceAdmin',
  'PATCH /api/province/sites/:id': 'provinceAdmin',
  'GET /api/province/users': 'provinceRead',
  'POST /api/province/users': 'provinceAdmin',
  'PATCH /api/province/users/:id': 'provinceAdmin',
  'PUT /api/province/users/:id/assignments': 'provinceAdmin',
  'GET /api/province/report': 'provinceRead',
  'GET /api/province/report.csv': 'provinceRead',
  'GET /api/province/report.xlsx': 'provinceRead',
  'POST /api/admin/pairing/:code/confirm': 'admin',
}

/** The codes with which the auth guards refuse a caller. */
export const GUARD_CODES = new Set(['unauthorized', 'forbidden', 'csrf_failed', 'device_revoked'])

export function policyOf(route: RouteEntry): Policy | undefined {
  const key = `${route.method} ${route.url}`
  if (POLICIES[key]) return POLICIES[key]
  if (route.url.startsWith('/api/reports/')) return 'manager'
  // Static pages and assets: everything outside /api/ except the tracking page is a file.
  if (route.method === 'GET' && !route.url.startsWith('/api/')) return 'public'
  return undefined
}
