/**
 * The queue as screens read it: a snapshot for staff and devices, and service availability for
 * kiosks. Realtime clients get the same snapshot over Socket.IO; this is for first paint and polling.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { buildSnapshot } from '../domain/snapshot.js'
import { serviceAvailability } from '../domain/issue.js'
import type { FastifyRequest } from 'fastify'
import { siteOf } from '../http/principal.js'
import { forDevices } from '../plugins/realtime.js'
import { HttpError } from '../plugins/errors.js'
import { AvailabilitySchema, ErrorResponse, QueueSnapshotSchema } from './schemas.js'

export interface SnapshotRouteOptions {
  publicUrl: string
}

/**
 * The site a screen reads. A rating device is refused: it sees its own counter only, over its
 * socket (rating-devices.ts), never the queue's other counters and tickets.
 */
function screenSite(request: FastifyRequest): number {
  const p = request.principal
  if (p?.kind === 'device' && p.device.kind === 'rating') throw new HttpError(403, 'forbidden', 'A rating device does not read the queue')
  return siteOf(request)
}

const routes: FastifyPluginAsyncTypebox<SnapshotRouteOptions> = async (app, opts) => {
  app.get('/api/queue/snapshot', { schema: { response: { 200: QueueSnapshotSchema, 401: ErrorResponse, 403: ErrorResponse } } }, async (request) => {
    const siteId = screenSite(request)
    const snapshot = await app.store.read((r) => buildSnapshot(r, siteId, app.clock(), opts.publicUrl))
    // A device gets what its socket gets (realtime.ts): nothing staff keep among themselves.
    return request.principal?.kind === 'staff' ? snapshot : forDevices(snapshot)
  })

  app.get('/api/queue/availability', { schema: { response: { 200: AvailabilitySchema, 401: ErrorResponse, 403: ErrorResponse } } }, async (request) => {
    const siteId = screenSite(request)
    return { services: await app.store.read((r) => serviceAvailability(r, siteId, app.clock())) }
  })
}
export default routes
