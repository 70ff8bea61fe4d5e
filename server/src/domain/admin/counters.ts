/**
 * Counters (quầy) as administrators set them up: number, name, call strategy and the services
 * they serve, in order. A counter that is open, or that has served tickets, is not deleted.
 */
import type { CallStrategy } from '../../../../shared/constants.js'
import type { CounterView } from '../../../../shared/types.js'
import { counterView } from '../views.js'
import type { CounterRow } from '../../db/repositories.js'
import type { Repositories } from '../../db/store.js'
import { DomainError } from '../errors.js'
import type { Command } from '../runner.js'
import { missing, siteChanged } from './common.js'

export interface CounterFields {
  number: number
  name: string
  strategy?: CallStrategy
  /** In the order the counter serves them. */
  serviceIds?: number[]
}

async function load(tx: Repositories, siteId: number, id: number): Promise<CounterRow> {
  const row = await tx.counters.get(siteId, id)
  if (!row) throw new DomainError('counter_not_found', `Counter ${id} does not exist`, 404)
  return row
}

async function checkNumberFree(tx: Repositories, siteId: number, number: number, exceptId?: number): Promise<void> {
  if (await tx.counters.numberTaken(siteId, number, exceptId)) {
    throw new DomainError('counter_number_taken', `Counter number ${number} is already used`, 409)
  }
}

async function setServices(tx: Repositories, siteId: number, counterId: number, serviceIds: number[]): Promise<void> {
  const absent = missing(serviceIds, await tx.services.existing(siteId, serviceIds))
  if (absent.length > 0) throw new DomainError('service_not_found', `No service with id ${absent.join(', ')}`, 422)
  await tx.counters.setServices(counterId, serviceIds)
}

async function view(tx: Repositories, siteId: number, id: number): Promise<CounterView> {
  const counter = await counterView(tx, siteId, id)
  if (!counter) throw new DomainError('counter_not_found', 'Counter vanished', 404)
  return counter
}

export const createCounter: Command<CounterFields, CounterView> = async ({ tx, siteId, now }, body) => {
  await checkNumberFree(tx, siteId, body.number)
  const row = await tx.counters.insert({ siteId, number: body.number, name: body.name.trim(), strategy: body.strategy ?? 'service_order', updatedAt: now })
  await setServices(tx, siteId, row.id, body.serviceIds ?? [])
  return {
    result: await view(tx, siteId, row.id),
    audit: { action: 'counter.create', targetType: 'counter', targetId: row.id, detail: { ...body } },
    events: [siteChanged('counters')],
  }
}

export const updateCounter: Command<{ id: number; changes: Partial<CounterFields> }, CounterView> = async ({ tx, siteId, now }, { id, changes: body }) => {
  const before = await load(tx, siteId, id)
  if (body.number !== undefined) await checkNumberFree(tx, siteId, body.number, before.id)
  await tx.counters.update(before.id, now, {
    ...(body.number !== undefined ? { number: body.number } : {}),
    ...(body.name !== undefined ? { name: body.name.trim() } : {}),
    ...(body.strategy !== undefined ? { strategy: body.strategy } : {}),
  })
  if (body.serviceIds !== undefined) await setServices(tx, siteId, before.id, body.serviceIds)
  return {
    result: await view(tx, siteId, before.id),
    audit: { action: 'counter.update', targetType: 'counter', targetId: before.id, detail: { number: before.number, ...body } },
    events: [siteChanged('counters')],
  }
}

export const deleteCounter: Command<{ id: number }, { deleted: boolean }> = async ({ tx, siteId }, { id }) => {
  const before = await load(tx, siteId, id)
  if (before.status !== 'closed') throw new DomainError('counter_not_closed', `Counter ${before.number} is ${before.status}; close it first`, 409)
  if (await tx.counters.hasTickets(before.id))
    throw new DomainError('counter_has_history', `Counter ${before.number} has served tickets; rename it instead`, 409)
  await tx.counters.delete(before.id)
  return {
    result: { deleted: true },
    audit: { action: 'counter.delete', targetType: 'counter', targetId: before.id, detail: { number: before.number, name: before.name } },
    events: [siteChanged('counters')],
  }
}
