/**
 * Priority groups (đối tượng ưu tiên) the kiosk offers. A group that tickets refer to is
 * deactivated rather than deleted, so reports keep their meaning.
 */
import type { DeleteResult } from '../../../../shared/admin.js'
import type { PriorityGroupView } from '../../../../shared/types.js'
import type { PriorityGroupRow } from '../../db/repositories.js'
import type { Repositories } from '../../db/store.js'
import { DomainError } from '../errors.js'
import type { Command } from '../runner.js'
import { priorityGroupView } from '../views.js'
import { requireSomeChange, siteChanged } from './common.js'

export interface PriorityGroupFields {
  code: string
  nameVi: string
  nameEn: string
  active?: boolean
  sortOrder?: number
}

async function load(tx: Repositories, siteId: number, id: number): Promise<PriorityGroupRow> {
  const row = await tx.priorityGroups.get(siteId, id)
  if (!row) throw new DomainError('priority_group_not_found', `Priority group ${id} does not exist`, 404)
  return row
}

async function checkCodeFree(tx: Repositories, siteId: number, code: string, exceptId?: number): Promise<void> {
  if (await tx.priorityGroups.codeTaken(siteId, code, exceptId)) {
    throw new DomainError('priority_group_code_taken', `A priority group with code ${code} already exists`, 409)
  }
}

export const createPriorityGroup: Command<PriorityGroupFields, PriorityGroupView> = async ({ tx, siteId }, body) => {
  const code = body.code.toUpperCase()
  await checkCodeFree(tx, siteId, code)
  const row = await tx.priorityGroups.insert({
    siteId,
    code,
    nameVi: body.nameVi.trim(),
    nameEn: body.nameEn.trim(),
    active: body.active ?? true,
    sortOrder: body.sortOrder ?? 0,
  })
  return {
    result: priorityGroupView(row),
    audit: { action: 'priority_group.create', targetType: 'priority_group', targetId: row.id, detail: { ...body } },
    events: [siteChanged('priority_groups')],
  }
}

export const updatePriorityGroup: Command<{ id: number; changes: Partial<PriorityGroupFields> }, PriorityGroupView> = async (
  { tx, siteId },
  { id, changes: body },
) => {
  const before = await load(tx, siteId, id)
  requireSomeChange(body)
  const code = body.code?.toUpperCase()
  if (code !== undefined) await checkCodeFree(tx, siteId, code, before.id)
  const row = await tx.priorityGroups.update(before.id, {
    ...(code !== undefined ? { code } : {}),
    ...(body.nameVi !== undefined ? { nameVi: body.nameVi.trim() } : {}),
    ...(body.nameEn !== undefined ? { nameEn: body.nameEn.trim() } : {}),
    ...(body.active !== undefined ? { active: body.active } : {}),
    ...(body.sortOrder !== undefined ? { sortOrder: body.sortOrder } : {}),
  })
  if (!row) throw new DomainError('priority_group_not_found', 'Priority group vanished', 404)
  return {
    result: priorityGroupView(row),
    audit: { action: 'priority_group.update', targetType: 'priority_group', targetId: before.id, detail: { code: before.code, ...body } },
    events: [siteChanged('priority_groups')],
  }
}

export const deletePriorityGroup: Command<{ id: number }, DeleteResult<PriorityGroupView>> = async ({ tx, siteId }, { id }) => {
  const before = await load(tx, siteId, id)
  if (await tx.priorityGroups.hasTickets(before.id)) {
    const row = await tx.priorityGroups.update(before.id, { active: false })
    return {
      result: { deleted: false, item: row ? priorityGroupView(row) : null },
      audit: { action: 'priority_group.deactivate', targetType: 'priority_group', targetId: before.id, detail: { code: before.code, reason: 'has_tickets' } },
      events: [siteChanged('priority_groups')],
    }
  }
  await tx.priorityGroups.delete(before.id)
  return {
    result: { deleted: true, item: null },
    audit: { action: 'priority_group.delete', targetType: 'priority_group', targetId: before.id, detail: { code: before.code, nameVi: before.nameVi } },
    events: [siteChanged('priority_groups')],
  }
}
