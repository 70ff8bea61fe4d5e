/** What staff do at a counter. Thin: validate, authorize, run the domain command, present. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { callNext, callSpecific, finish, markNoShow, recall, resume, setAside, startServing, transfer } from '../domain/calls.js'
import { closeCounter, openCounter, pauseCounter, releaseCounter, resumeCounter } from '../domain/counter-state.js'
import { OUTCOME_KINDS } from '../../../shared/constants.js'
import { staffCommand } from '../http/principal.js'
import { HttpError } from '../plugins/errors.js'
import { CommandErrors, CounterTicketParams, CounterViewSchema, Id, IdParams, TicketViewSchema, TransferBody, TransferResultSchema } from './schemas.js'

const FinishBody = Type.Object(
  {
    outcomes: Type.Optional(
      Type.Array(
        Type.Object(
          {
            procedureId: Type.Optional(Type.Union([Id, Type.Null()])),
            outcome: Type.Enum([...OUTCOME_KINDS]),
            // The format is the domain's to judge (case_code_invalid), so a scanner's stray character is named as such.
            caseCode: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
            reason: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        { maxItems: 20 },
      ),
    ),
  },
  { additionalProperties: false },
)

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const staff = app.requireStaff()
  const counterOk = { 200: CounterViewSchema, ...CommandErrors }
  const ticketOk = { 200: TicketViewSchema, ...CommandErrors }

  app.post('/api/counters/:id/open', { preHandler: staff, schema: { params: IdParams, response: counterOk } }, async (request) => {
    const who = staffCommand(request)
    return app.commands.run(openCounter, who, { counterId: request.params.id, staffId: who.actor.id ?? 0 })
  })
  app.post('/api/counters/:id/close', { preHandler: staff, schema: { params: IdParams, response: counterOk } }, async (request) =>
    app.commands.run(closeCounter, staffCommand(request), { counterId: request.params.id }),
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
    async (request) => app.commands.run(pauseCounter, staffCommand(request), { counterId: request.params.id, reason: request.body.reason.trim() }),
  )
  app.post('/api/counters/:id/resume', { preHandler: staff, schema: { params: IdParams, response: counterOk } }, async (request) =>
    app.commands.run(resumeCounter, staffCommand(request), { counterId: request.params.id }),
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
      return app.commands.run(releaseCounter, staffCommand(request), { counterId: request.params.id, reason })
    },
  )

  app.post('/api/counters/:id/call-next', { preHandler: staff, schema: { params: IdParams, response: ticketOk } }, async (request) =>
    app.commands.run(callNext, staffCommand(request), { counterId: request.params.id }),
  )
  app.post(
    '/api/counters/:id/call',
    {
      preHandler: staff,
      schema: { params: IdParams, body: Type.Object({ ticketId: Id }, { additionalProperties: false }), response: ticketOk },
    },
    async (request) => app.commands.run(callSpecific, staffCommand(request), { counterId: request.params.id, ticketId: request.body.ticketId }),
  )

  const atCounter = [
    ['recall', recall],
    ['start', startServing],
    ['no-show', markNoShow],
    ['set-aside', setAside],
    ['resume', resume],
  ] as const
  for (const [action, command] of atCounter) {
    app.post(
      `/api/counters/:id/tickets/:ticketId/${action}`,
      { preHandler: staff, schema: { params: CounterTicketParams, response: ticketOk } },
      async (request) => app.commands.run(command, staffCommand(request), { counterId: request.params.id, ticketId: request.params.ticketId }),
    )
  }

  // What was done, one outcome per procedure handled; a finish without a body records none (where the
  // centre allows it).
  app.post(
    '/api/counters/:id/tickets/:ticketId/finish',
    {
      preHandler: staff,
      preValidation: async (request) => {
        request.body ??= {}
      },
      schema: { params: CounterTicketParams, body: FinishBody, response: ticketOk },
    },
    async (request) =>
      app.commands.run(finish, staffCommand(request), {
        counterId: request.params.id,
        ticketId: request.params.ticketId,
        outcomes: request.body.outcomes ?? [],
      }),
  )

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
      app.commands.run(transfer, staffCommand(request), {
        ticketId: request.params.ticketId,
        counterId: request.params.id,
        ...request.body,
      }),
  )
}
export default routes
