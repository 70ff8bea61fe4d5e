/** What staff do at a counter. Thin: validate, authorize, run the domain command, present. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { callNext, callSpecific, finish, markNoShow, recall, startServing, transfer } from '../domain/calls.js'
import { closeCounter, openCounter, pauseCounter, releaseCounter, resumeCounter } from '../domain/counter-state.js'
import type { Actor } from '../domain/event-log.js'
import { HttpError } from '../plugins/errors.js'
import { CommandErrors, CounterTicketParams, CounterViewSchema, Id, IdParams, TicketViewSchema, TransferResultSchema } from './schemas.js'
import { siteOf } from './queue.js'
import { TransferBody } from './tickets.js'

export function staffActor(request: FastifyRequest): Actor {
  const p = request.principal
  if (p?.kind !== 'staff') throw new HttpError(401, 'unauthorized', 'Log in first')
  return { type: 'staff', id: p.user.id }
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const staff = app.requireStaff()
  const counterOk = { 200: CounterViewSchema, ...CommandErrors }
  const ticketOk = { 200: TicketViewSchema, ...CommandErrors }

  app.post('/api/counters/:id/open', { preHandler: staff, schema: { params: IdParams, response: counterOk } }, async (request) => {
    const actor = staffActor(request)
    return app.queue.run(openCounter, siteOf(request), actor, { counterId: request.params.id, staffId: actor.id ?? 0 })
  })
  app.post('/api/counters/:id/close', { preHandler: staff, schema: { params: IdParams, response: counterOk } }, async (request) =>
    app.queue.run(closeCounter, siteOf(request), staffActor(request), { counterId: request.params.id }),
  )
  app.post(
    '/api/counters/:id/pause',
    {
      preHandler: staff,
      schema: {
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: counterOk,
      },
    },
    async (request) =>
      app.queue.run(pauseCounter, siteOf(request), staffActor(request), { counterId: request.params.id, reason: request.body.reason.trim() }),
  )
  app.post('/api/counters/:id/resume', { preHandler: staff, schema: { params: IdParams, response: counterOk } }, async (request) =>
    app.queue.run(resumeCounter, siteOf(request), staffActor(request), { counterId: request.params.id }),
  )

  // A counter someone else still holds (a crashed PC, a staff member gone home) is freed by a manager
  // or an administrator, with a reason for the audit log.
  app.post(
    '/api/counters/:id/release',
    {
      preHandler: app.requireStaff(['manager', 'admin']),
      schema: {
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: counterOk,
      },
    },
    async (request) => {
      const reason = request.body.reason.trim()
      if (!reason) throw new HttpError(400, 'bad_request', 'Say why the counter is released')
      return app.queue.run(releaseCounter, siteOf(request), staffActor(request), { counterId: request.params.id, reason })
    },
  )

  app.post('/api/counters/:id/call-next', { preHandler: staff, schema: { params: IdParams, response: ticketOk } }, async (request) =>
    app.queue.run(callNext, siteOf(request), staffActor(request), { counterId: request.params.id }),
  )
  app.post(
    '/api/counters/:id/call',
    {
      preHandler: staff,
      schema: { params: IdParams, body: Type.Object({ ticketId: Id }, { additionalProperties: false }), response: ticketOk },
    },
    async (request) =>
      app.queue.run(callSpecific, siteOf(request), staffActor(request), { counterId: request.params.id, ticketId: request.body.ticketId }),
  )

  const atCounter = [
    ['recall', recall],
    ['start', startServing],
    ['finish', finish],
    ['no-show', markNoShow],
  ] as const
  for (const [action, command] of atCounter) {
    app.post(
      `/api/counters/:id/tickets/:ticketId/${action}`,
      { preHandler: staff, schema: { params: CounterTicketParams, response: ticketOk } },
      async (request) =>
        app.queue.run(command, siteOf(request), staffActor(request), { counterId: request.params.id, ticketId: request.params.ticketId }),
    )
  }

  app.post(
    '/api/counters/:id/tickets/:ticketId/transfer',
    {
      preHandler: staff,
      schema: {
        params: CounterTicketParams,
        body: TransferBody,
        response: { 200: TransferResultSchema, ...CommandErrors },
      },
    },
    async (request) =>
      app.queue.run(transfer, siteOf(request), staffActor(request), {
        ticketId: request.params.ticketId,
        counterId: request.params.id,
        ...request.body,
      }),
  )
}
export default routes
