/** Staff log in and out. Sessions are httpOnly cookies; the CSRF token travels in the body and a header. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { verifyPassword } from '../auth/passwords.js'
import { loginThrottle } from '../auth/login-throttle.js'
import { HttpError } from '../plugins/errors.js'
import { SESSION_COOKIE } from '../plugins/auth.js'
import { ErrorResponse, SessionSchema } from './schemas.js'

// A fixed hash to compare against when the user does not exist, so timing does not reveal usernames.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

export interface AuthRouteOptions {
  loginPerMinute: number
}

const routes: FastifyPluginAsyncTypebox<AuthRouteOptions> = async (app, opts) => {
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
      return { user, csrfToken: session.csrfToken }
    },
  )

  app.get('/api/auth/me', { preHandler: app.requireStaff(), schema: { response: { 200: SessionSchema, 401: ErrorResponse } } }, async (request) => {
    const p = request.principal
    if (p?.kind !== 'staff') throw new HttpError(401, 'unauthorized', 'Log in first')
    return { user: p.user, csrfToken: p.csrfToken }
  })

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
