/** Site settings: names, logo, time zone, ticket footer, display notice, priority and reading rules. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { eq } from 'drizzle-orm'
import { NUMBER_READINGS } from '../../../shared/constants.js'
import type { ClosedDay } from '../../../shared/types.js'
import { isCalendarDay } from '../../../shared/local-time.js'
import { sites } from '../db/schema.js'
import type { Db } from '../db/client.js'
import { siteView } from '../domain/views.js'
import { requireSomeChange, runChange } from '../admin/change.js'
import { HttpError } from '../plugins/errors.js'
import { AnyObject, CommandErrors, ErrorResponse } from './schemas.js'
import { siteOf } from '../http/principal.js'

type SiteRow = typeof sites.$inferSelect

/**
 * The closed days as stored: real dates only (2026-02-30 is refused), each once, names trimmed,
 * in date order.
 */
export function normaliseClosedDays(days: ClosedDay[]): ClosedDay[] {
  const seen = new Set<string>()
  for (const { day } of days) {
    if (!isCalendarDay(day)) throw new HttpError(400, 'bad_request', `${day} is not a date`)
    if (seen.has(day)) throw new HttpError(400, 'bad_request', `${day} is listed twice`)
    seen.add(day)
  }
  return days.map((d) => ({ day: d.day, name: d.name.trim() })).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
}

/** Only zones this Node knows: a typo would shift every service day. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const PatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    nameEn: Type.Optional(Type.String({ maxLength: 200 })),
    // An absolute http(s) address or a path on this server; never javascript: or data: URLs.
    logoUrl: Type.Optional(Type.Union([Type.String({ pattern: '^(https?://[^\\s"\'<>]+|/[^\\s"\'<>]*)$', maxLength: 500 }), Type.Null()])),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    ticketFooter: Type.Optional(Type.String({ maxLength: 500 })),
    displayNotice: Type.Optional(Type.String({ maxLength: 1000 })),
    maxPriorityInRow: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
    numberReading: Type.Optional(Type.Enum([...NUMBER_READINGS])),
    // The whole list, replaced on every save: a few public holidays a year, kept for some years.
    closedDays: Type.Optional(
      Type.Array(
        Type.Object({ day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), name: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
        { maxItems: 400 },
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
)

export interface SiteRouteOptions {
  publicUrl: string
}

const routes: FastifyPluginAsyncTypebox<SiteRouteOptions> = async (app, opts) => {
  const admin = app.requireStaff(['admin'])
  const reader = app.requireStaff(['admin', 'manager'])

  function load(tx: Db, siteId: number): SiteRow {
    const row = tx.select().from(sites).where(eq(sites.id, siteId)).get()
    if (!row) throw new HttpError(404, 'not_found', 'Site not found')
    return row
  }

  app.get(
    '/api/admin/site',
    { preHandler: reader, schema: { response: { 200: Type.Object({ site: AnyObject }), 401: ErrorResponse, 403: ErrorResponse } } },
    async (request) => ({ site: siteView(load(app.storage.db, siteOf(request)), opts.publicUrl) }),
  )

  app.patch(
    '/api/admin/site',
    { preHandler: admin, schema: { body: PatchBody, response: { 200: Type.Object({ site: AnyObject }), ...CommandErrors } } },
    async (request) => {
      const body = request.body
      if (body.timeZone !== undefined && !isTimeZone(body.timeZone.trim())) {
        throw new HttpError(400, 'invalid_time_zone', `Unknown time zone ${body.timeZone}`)
      }
      const site = runChange(app, request, ({ tx, siteId }) => {
        load(tx, siteId)
        const changes: Partial<SiteRow> = {}
        for (const [key, value] of Object.entries(body)) {
          if (value === undefined) continue
          ;(changes as Record<string, unknown>)[key] = typeof value === 'string' ? value.trim() : value
        }
        if (changes.logoUrl === '') changes.logoUrl = null
        if (body.closedDays !== undefined) changes.closedDays = normaliseClosedDays(body.closedDays)
        requireSomeChange(changes)
        const row = tx.update(sites).set(changes).where(eq(sites.id, siteId)).returning().get()
        if (!row) throw new HttpError(404, 'not_found', 'Site not found')
        return {
          result: siteView(row, opts.publicUrl),
          audit: { action: 'site.update', targetType: 'site', targetId: siteId, detail: { ...body } },
          siteChanged: 'site',
        }
      })
      return { site }
    },
  )
}
export default routes
