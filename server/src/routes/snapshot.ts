/**
 * The queue as screens read it: a snapshot for staff and devices, and service availability for
 * kiosks. Realtime clients get the same snapshot over Socket.IO; this is for first paint and polling.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { buildSnapshot } from '../domain/snapshot.js'
import { serviceAvailability } from '../domain/issue.js'
import { siteOf } from '../http/principal.js'
import { forDevices } from '../plugins/realtime.js'
import { AvailabilitySchema, ErrorResponse, QueueSnapshotSchema } from './schemas.js'

export interface SnapshotRouteOptions {
  publicUrl: string
}

const routes: FastifyPluginAsyncTypebox<SnapshotRouteOptions> = async (app, opts) => {
  app.get('/api/queue/snapshot', { schema: { response: { 200: QueueSnapshotSchema, 401: ErrorResponse } } }, async (request) => {
    const siteId = siteOf(request)
    const snapshot = await app.store.read((r) => buildSnapshot(r, siteId, app.clock(), opts.publicUrl))
    // A device gets what its socket gets (realtime.ts): nothing staff keep among themselves.
    return request.principal?.kind === 'staff' ? snapshot : forDevices(snapshot)
  })

  app.get('/api/queue/availability', { schema: { response: { 200: AvailabilitySchema, 401: ErrorResponse } } }, async (request) => {
    const siteId = siteOf(request)
    return { services: await app.store.read((r) => serviceAvailability(r, siteId, app.clock())) }
  })
}
export default routes
