/**
 * The queue as screens read it: a snapshot for staff and devices, and service availability for
 * kiosks. Realtime clients get the same snapshot over Socket.IO; this is for first paint and polling.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { buildSnapshot } from '../domain/snapshot.js'
import { serviceAvailability } from '../domain/issue.js'
import { closeDay } from '../domain/day.js'
import { staffActor } from './counters.js'
import { serviceDayOf } from '../../../shared/local-time.js'
import { sites } from '../db/schema.js'
import { eq } from 'drizzle-orm'
import { HttpError } from '../plugins/errors.js'
import { AnyObject, ErrorResponse } from './schemas.js'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'

export function siteOf(request: FastifyRequest): number {
  const p = request.principal
  if (!p) throw new HttpError(401, 'unauthorized', 'Log in or register this device first')
  return p.kind === 'staff' ? p.user.siteId : p.device.siteId
}

export interface QueueRouteOptions {
  publicUrl: string
}

const routes: FastifyPluginAsyncTypebox<QueueRouteOptions> = async (app, opts) => {
  app.get(
    '/api/queue/snapshot',
    { schema: { response: { 200: AnyObject, 401: ErrorResponse } } },
    async (request) => buildSnapshot(app.storage.db, siteOf(request), app.clock(), opts.publicUrl),
  )

  /** Ends the service day by hand: every ticket still live today or earlier is closed. */
  app.post(
    '/api/queue/close-day',
    {
      preHandler: app.requireStaff(['admin', 'manager']),
      schema: {
        response: { 200: Type.Object({ serviceDay: Type.String(), closedTicketIds: Type.Array(Type.Integer()) }), 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => {
      const siteId = siteOf(request)
      const site = app.storage.db.select().from(sites).where(eq(sites.id, siteId)).get()
      const today = serviceDayOf(app.clock(), site?.timeZone ?? 'Asia/Ho_Chi_Minh')
      return app.queue.run(closeDay, siteId, staffActor(request), { throughDay: today })
    },
  )

  app.get(
    '/api/queue/availability',
    { schema: { response: { 200: AnyObject, 401: ErrorResponse } } },
    async (request) => ({ services: serviceAvailability(app.storage.db, siteOf(request), app.clock()) }),
  )
}
export default routes
