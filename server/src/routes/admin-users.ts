/**
 * Staff accounts. Administrators create them with an initial password, reset passwords, change
 * roles and disable them; a disabled account loses its sessions and sockets at once. Nobody can
 * lock themselves out: an administrator cannot disable or demote their own account. Password
 * hashes never leave the server.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { and, asc, eq } from 'drizzle-orm'
import { ROLES } from '../../../shared/constants.js'
import type { UserView } from '../../../shared/types.js'
import { counters, users } from '../db/schema.js'
import { closeCounter } from '../domain/counter-state.js'
import { DomainError } from '../domain/errors.js'
import { SYSTEM } from '../domain/runner.js'
import type { Db } from '../db/client.js'
import { hashPassword } from '../auth/passwords.js'
import { requireSomeChange, runChange, staffUser } from '../admin/change.js'
import { HttpError } from '../plugins/errors.js'
import type { UserRow } from '../plugins/auth.js'
import { CommandErrors, ErrorResponse, IdParams } from './schemas.js'
import { UserSchema } from './auth.js'
import { siteOf } from '../http/principal.js'

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
const UserResponse = Type.Object({ user: UserSchema })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = app.requireStaff(['admin'])
  const reader = app.requireStaff(['admin', 'manager'])
  const db = app.storage.db

  function load(tx: Db, siteId: number, id: number): UserRow {
    const row = tx.select().from(users).where(and(eq(users.id, id), eq(users.siteId, siteId))).get()
    if (!row) throw new HttpError(404, 'not_found', `User ${id} does not exist`)
    return row
  }

  /** Sessions and sockets of an account whose rights just shrank: they log in again, or not at all. */
  function cutOff(userId: number): void {
    app.sessions.destroyAllFor(userId)
    app.realtime.disconnectUser(userId)
  }

  async function releaseCounters(userId: number, siteId: number): Promise<void> {
    // A disabled account's counter no longer shows them as open; one still holding a citizen stays. no longer shows their name as open; one still holding a citizen stays as it is.
    for (const counter of db.select().from(counters).where(eq(counters.staffId, userId)).all()) {
      try {
        await app.commands.run(closeCounter, { siteId, actor: SYSTEM }, { counterId: counter.id })
      } catch (err) {
        if (!(err instanceof DomainError)) throw err
      }
    }
  }

  app.get(
    '/api/admin/users',
    { preHandler: reader, schema: { response: { 200: Type.Object({ users: Type.Array(UserSchema) }), 401: ErrorResponse, 403: ErrorResponse } } },
    async (request) => ({
      // By name in Vietnamese order (Đ after D, Ánh beside Anh), which SQLite's byte order is not.
      users: db
        .select()
        .from(users)
        .where(eq(users.siteId, siteOf(request)))
        .orderBy(asc(users.username))
        .all()
        .sort((a, b) => VI_NAMES.compare(a.displayName, b.displayName))
        .map(userView),
    }),
  )

  app.post(
    '/api/admin/users',
    { preHandler: admin, schema: { body: CreateBody, response: { 201: UserResponse, ...CommandErrors } } },
    async (request, reply) => {
      const { password, ...body } = request.body
      const username = body.username.toLowerCase()
      const passwordHash = await hashPassword(password)
      const user = runChange(app, request, ({ tx, siteId, now }) => {
        // Usernames are unique across sites: they are what people type to log in.
        if (tx.select({ id: users.id }).from(users).where(eq(users.username, username)).get()) {
          throw new HttpError(409, 'username_taken', `The username ${username} is taken`)
        }
        const row = tx
          .insert(users)
          .values({ siteId, username, displayName: body.displayName.trim(), role: body.role, passwordHash, createdAt: now })
          .returning()
          .get()
        return {
          result: userView(row),
          audit: { action: 'user.create', targetType: 'user', targetId: row.id, detail: { username, displayName: row.displayName, role: row.role } },
        }
      })
      return reply.status(201).send({ user })
    },
  )

  app.patch(
    '/api/admin/users/:id',
    { preHandler: admin, schema: { params: IdParams, body: PatchBody, response: { 200: UserResponse, ...CommandErrors } } },
    async (request) => {
      const me = staffUser(request)
      const body = request.body
      let lostRights = false
      const user = runChange(app, request, ({ tx, siteId }) => {
        requireSomeChange(body)
        const before = load(tx, siteId, request.params.id)
        if (before.id === me.id && (body.active === false || (body.role !== undefined && body.role !== before.role))) {
          throw new HttpError(403, 'self_change_refused', 'You cannot disable or change the role of your own account')
        }
        const row = tx
          .update(users)
          .set({
            ...(body.displayName !== undefined ? { displayName: body.displayName.trim() } : {}),
            ...(body.role !== undefined ? { role: body.role } : {}),
            ...(body.active !== undefined ? { active: body.active } : {}),
          })
          .where(eq(users.id, before.id))
          .returning()
          .get()
        if (!row) throw new HttpError(404, 'not_found', 'User vanished')
        lostRights = (before.active && !row.active) || before.role !== row.role
        const action = before.active && !row.active ? 'user.disable' : !before.active && row.active ? 'user.enable' : 'user.update'
        return {
          result: userView(row),
          audit: { action, targetType: 'user', targetId: row.id, detail: { username: row.username, ...body } },
        }
      })
      // A changed role also changes the socket rooms (admins see device status): reconnect.
      if (lostRights && !user.active) {
        cutOff(user.id)
        await releaseCounters(user.id, user.siteId)
      }
      else if (lostRights) app.realtime.disconnectUser(user.id)
      return { user }
    },
  )

  app.post(
    '/api/admin/users/:id/password',
    {
      preHandler: admin,
      schema: { params: IdParams, body: Type.Object({ password: Password }, { additionalProperties: false }), response: { 200: UserResponse, ...CommandErrors } },
    },
    async (request) => {
      const passwordHash = await hashPassword(request.body.password)
      const user = runChange(app, request, ({ tx, siteId }) => {
        const before = load(tx, siteId, request.params.id)
        tx.update(users).set({ passwordHash }).where(eq(users.id, before.id)).run()
        return {
          result: userView(before),
          audit: { action: 'user.reset_password', targetType: 'user', targetId: before.id, detail: { username: before.username } },
        }
      })
      // A reset usually means the old password leaked: whoever holds a session with it is logged out.
      cutOff(user.id)
      return { user }
    },
  )
}
export default routes
