/**
 * Staff accounts. Administrators create them with an initial password, reset passwords, change
 * roles and disable them; a disabled account loses its sessions at once. Nobody can lock
 * themselves out: an administrator cannot disable or demote their own account. Passwords arrive
 * hashed (hashing is the caller's work) and never appear in the audit log.
 */
import type { ProvinceRole, Role } from '../../../../shared/constants.js'
import type { AssignmentRow, UserRow } from '../../db/repositories.js'
import type { Repositories } from '../../db/store.js'
import { DomainError } from '../errors.js'
import type { Command } from '../runner.js'
import { requireSomeChange } from './common.js'

async function load(tx: Repositories, siteId: number, id: number): Promise<UserRow> {
  const row = await tx.users.get(siteId, id)
  if (!row) throw new DomainError('not_found', `User ${id} does not exist`, 404)
  return row
}

export const createUser: Command<
  { username: string; displayName: string; role: Role; passwordHash: string; provinceRole?: ProvinceRole | null },
  UserRow
> = async ({ tx, siteId, now }, input) => {
  const username = input.username.toLowerCase()
  // Usernames are unique across sites: they are what people type to log in.
  if (await tx.users.byUsername(username)) throw new DomainError('username_taken', `The username ${username} is taken`, 409)
  const row = await tx.users.insert({
    siteId,
    username,
    displayName: input.displayName.trim(),
    role: input.role,
    provinceRole: input.provinceRole ?? null,
    passwordHash: input.passwordHash,
    createdAt: now,
  })
  return {
    result: row,
    audit: {
      action: 'user.create',
      targetType: 'user',
      targetId: row.id,
      detail: { username, displayName: row.displayName, role: row.role, ...(row.provinceRole ? { provinceRole: row.provinceRole } : {}) },
    },
  }
}

export interface UserChanges {
  displayName?: string
  role?: Role
  active?: boolean
  /** Only the province's administrators change these two. */
  provinceRole?: ProvinceRole | null
}

/**
 * Edits an account. `lostRights`: its role changed or it was disabled, so its open screens must
 * reconnect (or stop); a disabled account's sessions end in the same transaction.
 */
export const updateUser: Command<{ id: number; changes: UserChanges }, { user: UserRow; lostRights: boolean }> = async (
  { tx, siteId, actor },
  { id, changes: body },
) => {
  requireSomeChange(body)
  const before = await load(tx, siteId, id)
  const demoted = (body.role !== undefined && body.role !== before.role) || (body.provinceRole !== undefined && body.provinceRole !== before.provinceRole)
  if (before.id === actor.id && (body.active === false || demoted)) {
    throw new DomainError('self_change_refused', 'You cannot disable or change the role of your own account', 403)
  }
  const row = await tx.users.update(before.id, {
    ...(body.displayName !== undefined ? { displayName: body.displayName.trim() } : {}),
    ...(body.role !== undefined ? { role: body.role } : {}),
    ...(body.active !== undefined ? { active: body.active } : {}),
    ...(body.provinceRole !== undefined ? { provinceRole: body.provinceRole } : {}),
  })
  if (!row) throw new DomainError('not_found', 'User vanished', 404)
  const disabled = before.active && !row.active
  const lostRights = disabled || before.role !== row.role || before.provinceRole !== row.provinceRole
  if (lostRights && !row.active) await tx.sessions.deleteAllFor(row.id)
  const action = disabled ? 'user.disable' : !before.active && row.active ? 'user.enable' : 'user.update'
  return {
    result: { user: row, lostRights },
    audit: { action, targetType: 'user', targetId: row.id, detail: { username: row.username, ...body } },
  }
}

/** A reset usually means the old password leaked: whoever holds a session with it is logged out. */
export const resetPassword: Command<{ id: number; passwordHash: string }, UserRow> = async ({ tx, siteId }, { id, passwordHash }) => {
  const before = await load(tx, siteId, id)
  await tx.users.update(before.id, { passwordHash })
  await tx.sessions.deleteAllFor(before.id)
  return {
    result: before,
    audit: { action: 'user.reset_password', targetType: 'user', targetId: before.id, detail: { username: before.username } },
  }
}

/**
 * A staff member's own new password (the caller has checked the current one). Other sessions
 * (another PC, a forgotten browser) end; the one that asked stays logged in.
 */
export const changeOwnPassword: Command<{ passwordHash: string; keepSessionId: string }, null> = async ({ tx, actor }, { passwordHash, keepSessionId }) => {
  const userId = actor.id
  if (actor.type !== 'staff' || userId === null) throw new Error('A password change needs a staff member as its actor')
  await tx.users.update(userId, { passwordHash })
  await tx.sessions.deleteAllForExcept(userId, keepSessionId)
  return { result: null, audit: { action: 'user.change_password', targetType: 'user', targetId: userId } }
}

/**
 * Rotation: the other centres an account also works at, with its role at each, replacing the list.
 * Runs at the account's home centre. Its open screens reconnect (a centre taken away must stop
 * sending them its queue).
 */
export const setAssignments: Command<{ id: number; assignments: { siteId: number; role: Role }[] }, { user: UserRow; assignments: AssignmentRow[] }> = async (
  { tx, siteId },
  { id, assignments },
) => {
  const user = await load(tx, siteId, id)
  const sites = new Map((await tx.sites.all()).map((s) => [s.id, s]))
  const seen = new Set<number>()
  for (const a of assignments) {
    if (!sites.has(a.siteId)) throw new DomainError('not_found', `Centre ${a.siteId} not found`, 404)
    if (a.siteId === user.siteId) throw new DomainError('bad_request', 'The home centre is not an assignment; change the role instead', 400)
    if (seen.has(a.siteId)) throw new DomainError('bad_request', `Centre ${a.siteId} is listed twice`, 400)
    seen.add(a.siteId)
  }
  await tx.users.setAssignments(user.id, assignments)
  return {
    result: { user, assignments: await tx.users.assignmentsOf(user.id) },
    audit: { action: 'user.assign', targetType: 'user', targetId: user.id, detail: { username: user.username, assignments } },
  }
}
