/** Site settings: names, logo, time zone, ticket footer, display notice, priority and reading rules, the rating scale and reasons. */
import { MAX_RATING_REASONS } from '../../../shared/ratings.js'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { LANGUAGES, NUMBER_READINGS } from '../../../shared/constants.js'
import { OpeningHoursSchema } from './admin-services.js'
import { siteView } from '../domain/views.js'
import { updateSite } from '../domain/admin/site.js'
import { HttpError } from '../plugins/errors.js'
import { CommandErrors, ErrorResponse, SiteViewSchema } from './schemas.js'
import { siteOf, staffCommand } from '../http/principal.js'

/** What a centre's administrator may change about it; the province's routes add the code and `active`. */
export const SiteSettingsFields = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  nameEn: Type.Optional(Type.String({ maxLength: 200 })),
  // An absolute http(s) address or a path on this server; never javascript: or data: URLs.
  logoUrl: Type.Optional(Type.Union([Type.String({ pattern: '^(https?://[^\\s"\'<>]+|/[^\\s"\'<>]*)$', maxLength: 500 }), Type.Null()])),
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  ticketFooter: Type.Optional(Type.String({ maxLength: 500 })),
  displayNotice: Type.Optional(Type.String({ maxLength: 1000 })),
  maxPriorityInRow: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  asideAlertMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
  numberReading: Type.Optional(Type.Enum([...NUMBER_READINGS])),
  outcomeRequired: Type.Optional(Type.Boolean()),
  // The whole list, replaced on every save: a few public holidays a year, kept for some years.
  closedDays: Type.Optional(
    Type.Array(
      Type.Object({ day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), name: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
      { maxItems: 400 },
    ),
  ),
  address: Type.Optional(Type.String({ maxLength: 300 })),
  hours: Type.Optional(Type.Union([OpeningHoursSchema, Type.Null()])),
  languages: Type.Optional(Type.Array(Type.Enum([...LANGUAGES]), { minItems: 1, maxItems: LANGUAGES.length })),
  ratingScale: Type.Optional(Type.Union([Type.Literal(5), Type.Literal(4)])),
  // The whole list, replaced on every save, asked in this order when a citizen is not satisfied.
  ratingReasons: Type.Optional(
    Type.Array(
      Type.Object({ vi: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), en: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: MAX_RATING_REASONS },
    ),
  ),
}

const PatchBody = Type.Object(SiteSettingsFields, { additionalProperties: false, minProperties: 1 })

export interface SiteRouteOptions {
  publicUrl: string
}

const routes: FastifyPluginAsyncTypebox<SiteRouteOptions> = async (app, opts) => {
  const admin = app.requireStaff(['admin'])
  const reader = app.requireStaff(['admin', 'manager'])

  app.get(
    '/api/admin/site',
    { preHandler: reader, schema: { response: { 200: Type.Object({ site: SiteViewSchema }), 401: ErrorResponse, 403: ErrorResponse } } },
    async (request) => {
      const row = await app.store.read((r) => r.sites.get(siteOf(request)))
      if (!row) throw new HttpError(404, 'not_found', 'Site not found')
      return { site: siteView(row, opts.publicUrl) }
    },
  )

  app.patch(
    '/api/admin/site',
    { preHandler: admin, schema: { body: PatchBody, response: { 200: Type.Object({ site: SiteViewSchema }), ...CommandErrors } } },
    async (request) => ({ site: siteView(await app.commands.run(updateSite, staffCommand(request), request.body), opts.publicUrl) }),
  )
}
export default routes
