/**
 * Registered devices. An administrator registers a kiosk or display and sees its token once;
 * the device keeps it and sends it with every request. Revoking cuts its connections at once.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { and, desc, eq } from 'drizzle-orm'
import { DEVICE_KINDS } from '../../../shared/constants.js'
import type { DeviceConfig, DeviceView } from '../../../shared/types.js'
import { devices, sites } from '../db/schema.js'
import { hashToken, newToken } from '../auth/passwords.js'
import { audit } from '../admin/audit.js'
import { siteView } from '../domain/views.js'
import { HttpError } from '../plugins/errors.js'
import type { DeviceRow, Principal } from '../plugins/auth.js'
import { AnyObject, ErrorResponse, Id, IdParams } from './schemas.js'
import { siteOf } from './queue.js'

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

const PrinterSetting = Type.Union([
  Type.Object({ kind: Type.Literal('none') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('browser'), paperWidth: Type.Union([Type.Literal(58), Type.Literal(80)]) }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('network'),
      url: Type.String({ pattern: '^tcp://[A-Za-z0-9.\\-\\[\\]:]+(:\\d{1,5})?/?$', maxLength: 200 }),
      paperWidth: Type.Union([Type.Literal(58), Type.Literal(80)]),
    },
    { additionalProperties: false },
  ),
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
        response: { 201: AnyObject, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      const siteId = siteOf(request)
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
      const base = opts.publicUrl.replace(/\/$/, '')
      return reply.status(201).send({ device: deviceView(row), token, setupUrl: `${base}/${row.kind}/#token=${token}` })
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
          { additionalProperties: false },
        ),
        response: { 200: AnyObject, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const siteId = siteOf(request)
      load(siteId, request.params.id)
      const row = db.transaction((tx) => {
        const changes: Partial<DeviceRow> = {}
        if (request.body.name !== undefined) changes.name = request.body.name.trim()
        if (request.body.config !== undefined) changes.config = request.body.config
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
}
export default routes
