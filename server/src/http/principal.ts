/** Who is asking, as routes need it: their site, and the actor a command records. */
import type { FastifyRequest } from 'fastify'
import type { Actor } from '../domain/runner.js'
import { HttpError } from '../plugins/errors.js'
import type { StaffPrincipal } from '../plugins/auth.js'

/** The site of the logged-in staff member or registered device behind a request. */
export function siteOf(request: FastifyRequest): number {
  const p = request.principal
  if (!p) throw new HttpError(401, 'unauthorized', 'Log in or register this device first')
  return p.kind === 'staff' ? p.user.siteId : p.device.siteId
}

/** The logged-in staff member behind a request (routes have already run their guard). */
export function staffOf(request: FastifyRequest): StaffPrincipal {
  const p = request.principal
  if (p?.kind !== 'staff') throw new HttpError(401, 'unauthorized', 'Log in first')
  return p
}

/**
 * The staff member running a command: their site and the actor it records. Routes have already
 * run `requireStaff`; this only names them for the runner.
 */
export function staffCommand(request: FastifyRequest): { siteId: number; actor: Actor } {
  const p = staffOf(request)
  return { siteId: p.user.siteId, actor: { type: 'staff', id: p.user.id } }
}

/** The citizen's link to follow a ticket (the QR code on the paper). */
export function trackingUrl(publicUrl: string, ticketId: number, code: string): string {
  return `${publicUrl.replace(/\/$/, '')}/t/${ticketId}/${code}`
}
