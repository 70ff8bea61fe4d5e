/**
 * The rating device on a counter's desk records the citizen's answer here, authenticated by its
 * device token: one rating per visit, only for a visit its own counter served, on the centre's scale,
 * with reasons from the centre's list when the answer is unsatisfied (domain/ratings.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { MAX_RATING_REASONS } from '../../../shared/ratings.js'
import { rateVisit, type RatingRefusal } from '../domain/ratings.js'
import { HttpError } from '../plugins/errors.js'
import type { ErrorCode } from '../../../shared/constants.js'
import { ErrorResponse, Id } from './schemas.js'

const REFUSALS: Record<RatingRefusal, [number, ErrorCode, string]> = {
  not_served: [409, 'rating_not_served', 'This visit has not been served'],
  day_over: [409, 'rating_day_over', 'This visit can no longer be rated'],
  not_at_counter: [409, 'rating_not_at_counter', 'This visit was not served at this device’s counter'],
  level_not_offered: [422, 'rating_level_not_offered', 'This level is not on the centre’s scale'],
  reason_unknown: [422, 'rating_reason_unknown', 'This reason is not on the centre’s list'],
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/rating-device/ratings',
    {
      preHandler: app.requireDevice('rating'),
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        body: Type.Object(
          {
            ticketId: Id,
            score: Type.Integer({ minimum: 1, maximum: 5 }),
            reasons: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: MAX_RATING_REASONS })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ ticketId: Type.Integer(), score: Type.Integer() }),
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
          422: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const p = request.principal
      if (p?.kind !== 'device') throw new HttpError(401, 'unauthorized', 'Device token required')
      const counterId = p.device.config.counterId
      if (counterId === undefined) throw new HttpError(422, 'rating_device_no_counter', 'This rating device has no counter set')
      const { ticketId, score, reasons } = request.body
      const refusal = await app.commands.run(
        rateVisit,
        { siteId: p.device.siteId, actor: { type: 'device', id: p.device.id } },
        { ticketId, score, reasons: reasons ?? [], channel: 'device', counterId },
      )
      if (refusal) {
        const [status, code, message] = REFUSALS[refusal]
        throw new HttpError(status, code, message)
      }
      // The question is answered: every device at this counter goes back to the number being served.
      app.ratingDevices.refresh(p.device.siteId, counterId)
      return reply.status(201).send({ ticketId, score })
    },
  )
}
export default routes
