/** Kiosks issue tickets; staff return, cancel and look up tickets. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { IDEMPOTENCY_HEADER } from '../../../shared/constants.js'
import type { IssuedTicket } from '../../../shared/types.js'
import { cancel, returnToQueue, transfer } from '../domain/calls.js'
import { closeDay } from '../domain/day.js'
import { issueTicket, waitOf } from '../domain/issue.js'
import { loadSite } from '../domain/counter-lookups.js'
import { ticketView } from '../domain/views.js'
import { serviceDayOf } from '../../../shared/local-time.js'
import { siteOf, staffCommand, trackingUrl } from '../http/principal.js'
import { HttpError } from '../plugins/errors.js'
import {
  CommandErrors,
  DayCloseResultSchema,
  ErrorResponse,
  Id,
  IdParams,
  IssuedTicketSchema,
  TicketListSchema,
  TicketViewSchema,
  TransferBody,
  TransferResultSchema,
} from './schemas.js'

export interface TicketRouteOptions {
  publicUrl: string
  /** Tickets one kiosk may issue per minute: what people at a touchscreen can take, not a script. */
  kioskIssuesPerMinute: number
}

function kioskKey(request: FastifyRequest): string {
  const p = request.principal
  return p?.kind === 'device' ? `kiosk:${p.device.id}` : `ip:${request.ip}`
}

const routes: FastifyPluginAsyncTypebox<TicketRouteOptions> = async (app, opts) => {
  app.post(
    '/api/kiosk/tickets',
    {
      preHandler: app.requireDevice('kiosk'),
      // Counted per kiosk (its device), after the guard has said which one it is.
      config: { rateLimit: { max: opts.kioskIssuesPerMinute, timeWindow: '1 minute', keyGenerator: kioskKey } },
      schema: {
        headers: Type.Object({ [IDEMPOTENCY_HEADER]: Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) }),
        body: Type.Object(
          { serviceId: Id, priorityGroupId: Type.Optional(Type.Union([Id, Type.Null()])), procedureId: Type.Optional(Type.Union([Id, Type.Null()])) },
          { additionalProperties: false },
        ),
        response: { 200: IssuedTicketSchema, 201: IssuedTicketSchema, ...CommandErrors },
      },
    },
    async (request, reply) => {
      const p = request.principal
      if (p?.kind !== 'device') throw new HttpError(401, 'unauthorized', 'Device token required')
      const issued = await app.commands.run(
        issueTicket,
        { siteId: p.device.siteId, actor: { type: 'device', id: p.device.id } },
        {
          serviceId: request.body.serviceId,
          priorityGroupId: request.body.priorityGroupId ?? null,
          procedureId: request.body.procedureId ?? null,
          deviceId: p.device.id,
          idempotencyKey: request.headers[IDEMPOTENCY_HEADER],
        },
      )
      const siteId = p.device.siteId
      const procedureId = issued.ticket.procedureId
      const { service, procedure, wait } = await app.store.read(async (r) => ({
        service: await r.services.get(siteId, issued.ticket.serviceId),
        procedure: procedureId === null ? undefined : await r.procedures.get(siteId, procedureId),
        wait: await waitOf(r, siteId, issued.ticket, app.clock()),
      }))
      const body: IssuedTicket = {
        ticket: issued.ticket,
        serviceNameVi: service?.nameVi ?? '',
        serviceNameEn: service?.nameEn ?? '',
        procedureNameVi: procedure?.nameVi ?? '',
        procedureNameEn: procedure?.nameEn ?? '',
        ...wait,
        trackingUrl: trackingUrl(opts.publicUrl, issued.ticket.id, issued.trackingCode),
        print: { status: 'none' },
      }
      // A retry must not print a second paper ticket for the same number; it learns how the first went.
      body.print = issued.replayed
        ? (app.ticketPrinting.outcomeOf(p.device, issued.ticket.id) ?? { status: 'none' })
        : await app.ticketPrinting.printIssued(p.device, body)
      return reply.status(issued.replayed ? 200 : 201).send(body)
    },
  )

  // Today's absent tickets, latest first, so a counter can return one to the queue when the citizen turns up.
  app.get(
    '/api/tickets/no-shows',
    {
      preHandler: app.requireStaff(),
      schema: { response: { 200: TicketListSchema, 401: ErrorResponse } },
    },
    async (request) => {
      const siteId = siteOf(request)
      const rows = await app.store.read(async (r) => {
        const serviceDay = serviceDayOf(app.clock(), (await loadSite({ tx: r, siteId })).timeZone)
        return r.tickets.noShows(siteId, serviceDay, 200)
      })
      return { tickets: rows.map(ticketView) }
    },
  )

  app.get(
    '/api/tickets/:id',
    {
      preHandler: app.requireStaff(),
      schema: { params: IdParams, response: { 200: TicketViewSchema, 401: ErrorResponse, 404: ErrorResponse } },
    },
    async (request) => {
      const siteId = siteOf(request)
      const row = await app.store.read((r) => r.tickets.get(siteId, request.params.id))
      if (!row) throw new HttpError(404, 'ticket_not_found', 'No such ticket')
      return ticketView(row)
    },
  )

  app.post(
    '/api/tickets/:id/return',
    { preHandler: app.requireStaff(), schema: { params: IdParams, response: { 200: TicketViewSchema, ...CommandErrors } } },
    async (request) => app.commands.run(returnToQueue, staffCommand(request), { ticketId: request.params.id }),
  )

  app.post(
    '/api/tickets/:id/cancel',
    { preHandler: app.requireStaff(), schema: { params: IdParams, response: { 200: TicketViewSchema, ...CommandErrors } } },
    async (request) => app.commands.run(cancel, staffCommand(request), { ticketId: request.params.id }),
  )

  app.post(
    '/api/tickets/:id/transfer',
    {
      preHandler: app.requireStaff(),
      schema: {
        params: IdParams,
        body: TransferBody,
        response: { 200: TransferResultSchema, ...CommandErrors },
      },
    },
    async (request) => app.commands.run(transfer, staffCommand(request), { ticketId: request.params.id, ...request.body }),
  )

  /** Ends the service day by hand: every ticket still live today or earlier is closed. */
  app.post(
    '/api/queue/close-day',
    {
      preHandler: app.requireStaff(['admin', 'manager']),
      schema: {
        response: { 200: DayCloseResultSchema, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => {
      const who = staffCommand(request)
      const site = await app.store.read((r) => r.sites.get(who.siteId))
      const today = serviceDayOf(app.clock(), site?.timeZone ?? 'Asia/Ho_Chi_Minh')
      return app.commands.run(closeDay, who, { throughDay: today })
    },
  )
}

export default routes
