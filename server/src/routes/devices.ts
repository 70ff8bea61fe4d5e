/**
 * Registered devices. An administrator registers a kiosk or display and sees its token once;
 * the device keeps it and sends it with every request. Revoking cuts its connections at once.
 *
 * Or, without typing a long link on a TV remote: the unpaired device shows a short code
 * (`POST /api/pairing`), the administrator types it (`POST /api/admin/pairing/:code/confirm`)
 * and the device, polling with a secret only it holds, receives its token (see auth/pairing.ts).
 * Pairing requests are kept in the database: the device and the administrator may reach different
 * server processes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { DEVICE_KINDS } from '../../../shared/constants.js'
import type { DeviceView } from '../../../shared/types.js'
import type { DeviceRow } from '../db/repositories.js'
import { hashToken, newToken } from '../auth/passwords.js'
import { PAIRING_POLL_MS, PAIRING_REMEMBER_MS, PairingBook } from '../auth/pairing.js'
import { pairDevice, registerDevice, revokeDevice, rotateDeviceToken, updateDevice } from '../domain/admin/devices.js'
import { siteView } from '../domain/views.js'
import { HttpError } from '../plugins/errors.js'
import type { Principal } from '../plugins/auth.js'
import {
  DeviceListSchema,
  DeviceResultSchema,
  DeviceSelfSchema,
  DeviceTokenSchema,
  ErrorResponse,
  Id,
  IdParams,
  PairingLookupSchema,
  PairingOfferSchema,
  PairingPollSchema,
} from './schemas.js'
import { siteOf, staffCommand } from '../http/principal.js'

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
    counterId: Type.Optional(Id),
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
  function userId(request: { principal: Principal | null }): number | null {
    return request.principal?.kind === 'staff' ? request.principal.user.id : null
  }

  function setupUrl(kind: string, token: string): string {
    // The rating device's page is the kiosk front end's second entry.
    const page = kind === 'rating' ? 'kiosk/rating.html' : `${kind}/`
    return `${opts.publicUrl.replace(/\/$/, '')}/${page}#token=${token}`
  }

  function confirmUrl(code: string): string {
    return `${opts.publicUrl.replace(/\/$/, '')}/counter/#/admin/devices/pair/${code}`
  }

  const pairing = new PairingBook(app.store, app.clock)
  const PairingCode = Type.String({ minLength: 1, maxLength: 20 })

  /** An unpaired device asks for a code to show. The secret in the answer is for it alone. */
  app.post(
    '/api/pairing',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        body: Type.Object({ kind: Type.Enum([...DEVICE_KINDS]) }, { additionalProperties: false }),
        response: { 201: PairingOfferSchema, 400: ErrorResponse, 429: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { request: pending, secret } = await pairing.create(request.body.kind, request.ip)
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
        response: { 200: PairingPollSchema, 400: ErrorResponse, 404: ErrorResponse, 410: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return await pairing.poll(request.params.id, request.body.secret)
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
        response: {
          200: PairingLookupSchema,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          410: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request) => {
      const found = await pairing.lookup(request.params.code, guessers(request))
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
          200: DeviceResultSchema,
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
      const body = request.body
      if ((body.deviceId === undefined) === (body.name === undefined) || (body.deviceId !== undefined && body.config !== undefined)) {
        throw new HttpError(400, 'bad_request', 'Give either deviceId (an existing device) or name (and config) for a new one')
      }
      if (body.name !== undefined && body.name.trim() === '') throw new HttpError(400, 'bad_request', 'The name is empty')
      const found = await pairing.lookup(request.params.code, guessers(request))
      const token = newToken()
      // The token waits for its device sealed to the device's secret; the administrator never sees it.
      const confirming = { id: found.id, sealedToken: pairing.seal(found, token), rememberMs: PAIRING_REMEMBER_MS }
      const { device: row, replaced } = await app.commands.run(
        pairDevice,
        staffCommand(request),
        body.deviceId !== undefined
          ? { pairing: confirming, tokenHash: hashToken(token), deviceId: body.deviceId }
          : { pairing: confirming, tokenHash: hashToken(token), name: body.name ?? '', config: body.config },
      )
      // The device's old token stopped working: whatever ran with it is cut off now.
      if (replaced) app.realtime.disconnectDevice(row.id)
      return { device: deviceView(row) }
    },
  )

  /** A device asks who it is: its name, kind, settings and site, to set itself up. */
  app.get('/api/device/me', { schema: { response: { 200: DeviceSelfSchema, 401: ErrorResponse, 403: ErrorResponse } } }, async (request) => {
    const p = request.principal
    if (p?.kind !== 'device') throw new HttpError(401, 'device_revoked', 'This device token is not valid or was revoked')
    const site = await app.store.read((r) => r.sites.get(p.device.siteId))
    return { device: deviceView(p.device), site: site ? siteView(site, opts.publicUrl) : null }
  })

  app.get(
    '/api/admin/devices',
    { preHandler: adminOrManager, schema: { response: { 200: DeviceListSchema, 401: ErrorResponse, 403: ErrorResponse } } },
    async (request) => ({
      devices: (await app.store.read((r) => r.devices.all(siteOf(request)))).map(deviceView),
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
        response: { 201: DeviceTokenSchema, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      const token = newToken()
      const row = await app.commands.run(registerDevice, staffCommand(request), { ...request.body, tokenHash: hashToken(token) })
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
        response: { 200: DeviceResultSchema, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const row = await app.commands.run(updateDevice, staffCommand(request), { id: request.params.id, changes: request.body })
      // Tell the device its settings changed; it reloads its configuration.
      app.realtime.disconnectDevice(row.id)
      return { device: deviceView(row) }
    },
  )

  app.post(
    '/api/admin/devices/:id/revoke',
    { preHandler: admin, schema: { params: IdParams, response: { 200: DeviceResultSchema, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } } },
    async (request) => {
      const row = await app.commands.run(revokeDevice, staffCommand(request), { id: request.params.id })
      app.realtime.disconnectDevice(row.id)
      return { device: deviceView(row) }
    },
  )

  /** A new token for a device whose token leaked or whose setup link was lost; the old one stops working. */
  app.post(
    '/api/admin/devices/:id/rotate-token',
    { preHandler: admin, schema: { params: IdParams, response: { 200: DeviceTokenSchema, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse } } },
    async (request) => {
      const token = newToken()
      const row = await app.commands.run(rotateDeviceToken, staffCommand(request), { id: request.params.id, tokenHash: hashToken(token) })
      app.realtime.disconnectDevice(row.id)
      return { device: deviceView(row), token, setupUrl: setupUrl(row.kind, token) }
    },
  )
}
export default routes
