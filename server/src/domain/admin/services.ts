/**
 * Services (lĩnh vực) as administrators set them up: names, numbering, hours, caps and targets.
 * A service with tickets is never deleted, only deactivated: reports need it.
 */
import type { AdminServiceView, DeleteResult, ServiceInput } from '../../../../shared/admin.js'
import type { ServiceRow } from '../../db/repositories.js'
import type { Repositories } from '../../db/store.js'
import { DomainError } from '../errors.js'
import type { Command } from '../runner.js'
import { serviceView } from '../views.js'
import { requireSomeChange, siteChanged } from './common.js'
import { checkHours, checkNumbering } from './service-rules.js'

export function adminServiceView(row: ServiceRow): AdminServiceView {
  return { ...serviceView(row), defaultServiceMinutes: row.defaultServiceMinutes }
}

/** Trims names and puts codes and prefixes in capitals, as they are printed. */
function normalise(body: Partial<ServiceInput>): Partial<ServiceRow> {
  const out: Partial<ServiceRow> = {}
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue
    ;(out as Record<string, unknown>)[key] = typeof value === 'string' ? value.trim() : value
  }
  if (out.code !== undefined) out.code = out.code.toUpperCase()
  if (out.prefix !== undefined) out.prefix = out.prefix.toUpperCase()
  return out
}

async function checkService(tx: Repositories, siteId: number, row: Omit<ServiceRow, 'id'> & { id?: number }): Promise<void> {
  const others = (await tx.services.all(siteId)).filter((o) => o.id !== row.id)
  if (others.some((o) => o.code === row.code)) throw new DomainError('service_code_taken', `A service with code ${row.code} already exists`, 409)
  checkHours(row.hours)
  checkNumbering(row, others)
}

async function load(tx: Repositories, siteId: number, id: number): Promise<ServiceRow> {
  const row = await tx.services.get(siteId, id)
  if (!row) throw new DomainError('service_not_found', `Service ${id} does not exist`, 404)
  return row
}

export const createService: Command<ServiceInput, AdminServiceView> = async ({ tx, siteId }, body) => {
  const values = {
    siteId,
    prefix: '',
    digits: 3,
    blockStart: 1,
    blockEnd: 999,
    hours: null,
    dailyCap: null,
    targetWaitMinutes: 15,
    defaultServiceMinutes: 8,
    active: true,
    sortOrder: 0,
    ...normalise(body),
  } as Omit<ServiceRow, 'id'>
  await checkService(tx, siteId, values)
  const row = await tx.services.insert(values)
  return {
    result: adminServiceView(row),
    audit: { action: 'service.create', targetType: 'service', targetId: row.id, detail: { ...body } },
    events: [siteChanged('services')],
  }
}

export const updateService: Command<{ id: number; changes: Partial<ServiceInput> }, AdminServiceView> = async ({ tx, siteId }, { id, changes: body }) => {
  const before = await load(tx, siteId, id)
  const changes = normalise(body)
  requireSomeChange(changes)
  await checkService(tx, siteId, { ...before, ...changes })
  const row = await tx.services.update(before.id, changes)
  if (!row) throw new DomainError('service_not_found', 'Service vanished', 404)
  return {
    result: adminServiceView(row),
    audit: { action: 'service.update', targetType: 'service', targetId: row.id, detail: { code: before.code, ...body } },
    events: [siteChanged('services')],
  }
}

export const deleteService: Command<{ id: number }, DeleteResult<AdminServiceView>> = async ({ tx, siteId }, { id }) => {
  const before = await load(tx, siteId, id)
  if (await tx.services.hasTickets(before.id)) {
    // Tickets (and so reports) refer to it: keep it, but no kiosk offers it any more.
    const row = await tx.services.update(before.id, { active: false })
    return {
      result: { deleted: false, item: row ? adminServiceView(row) : null },
      audit: { action: 'service.deactivate', targetType: 'service', targetId: before.id, detail: { code: before.code, reason: 'has_tickets' } },
      events: [siteChanged('services')],
    }
  }
  await tx.services.delete(before.id)
  return {
    result: { deleted: true, item: null },
    audit: { action: 'service.delete', targetType: 'service', targetId: before.id, detail: { code: before.code, nameVi: before.nameVi } },
    events: [siteChanged('services')],
  }
}
