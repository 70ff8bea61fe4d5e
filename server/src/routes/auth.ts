/** Staff log in and out. Sessions are httpOnly cookies; the CSRF token travels in the body and a header. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { verifyPassword } from '../auth/passwords.js'
import { loginThrottle } from '../auth/login-throttle.js'
import { HttpError } from '../plugins/errors.js'
import { SESSION_COOKIE } from '../plugins/auth.js'
import { ErrorResponse, SessionSchema } from './schemas.js'
import { scopeOf, workplacesOf, type Scope } from '../auth/scope.js'
import type { Session } from '../../../shared/types.js'
import { staffOf } from '../http/principal.js'

// A fixed hash to compare against when the user does not exist, so timing does not reveal usernames.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

export interface AuthRouteOptions {
  loginPerMinute: number
}

const routes: FastifyPluginAsyncTypebox<AuthRouteOptions> = async (app, opts) => {
  /** What the staff app learns about a login: who, where, as what, and where else it may work. */
  async function sessionAnswer(scope: Scope, csrfToken: string): Promise<Session> {
    const workplaces = await app.store.read((r) => workplacesOf(r, scope.user))
    return { user: scope.user, csrfToken, homeSiteId: scope.homeSiteId, provinceRole: scope.provinceRole, workplaces }
  }

  // Shared by every server process through Redis when there is one (see auth/login-throttle.ts).
  const throttle = loginThrottle(app.redis.counts, app.log)
  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: opts.loginPerMinute, timeWindow: '1 minute' } },
      schema: {
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 64 }),
          password: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        response: { 200: SessionSchema, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { password } = request.body
      const username = request.body.username.trim().toLowerCase()
      const wait = await throttle.waitFor(username, app.clock())
      if (wait > 0) {
        reply.header('retry-after', String(Math.ceil(wait / 1000)))
        throw new HttpError(429, 'rate_limited', 'Too many wrong passwords for this account; wait and try again')
      }
      const user = await app.store.read((r) => r.users.byUsername(username))
      const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH)
      if (!user || !ok) {
        await throttle.failed(username, app.clock())
        throw new HttpError(401, 'invalid_credentials', 'Wrong username or password')
      }
      await throttle.succeeded(username)
      if (!user.active) throw new HttpError(403, 'account_disabled', 'This account is disabled')
      const session = await app.sessions.create(user.id)
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: app.cookieOptions.secure,
        // A relative lifetime: the browser counts it from when it receives the cookie, so a PC
        // whose clock is hours off keeps its login. The server still checks its own expiry.
        maxAge: Math.max(1, Math.floor((session.expiresAt - app.clock()) / 1000)),
      })
      request.log.info({ userId: user.id }, 'login')
      return sessionAnswer(scopeOf({ user, siteId: null, assignedRole: null }), session.csrfToken)
    },
  )

  app.get('/api/auth/me', { preHandler: app.requireStaff(), schema: { response: { 200: SessionSchema, 401: ErrorResponse } } }, async (request) => {
    const p = staffOf(request)
    return sessionAnswer(p, p.csrfToken)
  })

  // A province role or a rotation works at another centre: this login moves there. Its open screens
  // are closed (they joined the old centre's rooms); the app opens them again at the new centre.
  app.post(
    '/api/auth/site',
    {
      preHandler: app.requireStaff(),
      schema: {
        body: Type.Object({ siteId: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }) }, { additionalProperties: false }),
        response: { 200: SessionSchema, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const p = staffOf(request)
      const { siteId } = request.body
      const workplaces = await app.store.read((r) => workplacesOf(r, p.user))
      // A centre this account may not work at is answered as one that does not exist.
      if (!workplaces.some((w) => w.siteId === siteId)) throw new HttpError(404, 'not_found', `Centre ${siteId} not found`)
      await app.store.write((tx) => tx.sessions.setSite(p.sessionId, siteId === p.homeSiteId ? null : siteId))
      app.realtime.disconnectSession(p.sessionId)
      request.log.info({ userId: p.user.id, siteId }, 'switched centre')
      const moved = await app.sessions.resolve(request.cookies[SESSION_COOKIE])
      if (!moved) throw new HttpError(401, 'unauthorized', 'Log in first')
      return sessionAnswer(moved, moved.csrfToken)
    },
  )

  app.post(
    '/api/auth/logout',
    { preHandler: app.requireStaff(), schema: { response: { 204: Type.Null(), 401: ErrorResponse, 403: ErrorResponse } } },
    async (request, reply) => {
      const p = request.principal
      if (p?.kind === 'staff') {
        await app.sessions.destroy(p.sessionId)
        // The screens opened with this login stop receiving the queue at once.
        app.realtime.disconnectSession(p.sessionId)
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.status(204).send(null)
    },
  )
}
export default routes
