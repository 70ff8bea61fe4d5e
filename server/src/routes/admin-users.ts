/**
 * Staff accounts. Administrators create them with an initial password, reset passwords, change
 * roles and disable them; a disabled account loses its sessions and sockets at once. Nobody can
 * lock themselves out: an administrator cannot disable or demote their own account. Password
 * hashes never leave the server.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ROLES } from '../../../shared/constants.js'
import type { UserView } from '../../../shared/types.js'
import type { UserRow } from '../db/repositories.js'
import { closeCounter } from '../domain/counter-state.js'
import { DomainError } from '../domain/errors.js'
import { SYSTEM } from '../domain/runner.js'
import { createUser, resetPassword, updateUser } from '../domain/admin/users.js'
import { hashPassword } from '../auth/passwords.js'
import { CommandErrors, ErrorResponse, IdParams, UserViewSchema } from './schemas.js'
import { siteOf, staffCommand } from '../http/principal.js'

const VI_NAMES = new Intl.Collator('vi')

export function userView(row: UserRow): UserView {
  return { id: row.id, username: row.username, displayName: row.displayName, role: row.role, active: row.active, siteId: row.siteId }
}

export const Password = Type.String({ minLength: 8, maxLength: 200 })

const CreateBody = Type.Object(
  {
    username: Type.String({ pattern: '^[A-Za-z0-9._-]{3,32}$' }),
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    role: Type.Enum([...ROLES]),
    password: Password,
  },
  { additionalProperties: false },
)
const PatchBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    role: Type.Optional(Type.Enum([...ROLES])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
const UserResponse = Type.Object({ user: UserViewSchema })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = app.requireStaff(['admin'])
  const reader = app.requireStaff(['admin', 'manager'])

  async function releaseCounters(userId: number, siteId: number): Promise<void> {
    // A disabled account's counter no longer shows them as open; one still holding a citizen stays as it is.
    for (const counter of await app.store.read((r) => r.counters.heldBy(userId))) {
      try {
        await app.commands.run(closeCounter, { siteId, actor: SYSTEM }, { counterId: counter.id })
      } catch (err) {
        if (!(err instanceof DomainError)) throw err
      }
    }
  }

  app.get(
    '/api/admin/users',
    { preHandler: reader, schema: { response: { 200: Type.Object({ users: Type.Array(UserViewSchema) }), 401: ErrorResponse, 403: ErrorResponse } } },
    async (request) => ({
      // By name in Vietnamese order (Đ after D, Ánh beside Anh), which SQLite's byte order is not.
      // The centre's own people, and those on rotation here with their role here (`siteId` their home).
      users: (
        await app.store.read(async (r) => [
          ...(await r.users.all(siteOf(request))),
          ...(await r.users.assignedTo(siteOf(request))).map(({ assignedRole, ...u }) => ({ ...u, role: assignedRole })),
        ])
      )
        .sort((a, b) => VI_NAMES.compare(a.displayName, b.displayName))
        .map(userView),
    }),
  )

  app.post(
    '/api/admin/users',
    { preHandler: admin, schema: { body: CreateBody, response: { 201: UserResponse, ...CommandErrors } } },
    async (request, reply) => {
      const { password, ...body } = request.body
      const passwordHash = await hashPassword(password)
      const user = await app.commands.run(createUser, staffCommand(request), { ...body, passwordHash })
      return reply.status(201).send({ user: userView(user) })
    },
  )

  app.patch(
    '/api/admin/users/:id',
    { preHandler: admin, schema: { params: IdParams, body: PatchBody, response: { 200: UserResponse, ...CommandErrors } } },
    async (request) => {
      const { user, lostRights } = await app.commands.run(updateUser, staffCommand(request), { id: request.params.id, changes: request.body })
      // A changed role also changes the socket rooms (admins see device status): reconnect.
      // A disabled account's sessions ended with the change; its screens end now.
      if (lostRights) app.realtime.disconnectUser(user.id)
      if (lostRights && !user.active) await releaseCounters(user.id, user.siteId)
      return { user: userView(user) }
    },
  )

  app.post(
    '/api/admin/users/:id/password',
    {
      preHandler: admin,
      schema: {
        params: IdParams,
        body: Type.Object({ password: Password }, { additionalProperties: false }),
        response: { 200: UserResponse, ...CommandErrors },
      },
    },
    async (request) => {
      const passwordHash = await hashPassword(request.body.password)
      const user = await app.commands.run(resetPassword, staffCommand(request), { id: request.params.id, passwordHash })
      // Its sessions ended with the reset; its screens end now.
      app.realtime.disconnectUser(user.id)
      return { user: userView(user) }
    },
  )
}
export default routes
