/** Any logged-in staff member changes their own password, proving they know the current one. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { and, eq, ne } from 'drizzle-orm'
import { sessions, users } from '../db/schema.js'
import { hashPassword, verifyPassword } from '../auth/passwords.js'
import { runChange } from '../admin/change.js'
import { HttpError } from '../plugins/errors.js'
import { CommandErrors, ErrorResponse } from './schemas.js'
import { Password } from './admin-users.js'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/auth/password',
    {
      preHandler: app.requireStaff(),
      // A stolen session must not become a fast way to guess the password.
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        body: Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Password }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...CommandErrors, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const p = request.principal
      if (p?.kind !== 'staff') throw new HttpError(401, 'unauthorized', 'Log in first')
      if (!(await verifyPassword(request.body.currentPassword, p.user.passwordHash))) {
        throw new HttpError(403, 'wrong_password', 'The current password is wrong')
      }
      const passwordHash = await hashPassword(request.body.newPassword)
      runChange(app, request, ({ tx }) => {
        tx.update(users).set({ passwordHash }).where(eq(users.id, p.user.id)).run()
        // Other sessions (another PC, a forgotten browser) end; this one stays logged in.
        tx.delete(sessions).where(and(eq(sessions.userId, p.user.id), ne(sessions.id, p.sessionId))).run()
        return { result: null, audit: { action: 'user.change_password', targetType: 'user', targetId: p.user.id } }
      })
      // And their screens with them.
      await app.realtime.disconnectUserExcept(p.user.id, p.sessionId)
      return reply.status(204).send(null)
    },
  )
}
export default routes
