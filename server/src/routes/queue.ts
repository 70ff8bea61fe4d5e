/**
 * The queue as screens read it: a snapshot for staff and devices, and service availability for
 * kiosks. Realtime clients get the same snapshot over Socket.IO; this is for first paint and polling.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { buildSnapshot } from '../domain/snapshot.js'
import { serviceAvailability } from '../domain/issue.js'
import { HttpError } from '../plugins/errors.js'
import { AnyObject, ErrorResponse } from './schemas.js'
import type { FastifyRequest } from 'fastify'

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

  app.get(
    '/api/queue/availability',
    { schema: { response: { 200: AnyObject, 401: ErrorResponse } } },
    async (request) => ({ services: serviceAvailability(app.storage.db, siteOf(request), app.clock()) }),
  )
}
export default routes
