/**
 * The province's centres: a province administrator opens a new centre, from another centre's
 * set-up or from the province's catalogue of fields. The new centre gets its own copies (services,
 * counters, priority groups, closed days), which it then changes as it likes: nothing is shared, so
 * one centre's change never reaches another's kiosks. Devices, staff and tickets are never copied.
 * Runs locked on the province administrator's own centre (the new one does not exist yet), whose
 * audit log records it.
 */
import type { NewCentreInput } from '../../../../shared/admin.js'
import { DEFAULT_PRIORITY_GROUPS, PROVINCE_CATALOGUE } from '../../../../shared/catalogue.js'
import { DEFAULT_TIME_ZONE, defaultCounterName } from '../../../../shared/constants.js'
import type { SiteRow } from '../../db/repositories.js'
import type { Repositories } from '../../db/store.js'
import { DomainError } from '../errors.js'
import type { Command } from '../runner.js'
import { checkCentreSettings, normaliseClosedDays } from './site.js'

/** Copies a centre's services, priority groups and counters (with the services each serves, in order) to another. */
async function copySetup(tx: Repositories, fromId: number, toId: number, now: number): Promise<void> {
  const serviceIds = new Map<number, number>()
  for (const { id, ...service } of await tx.services.all(fromId)) {
    serviceIds.set(id, (await tx.services.insert({ ...service, siteId: toId })).id)
  }
  // The procedure catalogue goes with its fields (a commune lists the same procedures as the province).
  for (const { id: _id, ...procedure } of await tx.procedures.all(fromId)) {
    const serviceId = serviceIds.get(procedure.serviceId)
    if (serviceId !== undefined) await tx.procedures.insert({ ...procedure, siteId: toId, serviceId })
  }
  for (const { id: _id, ...group } of await tx.priorityGroups.all(fromId)) {
    await tx.priorityGroups.insert({ ...group, siteId: toId })
  }
  const links = await tx.counters.serviceIdsAll(fromId)
  for (const counter of await tx.counters.all(fromId)) {
    const copy = await tx.counters.insert({ siteId: toId, number: counter.number, name: counter.name, strategy: counter.strategy, updatedAt: now })
    await tx.counters.setServices(
      copy.id,
      (links.get(counter.id) ?? []).flatMap((id) => serviceIds.get(id) ?? []),
    )
  }
}

/**
 * A centre's set-up from the province's catalogue: one service per chosen field, in catalogue
 * order, numbered in blocks of a thousand (1001–1999, 2001–2999 …), the default priority groups,
 * and counters: one per field, or as `counters` lists them (each a list of field codes, in the
 * order the counter serves them: a commune's counter often serves several fields).
 */
export async function setupFromCatalogue(tx: Repositories, siteId: number, codes: string[], now: number, counters?: string[][]): Promise<void> {
  const unknown = codes.filter((code) => !PROVINCE_CATALOGUE.some((f) => f.code === code))
  if (unknown.length > 0) throw new DomainError('bad_request', `Not in the province's catalogue: ${unknown.join(', ')}`, 400)
  const serviceIds = new Map<string, number>()
  for (const [i, field] of PROVINCE_CATALOGUE.filter((f) => codes.includes(f.code)).entries()) {
    const service = await tx.services.insert({
      siteId,
      code: field.code,
      nameVi: field.nameVi,
      nameEn: field.nameEn,
      numbering: 'block',
      prefix: '',
      blockStart: (i + 1) * 1000 + 1,
      blockEnd: (i + 1) * 1000 + 999,
      digits: 4,
      dailyCap: null,
      hours: null,
      targetWaitMinutes: field.target,
      defaultServiceMinutes: field.minutes,
      active: true,
      sortOrder: i,
    })
    serviceIds.set(field.code, service.id)
  }
  for (const [i, fields] of (counters ?? [...serviceIds.keys()].map((code) => [code])).entries()) {
    const counter = await tx.counters.insert({ siteId, number: i + 1, name: defaultCounterName(i + 1), updatedAt: now })
    await tx.counters.setServices(
      counter.id,
      fields.flatMap((code) => serviceIds.get(code) ?? []),
    )
  }
  for (const [i, group] of DEFAULT_PRIORITY_GROUPS.entries()) {
    await tx.priorityGroups.insert({ ...group, siteId, sortOrder: i, active: true })
  }
}

export const createCentre: Command<NewCentreInput, SiteRow> = async ({ tx, now }, input) => {
  if (input.copyFrom !== undefined && input.catalogue !== undefined) {
    throw new DomainError('bad_request', 'Start from another centre or from the catalogue, not both', 400)
  }
  const code = input.code.trim()
  if (code === '') throw new DomainError('bad_request', 'A centre needs a short code', 400)
  await checkCentreSettings(tx, { ...input, code })
  const source = input.copyFrom === undefined ? undefined : await tx.sites.get(input.copyFrom)
  if (input.copyFrom !== undefined && !source) throw new DomainError('not_found', `Centre ${input.copyFrom} not found`, 404)
  const site = await tx.sites.insert({
    name: input.name.trim(),
    nameEn: input.nameEn?.trim() ?? '',
    code,
    address: input.address?.trim() ?? '',
    timeZone: input.timeZone?.trim() || source?.timeZone || DEFAULT_TIME_ZONE,
    hours: input.hours !== undefined ? input.hours : (source?.hours ?? null),
    languages: input.languages ?? source?.languages ?? ['vi', 'en'],
    closedDays: input.closedDays ? normaliseClosedDays(input.closedDays) : (source?.closedDays ?? []),
    ticketFooter: input.ticketFooter?.trim() ?? source?.ticketFooter ?? '',
    displayNotice: source?.displayNotice ?? '',
    maxPriorityInRow: source?.maxPriorityInRow ?? 3,
    asideAlertMinutes: source?.asideAlertMinutes ?? 15,
    numberReading: source?.numberReading ?? 'whole',
    logoUrl: source?.logoUrl ?? null,
    createdAt: now,
  })
  if (source) await copySetup(tx, source.id, site.id, now)
  else await setupFromCatalogue(tx, site.id, input.catalogue ?? [], now)
  return {
    result: site,
    audit: {
      action: 'site.create',
      targetType: 'site',
      targetId: site.id,
      detail: { name: site.name, code, ...(source ? { copyFrom: source.id } : { catalogue: input.catalogue ?? [] }) },
    },
  }
}
