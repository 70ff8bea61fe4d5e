/**
 * Staff accounts. Administrators create them with an initial password, reset passwords, change
 * roles and disable them; a disabled account loses its sessions at once. Nobody can lock
 * themselves out: an administrator cannot disable or demote their own account. Passwords arrive
 * hashed (hashing is the caller's work) and never appear in the audit log.
 */
import type { Role } from '../../../../shared/constants.js'
import type { UserRow } from '../../db/repositories.js'
import type { Repositories } from '../../db/store.js'
import { DomainError } from '../errors.js'
import type { Command } from '../runner.js'
import { requireSomeChange } from './common.js'

async function load(tx: Repositories, siteId: number, id: number): Promise<UserRow> {
  const row = await tx.users.get(siteId, id)
  if (!row) throw new DomainError('not_found', `User ${id} does not exist`, 404)
  return row
}

export const createUser: Command<{ username: string; displayName: string; role: Role; passwordHash: string }, UserRow> = async ({ tx, siteId, now }, input) => {
  const username = input.username.toLowerCase()
  // Usernames are unique across sites: they are what people type to log in.
  if (await tx.users.byUsername(username)) throw new DomainError('username_taken', `The username ${username} is taken`, 409)
  const row = await tx.users.insert({
    siteId,
    username,
    displayName: input.displayName.trim(),
    role: input.role,
    passwordHash: input.passwordHash,
    createdAt: now,
  })
  return {
    result: row,
    audit: { action: 'user.create', targetType: 'user', targetId: row.id, detail: { username, displayName: row.displayName, role: row.role } },
  }
}

export interface UserChanges {
  displayName?: string
  role?: Role
  active?: boolean
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
  if (before.id === actor.id && (body.active === false || (body.role !== undefined && body.role !== before.role))) {
    throw new DomainError('self_change_refused', 'You cannot disable or change the role of your own account', 403)
  }
  const row = await tx.users.update(before.id, {
    ...(body.displayName !== undefined ? { displayName: body.displayName.trim() } : {}),
    ...(body.role !== undefined ? { role: body.role } : {}),
    ...(body.active !== undefined ? { active: body.active } : {}),
  })
  if (!row) throw new DomainError('not_found', 'User vanished', 404)
  const disabled = before.active && !row.active
  const lostRights = disabled || before.role !== row.role
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
