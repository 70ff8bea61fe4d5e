/** Any logged-in staff member changes their own password, proving they know the current one. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { hashPassword, verifyPassword } from '../auth/passwords.js'
import { changeOwnPassword } from '../domain/admin/users.js'
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
      // Other sessions (another PC, a forgotten browser) end; this one stays logged in.
      await app.commands.run(
        changeOwnPassword,
        { siteId: p.user.siteId, actor: { type: 'staff', id: p.user.id } },
        { passwordHash, keepSessionId: p.sessionId },
      )
      // And their screens with them.
      await app.realtime.disconnectUserExcept(p.user.id, p.sessionId)
      return reply.status(204).send(null)
    },
  )
}
export default routes
