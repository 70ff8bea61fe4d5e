/** Kiosks issue tickets; staff return, cancel and look up tickets. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { and, desc, eq } from 'drizzle-orm'
import { IDEMPOTENCY_HEADER } from '../../../shared/constants.js'
import type { IssuedTicket } from '../../../shared/types.js'
import { cancel, returnToQueue, transfer } from '../domain/calls.js'
import { issueTicket } from '../domain/issue.js'
import { ticketView } from '../domain/views.js'
import { loadSite } from '../domain/context.js'
import { serviceDayOf } from '../../../shared/local-time.js'
import { services, tickets } from '../db/schema.js'
import { HttpError } from '../plugins/errors.js'
import { CommandErrors, ErrorResponse, Id, IdParams, TicketSchema } from './schemas.js'
import { siteOf } from './queue.js'
import { staffActor } from './counters.js'

export interface TicketRouteOptions {
  publicUrl: string
  /** Tickets one kiosk may issue per minute: what people at a touchscreen can take, not a script. */
  kioskIssuesPerMinute: number
}

export function trackingUrl(publicUrl: string, ticketId: number, code: string): string {
  return `${publicUrl.replace(/\/$/, '')}/t/${ticketId}/${code}`
}

const IssuedTicketSchema = Type.Object({
  ticket: TicketSchema,
  serviceNameVi: Type.String(),
  serviceNameEn: Type.String(),
  waitingAhead: Type.Integer(),
  estimatedWaitMinutes: Type.Integer(),
  servingCounters: Type.Enum(['open', 'paused', 'none']),
  trackingUrl: Type.String(),
  print: Type.Object({
    status: Type.Enum(['printed', 'browser', 'failed', 'none', 'pending']),
    error: Type.Optional(Type.String()),
  }),
})

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
          { serviceId: Id, priorityGroupId: Type.Optional(Type.Union([Id, Type.Null()])) },
          { additionalProperties: false },
        ),
        response: { 200: IssuedTicketSchema, 201: IssuedTicketSchema, ...CommandErrors },
      },
    },
    async (request, reply) => {
      const p = request.principal
      if (p?.kind !== 'device') throw new HttpError(401, 'unauthorized', 'Device token required')
      const issued = app.queue.run(issueTicket, p.device.siteId, { type: 'device', id: p.device.id }, {
        serviceId: request.body.serviceId,
        priorityGroupId: request.body.priorityGroupId ?? null,
        deviceId: p.device.id,
        idempotencyKey: request.headers[IDEMPOTENCY_HEADER],
      })
      const service = app.storage.db.select().from(services).where(eq(services.id, issued.ticket.serviceId)).get()
      const body: IssuedTicket = {
        ticket: issued.ticket,
        serviceNameVi: service?.nameVi ?? '',
        serviceNameEn: service?.nameEn ?? '',
        waitingAhead: issued.waitingAhead,
        estimatedWaitMinutes: issued.estimatedWaitMinutes,
        servingCounters: issued.servingCounters,
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
      schema: { response: { 200: Type.Object({ tickets: Type.Array(TicketSchema) }), 401: ErrorResponse } },
    },
    async (request) => {
      const siteId = siteOf(request)
      const serviceDay = serviceDayOf(app.clock(), loadSite(app.storage.db, siteId).timeZone)
      const rows = app.storage.db
        .select()
        .from(tickets)
        .where(and(eq(tickets.siteId, siteId), eq(tickets.serviceDay, serviceDay), eq(tickets.status, 'no_show')))
        .orderBy(desc(tickets.finishedAt), desc(tickets.id))
        .limit(200)
        .all()
      return { tickets: rows.map(ticketView) }
    },
  )

  app.get(
    '/api/tickets/:id',
    {
      preHandler: app.requireStaff(),
      schema: { params: IdParams, response: { 200: TicketSchema, 401: ErrorResponse, 404: ErrorResponse } },
    },
    async (request) => {
      const row = app.storage.db.select().from(tickets).where(eq(tickets.id, request.params.id)).get()
      if (!row || row.siteId !== siteOf(request)) throw new HttpError(404, 'ticket_not_found', 'No such ticket')
      return ticketView(row)
    },
  )

  app.post(
    '/api/tickets/:id/return',
    { preHandler: app.requireStaff(), schema: { params: IdParams, response: { 200: TicketSchema, ...CommandErrors } } },
    async (request) => app.queue.run(returnToQueue, siteOf(request), staffActor(request), { ticketId: request.params.id }),
  )

  app.post(
    '/api/tickets/:id/cancel',
    { preHandler: app.requireStaff(), schema: { params: IdParams, response: { 200: TicketSchema, ...CommandErrors } } },
    async (request) => app.queue.run(cancel, siteOf(request), staffActor(request), { ticketId: request.params.id }),
  )

  app.post(
    '/api/tickets/:id/transfer',
    {
      preHandler: app.requireStaff(),
      schema: {
        params: IdParams,
        body: TransferBody,
        response: { 200: Type.Object({ from: TicketSchema, ticket: TicketSchema }), ...CommandErrors },
      },
    },
    async (request) =>
      app.queue.run(transfer, siteOf(request), staffActor(request), { ticketId: request.params.id, ...request.body }),
  )
}

export const TransferBody = Type.Object(
  {
    toServiceId: Type.Optional(Type.Union([Id, Type.Null()])),
    toCounterId: Type.Optional(Type.Union([Id, Type.Null()])),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
)

export default routes
