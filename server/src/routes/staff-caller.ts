/** Who runs an administrative command: the logged-in staff member behind a request, and their site. */
import type { FastifyRequest } from 'fastify'
import type { UserRow } from '../db/repositories.js'
import type { Actor } from '../domain/runner.js'
import { HttpError } from '../plugins/errors.js'

export interface StaffCaller {
  siteId: number
  actor: Actor
  user: UserRow
}

/** Routes have already run `requireStaff`; this only names the caller for the runner. */
export function staffCaller(request: FastifyRequest): StaffCaller {
  const p = request.principal
  if (p?.kind !== 'staff') throw new HttpError(401, 'unauthorized', 'Log in first')
  return { siteId: p.user.siteId, actor: { type: 'staff', id: p.user.id }, user: p.user }
}
