/**
 * Registered devices. An administrator registers a kiosk or display and sees its token once;
 * the device keeps it and sends it with every request. Revoking cuts its connections at once.
 *
 * Or, without typing a long link on a TV remote: the unpaired device shows a short code
 * (`POST /api/pairing`), the administrator types it (`POST /api/admin/pairing/:code/confirm`)
 * and the device, polling with a secret only it holds, receives its token (see auth/pairing.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { and, desc, eq, inArray } from 'drizzle-orm'
import { DEVICE_KINDS } from '../../../shared/constants.js'
import type { DeviceConfig, DeviceView } from '../../../shared/types.js'
import { counters, devices, services, sites } from '../db/schema.js'
import { hashToken, newToken } from '../auth/passwords.js'
import { audit } from '../admin/audit.js'
import { PAIRING_POLL_MS, PairingBook } from '../auth/pairing.js'
import { siteView } from '../domain/views.js'
import { HttpError } from '../plugins/errors.js'
import type { DeviceRow, Principal } from '../plugins/auth.js'
import { AnyObject, ErrorResponse, Id, IdParams } from './schemas.js'
import { siteOf } from '../http/principal.js'

export function deviceView(row: DeviceRow): DeviceView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    config: row.config,
    lastSeenAt: row.lastSeenAt,
    printerStatus: row.printerStatus,
    printerError: row.printerError,
    revoked: row.revokedAt !== null,
    createdAt: row.createdAt,
  }
}

// Most specific first: Fastify's validator strips properties a branch does not declare while it
// tries that branch, so a `none` branch tried first would strip a network printer's url and width.
const PrinterSetting = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('network'),
      url: Type.String({ pattern: '^tcp://[A-Za-z0-9.\\-\\[\\]:]+(:\\d{1,5})?/?$', maxLength: 200 }),
      paperWidth: Type.Union([Type.Literal(58), Type.Literal(80)]),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('browser'), paperWidth: Type.Union([Type.Literal(58), Type.Literal(80)]) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('none') }, { additionalProperties: false }),
])

export const DeviceConfigSchema = Type.Object(
  {
    printer: Type.Optional(PrinterSetting),
    counterIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
    serviceIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
    languages: Type.Optional(Type.Array(Type.Union([Type.Literal('vi'), Type.Literal('en')]), { minItems: 1, maxItems: 2 })),
    theme: Type.Optional(Type.Union([Type.Literal('dark'), Type.Literal('light')])),
  },
  { additionalProperties: false },
)

export interface DeviceRouteOptions {
  publicUrl: string
}

const routes: FastifyPluginAsyncTypebox<DeviceRouteOptions> = async (app, opts) => {
  const admin = app.requireStaff(['admin'])
  const adminOrManager = app.requireStaff(['admin', 'manager'])
  const db = app.storage.db

  function userId(request: { principal: Principal | null }): number | null {
    return request.principal?.kind === 'staff' ? request.principal.user.id : null
  }

  function load(siteId: number, id: number): DeviceRow {
    const row = db.select().from(devices).where(and(eq(devices.id, id), eq(devices.siteId, siteId))).get()
    if (!row) throw new HttpError(404, 'not_found', `Device ${id} does not exist`)
    return row
  }

  /** A display told to show a counter or service that does not exist would show nothing, silently. */
  function checkConfig(siteId: number, config: DeviceConfig | undefined): void {
    const counterIds = config?.counterIds ?? []
    if (counterIds.length > 0) {
      const found = db.select({ id: counters.id }).from(counters).where(and(eq(counters.siteId, siteId), inArray(counters.id, counterIds))).all()
      const missing = counterIds.filter((id) => !found.some((f) => f.id === id))
      if (missing.length > 0) throw new HttpError(422, 'counter_not_found', `No counter with id ${missing.join(', ')}`)
    }
    const serviceIds = config?.serviceIds ?? []
    if (serviceIds.length > 0) {
      const found = db.select({ id: services.id }).from(services).where(and(eq(services.siteId, siteId), inArray(services.id, serviceIds))).all()
      const missing = serviceIds.filter((id) => !found.some((f) => f.id === id))
      if (missing.length > 0) throw new HttpError(422, 'service_not_found', `No service with id ${missing.join(', ')}`)
    }
  }

  function setupUrl(kind: string, token: string): string {
    return `${opts.publicUrl.replace(/\/$/, '')}/${kind}/#token=${token}`
  }

  function confirmUrl(code: string): string {
    return `${opts.publicUrl.replace(/\/$/, '')}/counter/#/admin/devices/pair/${code}`
  }

  const pairing = new PairingBook(app.clock)
  const PairingCode = Type.String({ minLength: 1, maxLength: 20 })

  /** An unpaired device asks for a code to show. The secret in the answer is for it alone. */
  app.post(
    '/api/pairing',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        body: Type.Object({ kind: Type.Enum([...DEVICE_KINDS]) }, { additionalProperties: false }),
        response: { 201: AnyObject, 400: ErrorResponse, 429: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { request: pending, secret } = pairing.create(request.body.kind, request.ip)
      return reply.status(201).send({
        id: pending.id,
        secret,
        code: pending.code,
        expiresInMs: pending.expiresAt - pending.createdAt,
        pollMs: PAIRING_POLL_MS,
        confirmUrl: confirmUrl(pending.code),
      })
    },
  )

  /** The device asks whether an administrator confirmed its code; once one did, the answer holds its token. */
  app.post(
    '/api/pairing/:id/poll',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: Type.Object({ secret: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }),
        response: { 200: AnyObject, 400: ErrorResponse, 404: ErrorResponse, 410: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return pairing.poll(request.params.id, request.body.secret)
    },
  )

  /** Wrong codes count against the administrator and the address they type from. */
  function guessers(request: { principal: Principal | null; ip: string }): string[] {
    return [`user:${userId(request) ?? 'none'}`, `ip:${request.ip}`]
  }

  /** What kind of device shows a code, before the administrator picks which record it becomes. */
  app.get(
    '/api/admin/pairing/:code',
    {
      preHandler: admin,
      schema: {
        params: Type.Object({ code: PairingCode }),
        response: { 200: AnyObject, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 410: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => {
      const found = pairing.lookup(request.params.code, guessers(request))
      return { code: found.code, kind: found.kind, expiresInMs: found.expiresAt - app.clock() }
    },
  )

  /**
   * Pairs the device showing `code`: as a new device (name, settings) or as an existing record of
   * the same kind, whose old token then stops working. The token goes to the device, not here.
   */
  app.post(
    '/api/admin/pairing/:code/confirm',
    {
      preHandler: admin,
      schema: {
        params: Type.Object({ code: PairingCode }),
        // One object, not a union: Fastify's validator strips what a union branch does not declare.
        body: Type.Object(
          {
            deviceId: Type.Optional(Id),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            config: Type.Optional(DeviceConfigSchema),
          },
          { additionalProperties: false },
        ),
        response: {
          200: AnyObject,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          410: ErrorResponse,
          422: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request) => {
      const siteId = siteOf(request)
      const body = request.body
      if ((body.deviceId === undefined) === (body.name === undefined) || (body.deviceId !== undefined && body.config !== undefined)) {
        throw new HttpError(400, 'bad_request', 'Give either deviceId (an existing device) or name (and config) for a new one')
      }
      if (body.name !== undefined && body.name.trim() === '') throw new HttpError(400, 'bad_request', 'The name is empty')
      const found = pairing.lookup(request.params.code, guessers(request))
      const token = newToken()
      let row: DeviceRow
      if (body.deviceId !== undefined) {
        const existing = load(siteId, body.deviceId)
        if (existing.kind !== found.kind) {
          throw new HttpError(422, 'pairing_kind_mismatch', `The code is shown by a ${found.kind}; device ${existing.id} is a ${existing.kind}`)
        }
        row = db.transaction((tx) => {
          const updated = tx.update(devices).set({ tokenHash: hashToken(token), revokedAt: null }).where(eq(devices.id, existing.id)).returning().get()
          if (!updated) throw new HttpError(404, 'not_found', 'Device vanished')
          audit(tx, { siteId, userId: userId(request), action: 'device.pair', targetType: 'device', targetId: existing.id, detail: { kind: existing.kind, name: existing.name, replaced: true }, at: app.clock() })
          return updated
        })
        // The device's old token stopped working: whatever ran with it is cut off now.
        app.realtime.disconnectDevice(row.id)
      } else {
        checkConfig(siteId, body.config)
        const defaults: DeviceConfig = found.kind === 'kiosk' ? { printer: { kind: 'browser', paperWidth: 80 } } : { languages: ['vi'], theme: 'dark' }
        row = db.transaction((tx) => {
          const created = tx
            .insert(devices)
            .values({ siteId, kind: found.kind, name: (body.name ?? '').trim(), tokenHash: hashToken(token), config: body.config ?? defaults, createdAt: app.clock() })
            .returning()
            .get()
          audit(tx, { siteId, userId: userId(request), action: 'device.pair', targetType: 'device', targetId: created.id, detail: { kind: created.kind, name: created.name }, at: app.clock() })
          return created
        })
      }
      pairing.confirm(found, token, row.id, row.name)
      return { device: deviceView(row) }
    },
  )

  /** A device asks who it is: its name, kind, settings and site, to set itself up. */
  app.get(
    '/api/device/me',
    { schema: { response: { 200: AnyObject, 401: ErrorResponse, 403: ErrorResponse } } },
    async (request) => {
      const p = request.principal
      if (p?.kind !== 'device') throw new HttpError(401, 'device_revoked', 'This device token is not valid or was revoked')
      const site = db.select().from(sites).where(eq(sites.id, p.device.siteId)).get()
      return { device: deviceView(p.device), site: site ? siteView(site, opts.publicUrl) : null }
    },
  )

  app.get(
    '/api/admin/devices',
    { preHandler: adminOrManager, schema: { response: { 200: AnyObject, 401: ErrorResponse, 403: ErrorResponse } } },
    async (request) => ({
      devices: db.select().from(devices).where(eq(devices.siteId, siteOf(request))).orderBy(desc(devices.createdAt)).all().map(deviceView),
    }),
  )

  app.post(
    '/api/admin/devices',
    {
      preHandler: admin,
      schema: {
        body: Type.Object(
          {
            kind: Type.Enum([...DEVICE_KINDS]),
            name: Type.String({ minLength: 1, maxLength: 100 }),
            config: Type.Optional(DeviceConfigSchema),
          },
          { additionalProperties: false },
        ),
        response: { 201: AnyObject, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      const siteId = siteOf(request)
      checkConfig(siteId, request.body.config)
      const token = newToken()
      const defaults: DeviceConfig = request.body.kind === 'kiosk' ? { printer: { kind: 'browser', paperWidth: 80 } } : { languages: ['vi'], theme: 'dark' }
      const row = db.transaction((tx) => {
        const created = tx
          .insert(devices)
          .values({
            siteId,
            kind: request.body.kind,
            name: request.body.name.trim(),
            tokenHash: hashToken(token),
            config: request.body.config ?? defaults,
            createdAt: app.clock(),
          })
          .returning()
          .get()
        audit(tx, { siteId, userId: userId(request), action: 'device.register', targetType: 'device', targetId: created.id, detail: { kind: created.kind, name: created.name }, at: app.clock() })
        return created
      })
      // The token is shown once: only its hash is stored.
      return reply.status(201).send({ device: deviceView(row), token, setupUrl: setupUrl(row.kind, token) })
    },
  )

  app.patch(
    '/api/admin/devices/:id',
    {
      preHandler: admin,
      schema: {
        params: IdParams,
        body: Type.Object(
          { name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), config: Type.Optional(DeviceConfigSchema) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: AnyObject, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const siteId = siteOf(request)
      load(siteId, request.params.id)
      checkConfig(siteId, request.body.config)
      const row = db.transaction((tx) => {
        const changes: Partial<DeviceRow> = {}
        if (request.body.name !== undefined) changes.name = request.body.name.trim()
        if (request.body.config !== undefined) changes.config = request.body.config
        if (Object.keys(changes).length === 0) throw new HttpError(400, 'bad_request', 'Nothing to change')
        const updated = tx.update(devices).set(changes).where(eq(devices.id, request.params.id)).returning().get()
        audit(tx, { siteId, userId: userId(request), action: 'device.update', targetType: 'device', targetId: request.params.id, detail: request.body, at: app.clock() })
        return updated
      })
      if (!row) throw new HttpError(404, 'not_found', 'Device vanished')
      // Tell the device its settings changed; it reloads its configuration.
      app.realtime.disconnectDevice(row.id)
      return { device: deviceView(row) }
    },
  )

  app.post(
    '/api/admin/devices/:id/revoke',
    { preHandler: admin, schema: { params: IdParams, response: { 200: AnyObject, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } } },
    async (request) => {
      const siteId = siteOf(request)
      load(siteId, request.params.id)
      const row = db.transaction((tx) => {
        const updated = tx.update(devices).set({ revokedAt: app.clock() }).where(eq(devices.id, request.params.id)).returning().get()
        audit(tx, { siteId, userId: userId(request), action: 'device.revoke', targetType: 'device', targetId: request.params.id, at: app.clock() })
        return updated
      })
      app.realtime.disconnectDevice(request.params.id)
      if (!row) throw new HttpError(404, 'not_found', 'Device vanished')
      return { device: deviceView(row) }
    },
  )

  /** A new token for a device whose token leaked or whose setup link was lost; the old one stops working. */
  app.post(
    '/api/admin/devices/:id/rotate-token',
    { preHandler: admin, schema: { params: IdParams, response: { 200: AnyObject, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } } },
    async (request) => {
      const siteId = siteOf(request)
      load(siteId, request.params.id)
      const token = newToken()
      const row = db.transaction((tx) => {
        // Rotating also un-revokes: it is how a revoked device is set up again.
        const updated = tx.update(devices).set({ tokenHash: hashToken(token), revokedAt: null }).where(eq(devices.id, request.params.id)).returning().get()
        audit(tx, { siteId, userId: userId(request), action: 'device.rotate_token', targetType: 'device', targetId: request.params.id, at: app.clock() })
        return updated
      })
      app.realtime.disconnectDevice(request.params.id)
      if (!row) throw new HttpError(404, 'not_found', 'Device vanished')
      return { device: deviceView(row), token, setupUrl: setupUrl(row.kind, token) }
    },
  )
}
export default routes
