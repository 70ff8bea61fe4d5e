/**
 * Registered devices (kiosks, displays and the rating devices on counters' desks): registering, editing, revoking, a new token, and
 * pairing by code. Tokens arrive hashed: the caller makes the token, shows it once and keeps
 * only its hash here.
 */
import type { DeviceKind } from '../../../../shared/constants.js'
import type { DeviceConfig } from '../../../../shared/types.js'
import type { DeviceRow } from '../../db/repositories.js'
import type { Repositories } from '../../db/store.js'
import { DomainError } from '../errors.js'
import type { Command, Outcome } from '../runner.js'
import { missing, requireSomeChange } from './common.js'

async function load(tx: Repositories, siteId: number, id: number): Promise<DeviceRow> {
  const row = await tx.devices.get(siteId, id)
  if (!row) throw new DomainError('not_found', `Device ${id} does not exist`, 404)
  return row
}

/** A display told to show a counter or service that does not exist would show nothing, silently. */
async function checkConfig(tx: Repositories, siteId: number, config: DeviceConfig | undefined): Promise<void> {
  const counterIds = [...(config?.counterIds ?? []), ...(config?.counterId !== undefined ? [config.counterId] : [])]
  const noCounter = missing(counterIds, await tx.counters.existing(siteId, counterIds))
  if (noCounter.length > 0) throw new DomainError('counter_not_found', `No counter with id ${noCounter.join(', ')}`, 422)
  const serviceIds = config?.serviceIds ?? []
  const noService = missing(serviceIds, await tx.services.existing(siteId, serviceIds))
  if (noService.length > 0) throw new DomainError('service_not_found', `No service with id ${noService.join(', ')}`, 422)
}

function defaultConfig(kind: DeviceKind): DeviceConfig {
  // A rating device waits for its counter (the administrator picks it when pairing or editing).
  if (kind === 'rating') return {}
  return kind === 'kiosk' ? { printer: { kind: 'browser', paperWidth: 80 } } : { languages: ['vi'], theme: 'dark' }
}

export interface NewDeviceInput {
  kind: DeviceKind
  name: string
  config?: DeviceConfig | undefined
  tokenHash: string
}

async function insertDevice(tx: Repositories, siteId: number, now: number, input: NewDeviceInput): Promise<DeviceRow> {
  await checkConfig(tx, siteId, input.config)
  return tx.devices.insert({
    siteId,
    kind: input.kind,
    name: input.name.trim(),
    tokenHash: input.tokenHash,
    config: input.config ?? defaultConfig(input.kind),
    createdAt: now,
  })
}

export const registerDevice: Command<NewDeviceInput, DeviceRow> = async ({ tx, siteId, now }, input) => {
  const row = await insertDevice(tx, siteId, now, input)
  return { result: row, audit: { action: 'device.register', targetType: 'device', targetId: row.id, detail: { kind: row.kind, name: row.name } } }
}

export const updateDevice: Command<{ id: number; changes: { name?: string; config?: DeviceConfig } }, DeviceRow> = async (
  { tx, siteId },
  { id, changes: body },
) => {
  await load(tx, siteId, id)
  await checkConfig(tx, siteId, body.config)
  const changes: Partial<DeviceRow> = {}
  if (body.name !== undefined) changes.name = body.name.trim()
  if (body.config !== undefined) changes.config = body.config
  requireSomeChange(changes)
  const row = await tx.devices.update(id, changes)
  if (!row) throw new DomainError('not_found', 'Device vanished', 404)
  return { result: row, audit: { action: 'device.update', targetType: 'device', targetId: id, detail: body } }
}

export const revokeDevice: Command<{ id: number }, DeviceRow> = async ({ tx, siteId, now }, { id }) => {
  await load(tx, siteId, id)
  const row = await tx.devices.update(id, { revokedAt: now })
  if (!row) throw new DomainError('not_found', 'Device vanished', 404)
  return { result: row, audit: { action: 'device.revoke', targetType: 'device', targetId: id } }
}

/** A new token for a device whose token leaked or whose setup link was lost; rotating also un-revokes. */
export const rotateDeviceToken: Command<{ id: number; tokenHash: string }, DeviceRow> = async ({ tx, siteId }, { id, tokenHash }) => {
  await load(tx, siteId, id)
  const row = await tx.devices.update(id, { tokenHash, revokedAt: null })
  if (!row) throw new DomainError('not_found', 'Device vanished', 404)
  return { result: row, audit: { action: 'device.rotate_token', targetType: 'device', targetId: id } }
}

/** The pairing request being confirmed, and the new token sealed to its device's secret. */
export interface PairingToConfirm {
  id: string
  sealedToken: string
  /** How long the used code is remembered afterwards, to answer "used". */
  rememberMs: number
}

/**
 * Pairs the device that showed a code: as a new device, or as an existing record of the same kind
 * (the kind the device asked as), whose old token then stops working. The request is confirmed in
 * the same transaction: if another confirmation or its expiry came first, nothing is created.
 */
export const pairDevice: Command<
  { pairing: PairingToConfirm; tokenHash: string } & ({ deviceId: number } | { name: string; config?: DeviceConfig | undefined }),
  { device: DeviceRow; replaced: boolean }
> = async ({ tx, siteId, now }, input) => {
  const request = await tx.pairings.get(input.pairing.id)
  if (!request || request.confirmedAt !== null) throw new DomainError('pairing_code_used', 'This pairing code was already used', 409)
  if (now >= request.expiresAt) throw new DomainError('pairing_code_expired', 'This pairing code has expired; the device shows a new one', 410)
  const kind = request.kind
  let outcome: Outcome<{ device: DeviceRow; replaced: boolean }>
  if ('deviceId' in input) {
    const existing = await load(tx, siteId, input.deviceId)
    if (existing.kind !== kind) {
      throw new DomainError('pairing_kind_mismatch', `The code is shown by a ${kind}; device ${existing.id} is a ${existing.kind}`, 422)
    }
    const row = await tx.devices.update(existing.id, { tokenHash: input.tokenHash, revokedAt: null })
    if (!row) throw new DomainError('not_found', 'Device vanished', 404)
    outcome = {
      result: { device: row, replaced: true },
      audit: { action: 'device.pair', targetType: 'device', targetId: existing.id, detail: { kind: existing.kind, name: existing.name, replaced: true } },
    }
  } else {
    const row = await insertDevice(tx, siteId, now, { kind, name: input.name, config: input.config, tokenHash: input.tokenHash })
    outcome = {
      result: { device: row, replaced: false },
      audit: { action: 'device.pair', targetType: 'device', targetId: row.id, detail: { kind: row.kind, name: row.name } },
    }
  }
  const { device } = outcome.result
  const confirmed = await tx.pairings.confirm(request.id, now, {
    deviceId: device.id,
    deviceName: device.name,
    sealedToken: input.pairing.sealedToken,
    forgetAt: now + Math.max(input.pairing.rememberMs, 0),
  })
  // Another process confirmed it (or it expired) between the read above and now: undo this one.
  if (!confirmed) throw new DomainError('pairing_code_used', 'This pairing code was already used', 409)
  return outcome
}
