/**
 * Staff routes for paper tickets after the fact: staff reprint a ticket on a kiosk's network printer (when the
 * first print failed or the citizen lost the paper), and preview the exact raster the printer
 * receives. Reprinting changes nothing in the queue; it is audited.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { IssuedTicket } from '../../../shared/types.js'
import type { DeviceRow, TicketRow } from '../db/repositories.js'
import { serviceDayOf } from '../../../shared/local-time.js'
import { estimateTicket } from '../domain/estimate.js'
import { ticketView } from '../domain/views.js'
import { renderTicketPng } from '../printing/ticket-image.js'
import { recordReprint } from '../domain/admin/reprints.js'
import { HttpError } from '../plugins/errors.js'
import type { Store } from '../db/store.js'
import { ErrorResponse, Id, IdParams, ReprintResultSchema } from './schemas.js'
import { siteOf, staffCommand, trackingUrl } from '../http/principal.js'

export interface StaffTicketRouteOptions {
  publicUrl: string
}

/** The ticket as it would be printed now: the wait figures are today's, not those at issue time. */
export async function issuedNow(store: Store, row: TicketRow, now: number, publicUrl: string): Promise<IssuedTicket> {
  const procedureId = row.procedureId
  const { service, procedure, estimate } = await store.read(async (r) => ({
    service: await r.services.get(row.siteId, row.serviceId),
    procedure: procedureId === null ? undefined : await r.procedures.get(row.siteId, procedureId),
    estimate: await estimateTicket(r, row, now),
  }))
  return {
    ticket: ticketView(row),
    serviceNameVi: service?.nameVi ?? '',
    serviceNameEn: service?.nameEn ?? '',
    procedureNameVi: procedure?.nameVi ?? '',
    procedureNameEn: procedure?.nameEn ?? '',
    waitingAhead: estimate.ahead,
    estimatedWaitMinutes: estimate.minutes,
    servingCounters: estimate.servingCounters,
    trackingUrl: trackingUrl(publicUrl, row.id, row.trackingCode),
    print: { status: 'none' },
  }
}

const routes: FastifyPluginAsyncTypebox<StaffTicketRouteOptions> = async (app, opts) => {
  async function loadTicket(siteId: number, id: number): Promise<TicketRow> {
    const row = await app.store.read((r) => r.tickets.get(siteId, id))
    if (!row) throw new HttpError(404, 'ticket_not_found', `Ticket ${id} does not exist`)
    return row
  }

  async function kioskOf(siteId: number, id: number | null | undefined): Promise<DeviceRow | undefined> {
    if (id == null) return undefined
    const row = await app.store.read((r) => r.devices.get(siteId, id))
    return row && row.kind === 'kiosk' && row.revokedAt === null ? row : undefined
  }

  /** The kiosk that issued a ticket: a transferred entry keeps the number, its first entry the kiosk. */
  async function issuingKioskId(siteId: number, row: TicketRow): Promise<number | null> {
    let entry: TicketRow | undefined = row
    for (let hops = 0; entry && hops < 50; hops++) {
      if (entry.deviceId !== null || entry.transferredFromId === null) return entry.deviceId
      const from: number = entry.transferredFromId
      entry = await app.store.read((r) => r.tickets.get(siteId, from))
    }
    return null
  }

  /** Today's ticket with this number, as it stands now (the latest entry, after any transfer). */
  async function todaysTicket(siteId: number, number: string): Promise<TicketRow> {
    const site = await app.store.read((r) => r.sites.get(siteId))
    const day = serviceDayOf(app.clock(), site?.timeZone ?? 'Asia/Ho_Chi_Minh')
    const row = await app.store.read((r) => r.tickets.latestByNumber(siteId, day, number))
    if (!row) throw new HttpError(404, 'ticket_not_found', `No ticket ${number} today`, { ticket: number })
    return row
  }

  async function reprint(request: FastifyRequest, siteId: number, row: TicketRow, deviceId: number | undefined) {
    const wanted = deviceId ?? (await issuingKioskId(siteId, row))
    const kiosk = await kioskOf(siteId, wanted)
    if (!kiosk) {
      if (deviceId) throw new HttpError(404, 'not_found', `Kiosk ${wanted} does not exist`)
      throw new HttpError(409, 'reprint_no_kiosk', 'The ticket was not issued by a kiosk that is still registered; choose a kiosk', { ticket: row.number })
    }
    const outcome = await app.ticketPrinting.reprint(kiosk, await issuedNow(app.store, row, app.clock(), opts.publicUrl))
    if (!outcome) {
      throw new HttpError(
        409,
        'kiosk_no_network_printer',
        `Kiosk "${kiosk.name}" has no network printer; choose another kiosk or print the ticket image from this browser`,
        {
          ticket: row.number,
        },
      )
    }
    await app.commands.run(recordReprint, staffCommand(request), { ticketId: row.id, deviceId: kiosk.id, status: outcome.status })
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
        response: { 200: ReprintResultSchema, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      const siteId = siteOf(request)
      return reprint(request, siteId, await loadTicket(siteId, request.params.id), request.body.deviceId)
    },
  )

  // "In lại số" by the number a citizen shows or says: today's ticket with that number.
  app.post(
    '/api/tickets/reprint-number',
    {
      preHandler: app.requireStaff(['staff', 'manager', 'admin']),
      schema: {
        body: Type.Object({ number: Type.String({ minLength: 1, maxLength: 20 }), deviceId: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: ReprintResultSchema, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
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
      const row = await loadTicket(siteId, request.params.id)
      const printer = (await kioskOf(siteId, row.deviceId))?.config.printer
      const width = request.query.width ?? (printer && printer.kind !== 'none' ? printer.paperWidth : 80)
      const issued = await issuedNow(app.store, row, app.clock(), opts.publicUrl)
      const png = await renderTicketPng(await app.ticketPrinting.printData(siteId, issued), width)
      return reply.header('cache-control', 'no-store').type('image/png').send(png)
    },
  )
}
export default routes
