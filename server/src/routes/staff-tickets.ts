/**
 * Staff routes for paper tickets after the fact: staff reprint a ticket on a kiosk's network printer (when the
 * first print failed or the citizen lost the paper), and preview the exact raster the printer
 * receives. Reprinting changes nothing in the queue; it is audited.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { and, desc, eq } from 'drizzle-orm'
import type { IssuedTicket } from '../../../shared/types.js'
import type { tickets } from '../db/schema.js'
import { services, tickets as ticketTable } from '../db/schema.js'
import { serviceDayOf } from '../domain/service-day.js'
import { findTicket } from '../domain/calls.js'
import { estimateTicket } from '../domain/estimate.js'
import { ticketView } from '../domain/views.js'
import { renderTicketPng } from '../printing/ticket-image.js'
import type { DeviceRow } from '../db/repositories.js'
import { recordReprint } from '../domain/admin/reprints.js'
import { HttpError } from '../plugins/errors.js'
import type { Db } from '../db/client.js'
import { ErrorResponse, Id, IdParams } from './schemas.js'
import { siteOf } from './queue.js'
import { staffCaller } from './staff-caller.js'
import { trackingUrl } from './tickets.js'

export interface StaffTicketRouteOptions {
  publicUrl: string
}

type TicketRow = typeof tickets.$inferSelect

/** The ticket as it would be printed now: the wait figures are today's, not those at issue time. */
export function issuedNow(db: Db, row: TicketRow, now: number, publicUrl: string): IssuedTicket {
  const service = db.select().from(services).where(eq(services.id, row.serviceId)).get()
  const estimate = estimateTicket(db, row, now)
  return {
    ticket: ticketView(row),
    serviceNameVi: service?.nameVi ?? '',
    serviceNameEn: service?.nameEn ?? '',
    waitingAhead: estimate.ahead,
    estimatedWaitMinutes: estimate.minutes,
    servingCounters: estimate.servingCounters,
    trackingUrl: trackingUrl(publicUrl, row.id, row.trackingCode),
    print: { status: 'none' },
  }
}

const ReprintResult = Type.Object({
  ticketId: Type.Integer(),
  number: Type.String(),
  deviceId: Type.Integer(),
  kioskName: Type.String(),
  status: Type.Enum(['printed', 'failed']),
  error: Type.Optional(Type.String()),
})

const routes: FastifyPluginAsyncTypebox<StaffTicketRouteOptions> = async (app, opts) => {
  const db = app.storage.db

  function loadTicket(siteId: number, id: number): TicketRow {
    const row = findTicket(db, siteId, id)
    if (!row) throw new HttpError(404, 'ticket_not_found', `Ticket ${id} does not exist`)
    return row
  }

  async function kioskOf(siteId: number, id: number | null | undefined): Promise<DeviceRow | undefined> {
    if (id == null) return undefined
    const row = await app.store.read((r) => r.devices.get(siteId, id))
    return row && row.kind === 'kiosk' && row.revokedAt === null ? row : undefined
  }

  /** The kiosk that issued a ticket: a transferred entry keeps the number, its first entry the kiosk. */
  function issuingKioskId(siteId: number, row: TicketRow): number | null {
    let entry: TicketRow | undefined = row
    for (let hops = 0; entry && hops < 50; hops++) {
      if (entry.deviceId !== null || entry.transferredFromId === null) return entry.deviceId
      entry = findTicket(db, siteId, entry.transferredFromId)
    }
    return null
  }

  /** Today's ticket with this number, as it stands now (the latest entry, after any transfer). */
  async function todaysTicket(siteId: number, number: string): Promise<TicketRow> {
    const site = await app.store.read((r) => r.sites.get(siteId))
    const day = serviceDayOf(app.clock(), site?.timeZone ?? 'Asia/Ho_Chi_Minh')
    const row = db
      .select()
      .from(ticketTable)
      .where(and(eq(ticketTable.siteId, siteId), eq(ticketTable.serviceDay, day), eq(ticketTable.number, number)))
      .orderBy(desc(ticketTable.id))
      .limit(1)
      .get()
    if (!row) throw new HttpError(404, 'ticket_not_found', `No ticket ${number} today`, { ticket: number })
    return row
  }

  async function reprint(request: FastifyRequest, siteId: number, row: TicketRow, deviceId: number | undefined) {
    const wanted = deviceId ?? issuingKioskId(siteId, row)
    const kiosk = await kioskOf(siteId, wanted)
    if (!kiosk) {
      if (deviceId) throw new HttpError(404, 'not_found', `Kiosk ${wanted} does not exist`)
      throw new HttpError(409, 'reprint_no_kiosk', 'The ticket was not issued by a kiosk that is still registered; choose a kiosk', { ticket: row.number })
    }
    const outcome = await app.ticketPrinting.reprint(kiosk, issuedNow(db, row, app.clock(), opts.publicUrl))
    if (!outcome) {
      throw new HttpError(409, 'kiosk_no_network_printer', `Kiosk "${kiosk.name}" has no network printer; choose another kiosk or print the ticket image from this browser`, {
        ticket: row.number,
      })
    }
    await app.commands.run(recordReprint, staffCaller(request), { ticketId: row.id, deviceId: kiosk.id, status: outcome.status })
    return { ticketId: row.id, number: row.number, deviceId: kiosk.id, kioskName: kiosk.name, ...outcome }
  }

  app.post(
    '/api/tickets/:id/reprint',
    {
      preHandler: app.requireStaff(['staff', 'manager', 'admin']),
      // A reprint on the issuing kiosk needs no body at all.
      preValidation: async (request) => {
        request.body ??= {}
      },
      schema: {
        params: IdParams,
        body: Type.Object({ deviceId: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: ReprintResult, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      const siteId = siteOf(request)
      return reprint(request, siteId, loadTicket(siteId, request.params.id), request.body.deviceId)
    },
  )

  // "In lại số" by the number a citizen shows or says: today's ticket with that number.
  app.post(
    '/api/tickets/reprint-number',
    {
      preHandler: app.requireStaff(['staff', 'manager', 'admin']),
      schema: {
        body: Type.Object({ number: Type.String({ minLength: 1, maxLength: 20 }), deviceId: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: ReprintResult, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      const siteId = siteOf(request)
      const number = request.body.number.trim().toUpperCase()
      return reprint(request, siteId, await todaysTicket(siteId, number), request.body.deviceId)
    },
  )

  app.get(
    '/api/tickets/:id/ticket.png',
    {
      preHandler: app.requireStaff(['staff', 'manager', 'admin']),
      schema: {
        params: IdParams,
        querystring: Type.Object({ width: Type.Optional(Type.Union([Type.Literal(58), Type.Literal(80)])) }, { additionalProperties: false }),
        // A PNG: Fastify sends buffers as they are, without the JSON serializer.
        response: { 200: Type.Unknown({ description: 'image/png' }), 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const siteId = siteOf(request)
      const row = loadTicket(siteId, request.params.id)
      const printer = (await kioskOf(siteId, row.deviceId))?.config.printer
      const width = request.query.width ?? (printer && printer.kind !== 'none' ? printer.paperWidth : 80)
      const issued = issuedNow(db, row, app.clock(), opts.publicUrl)
      const png = await renderTicketPng(await app.ticketPrinting.printData(siteId, issued), width)
      return reply.header('cache-control', 'no-store').type('image/png').send(png)
    },
  )
}
export default routes
