/**
 * Who is asking. Staff log in and carry an httpOnly session cookie (with a CSRF token for
 * changes); kiosks and displays are registered devices that send `Authorization: Bearer <token>`.
 */
import fp from 'fastify-plugin'
import cookie from '@fastify/cookie'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { CSRF_HEADER, type DeviceKind, type ProvinceRole, type Role } from '../../../shared/constants.js'
import type { DeviceRow, UserRow } from '../db/repositories.js'
import type { Store } from '../db/store.js'
import { hashToken, newToken } from '../auth/passwords.js'
import { scopeOf, type Scope } from '../auth/scope.js'
import { staffOf } from '../http/principal.js'
import { HttpError } from './errors.js'

export const SESSION_COOKIE = 'qms_session'

export type { DeviceRow, UserRow }

/**
 * A staff principal's `user` is the account as the centre it works at now sees it (its `siteId` and
 * `role` are that centre's: see auth/scope.ts); `homeSiteId` and `provinceRole` are the account's own.
 */
export type StaffPrincipal = { kind: 'staff'; csrfToken: string; sessionId: string } & Scope
export type Principal = StaffPrincipal | { kind: 'device'; device: DeviceRow }

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
  interface FastifyInstance {
    /** preHandler: a logged-in, active user with one of these roles. */
    requireStaff(roles?: readonly Role[]): (request: FastifyRequest, reply: FastifyReply) => Promise<void>
    /** preHandler: a logged-in, active user with one of these roles over the whole province. */
    requireProvince(roles?: readonly ProvinceRole[]): (request: FastifyRequest, reply: FastifyReply) => Promise<void>
    /** preHandler: a registered, unrevoked device of this kind. */
    requireDevice(kind: DeviceKind): (request: FastifyRequest, reply: FastifyReply) => Promise<void>
    sessions: SessionStore
  }
}

export interface AuthOptions {
  sessionTtlHours: number
  cookieSecure: boolean
}

/** Device `last seen` is written at most this often, so a polling kiosk does not write on every request. */
const LAST_SEEN_RESOLUTION_MS = 30_000

export class SessionStore {
  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
    private readonly ttlMs: number,
  ) {}

  async create(userId: number): Promise<{ token: string; csrfToken: string; expiresAt: number }> {
    const token = newToken()
    const csrfToken = newToken(18)
    const now = this.clock()
    const expiresAt = now + this.ttlMs
    await this.store.write((tx) => tx.sessions.insert({ id: hashToken(token), userId, csrfToken, createdAt: now, expiresAt }))
    return { token, csrfToken, expiresAt }
  }

  /** The active user and session behind a cookie value, if the session is valid. Every staff request asks this. */
  async resolve(token: string | undefined): Promise<(Scope & { csrfToken: string; sessionId: string }) | null> {
    if (!token) return null
    const id = hashToken(token)
    const now = this.clock()
    const row = await this.store.read((r) => r.sessions.resolve(id, now))
    if (!row || !row.user.active) return null
    return { ...scopeOf(row), csrfToken: row.csrfToken, sessionId: id }
  }

  async destroy(sessionId: string): Promise<void> {
    await this.store.write((tx) => tx.sessions.delete(sessionId))
  }
}

/** The registered, unrevoked device behind a token. Every kiosk and display request asks this. */
export async function resolveDevice(store: Store, token: string | undefined, now: number): Promise<DeviceRow | null> {
  if (!token) return null
  const hash = hashToken(token)
  const device = await store.read((r) => r.devices.byTokenHash(hash))
  if (!device || device.revokedAt !== null) return null
  if (device.lastSeenAt === null || now - device.lastSeenAt > LAST_SEEN_RESOLUTION_MS) {
    await store.write((tx) => tx.devices.touch(device.id, now))
    device.lastSeenAt = now
  }
  return device
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  if (!header?.startsWith('Bearer ')) return undefined
  return header.slice('Bearer '.length).trim()
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export default fp<AuthOptions>(
  async (app, opts) => {
    await app.register(cookie)
    const sessions = new SessionStore(app.store, app.clock, opts.sessionTtlHours * 3600_000)
    app.decorate('sessions', sessions)
    app.decorateRequest('principal', null)

    app.addHook('onRequest', async (request) => {
      const token = bearer(request)
      if (token) {
        const device = await resolveDevice(app.store, token, app.clock())
        if (device) request.principal = { kind: 'device', device }
        return
      }
      const session = await sessions.resolve(request.cookies[SESSION_COOKIE])
      if (session) request.principal = { kind: 'staff', ...session }
    })

    // Routes name their guard as a preHandler; it is moved to run on request, before the body is
    // parsed and validated, so an anonymous caller gets 401/403 and learns nothing from a 400.
    const guards = new WeakSet<object>()
    const guard = <T extends object>(fn: T): T => {
      guards.add(fn)
      return fn
    }
    app.addHook('onRoute', (route) => {
      const pre = [route.preHandler ?? []].flat()
      const moved = pre.filter((fn) => guards.has(fn))
      if (moved.length === 0) return
      route.preHandler = pre.filter((fn) => !guards.has(fn))
      route.onRequest = [...[route.onRequest ?? []].flat(), ...moved] as typeof route.onRequest
    })

    function checkCsrf(request: FastifyRequest, p: StaffPrincipal): void {
      // Cookies ride along on cross-site requests; a header only our own pages can set does not.
      if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== p.csrfToken) {
        throw new HttpError(403, 'csrf_failed', 'The request is missing its CSRF token; reload the page')
      }
    }

    app.decorate('requireStaff', (roles: readonly Role[] = ['admin', 'manager', 'staff']) => {
      return guard(async (request: FastifyRequest) => {
        const p = staffOf(request)
        if (!roles.includes(p.user.role)) throw new HttpError(403, 'forbidden', `This needs the role ${roles.join(' or ')}`)
        checkCsrf(request, p)
      })
    })

    app.decorate('requireProvince', (roles: readonly ProvinceRole[] = ['admin', 'manager']) => {
      return guard(async (request: FastifyRequest) => {
        const p = staffOf(request)
        if (!p.provinceRole || !roles.includes(p.provinceRole)) {
          throw new HttpError(403, 'forbidden', `This needs the province role ${roles.join(' or ')}`)
        }
        checkCsrf(request, p)
      })
    })

    app.decorate('requireDevice', (kind: DeviceKind) => {
      return guard(async (request: FastifyRequest) => {
        const p = request.principal
        if (!p || p.kind !== 'device') {
          const sent = bearer(request) !== undefined
          throw new HttpError(401, sent ? 'device_revoked' : 'unauthorized', sent ? 'This device token is not valid or was revoked' : 'Device token required')
        }
        if (p.device.kind !== kind) throw new HttpError(403, 'forbidden', `Only a ${kind} device may do this`)
      })
    })

    app.decorate('cookieOptions', { secure: opts.cookieSecure })
  },
  { name: 'auth', dependencies: ['storage'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    cookieOptions: { secure: boolean }
  }
}
