/**
 * What each centre publishes, without login: `/public/:id` (a page for the lobby TV, a phone, or a
 * frame in the province's portal), `/public` (every centre of the province side by side), and the
 * same as JSON for the portal (`/api/public/sites`, `/api/public/sites/:id`). People waiting now per
 * service, today's mean wait, this month's share called within the target wait and satisfaction,
 * and today's hours. Counts and shares only: no ticket numbers, no names.
 *
 * A crowd of phones must not slow the queue: each centre's figures are computed at most once per
 * CACHE_MS (concurrent requests share the computation), and answers say `max-age` so proxies and
 * browsers keep them too. The page reloads itself every REFRESH_SECONDS (works without scripts,
 * on any TV browser).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { PublicCentreSchema, PublicProvinceSchema, type PublicCentre, type PublicProvince } from '../../../shared/public-figures.js'
import { localTime } from '../../../shared/local-time.js'
import { closedDayOf, serviceAvailability } from '../domain/issue.js'
import { runReport } from '../reports/run-report.js'
import { reportSourceOf } from '../reports/source.js'
import { ErrorResponse, IdParams } from './schemas.js'
import { renderCentre, renderProvince, type PublicLang } from './public-view.js'

/** How long a centre's figures are served from memory. */
export const CACHE_MS = 15_000
/** How often the page reloads itself. */
export const REFRESH_SECONDS = 30

const MINUTE = 60_000

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const source = reportSourceOf(app.database)
  const cache = new Map<number, { until: number; figures: Promise<PublicCentre | null> }>()

  /** This month so far, by day: its totals, and today's day for today's figures. */
  async function monthReport(siteId: number, from: string, to: string, now: number) {
    const run = () => runReport(source, siteId, { from, to }, now)
    return app.database.kind === 'sqlite' ? app.store.read(run) : run()
  }

  async function compute(siteId: number, now: number): Promise<PublicCentre | null> {
    const live = await app.store.read(async (r) => {
      const site = await r.sites.get(siteId)
      if (!site) return null
      return { site, services: await r.services.all(siteId), availability: await serviceAvailability(r, siteId, now) }
    })
    if (!live) return null
    const { site } = live
    const local = localTime(now, site.timeZone)
    const month = await monthReport(siteId, `${local.date.slice(0, 8)}01`, local.date, now)
    const today = month.daily.find((d) => d.day === local.date)
    const available = new Map(live.availability.map((a) => [a.serviceId, a]))
    const services = live.services
      .filter((s) => s.active)
      .map((s) => {
        const a = available.get(s.id)
        return {
          id: s.id,
          code: s.code,
          nameVi: s.nameVi,
          nameEn: s.nameEn,
          waiting: a?.waiting ?? 0,
          open: a?.open ?? false,
          closedReason: a?.reason ?? null,
          estimatedWaitMinutes: a?.estimatedWaitMinutes ?? 0,
          hoursToday: s.hours ? (s.hours.days.includes(local.weekday) ? s.hours.periods.map((p) => ({ from: p.from, to: p.to })) : []) : null,
        }
      })
    const closedDay = closedDayOf(site.closedDays, local.date)
    return {
      id: site.id,
      name: site.name,
      nameEn: site.nameEn,
      timeZone: site.timeZone,
      serviceDay: local.date,
      updatedAt: now,
      closedToday: closedDay ? closedDay.name || 'Ngày nghỉ' : null,
      waiting: services.reduce((sum, s) => sum + s.waiting, 0),
      services,
      today: {
        issued: today?.issued ?? 0,
        served: today?.served ?? 0,
        meanWaitMinutes: today?.wait.mean == null ? null : today.wait.mean / MINUTE,
      },
      month: {
        from: month.query.from,
        to: month.query.to,
        served: month.totals.served,
        withinTargetShare: month.totals.withinTarget.share,
        ratings: month.totals.rating.count,
        satisfiedShare: month.totals.rating.satisfiedShare,
      },
    }
  }

  /** A centre's figures, computed at most once per CACHE_MS however many ask. */
  function figures(siteId: number): Promise<PublicCentre | null> {
    const now = app.clock()
    const cached = cache.get(siteId)
    if (cached && cached.until > now) return cached.figures
    const entry = { until: now + CACHE_MS, figures: compute(siteId, now) }
    // A failure is not kept: the next request tries again.
    entry.figures.catch(() => cache.delete(siteId))
    cache.set(siteId, entry)
    return entry.figures
  }

  async function province(): Promise<PublicProvince> {
    // A deactivated centre is not shown; its own page still answers with its history.
    const sites = (await app.store.read((r) => r.sites.all())).filter((s) => s.active)
    const centres = (await Promise.all(sites.map((s) => figures(s.id)))).filter((c): c is PublicCentre => c !== null)
    return { updatedAt: Math.min(app.clock(), ...centres.map((c) => c.updatedAt)), centres }
  }

  const shared = (reply: FastifyReply) => reply.header('cache-control', `public, max-age=${CACHE_MS / 1000}`)
  /** Public figures: any site may fetch them (the province's portal). */
  const json = (reply: FastifyReply) => shared(reply).header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin')
  /** The page may be framed by the province's portal, unlike every other page of ours. */
  const framable = (reply: FastifyReply) => {
    reply.removeHeader('x-frame-options')
    return shared(reply)
      .header(
        'content-security-policy',
        "default-src 'none'; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:; frame-ancestors *; base-uri 'none'; form-action 'none'",
      )
      .type('text/html; charset=utf-8')
  }
  const langOf = (q: { lang?: string | undefined }): PublicLang => (q.lang === 'en' ? 'en' : 'vi')
  const LangQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 5 })) })

  app.get('/api/public/sites', { schema: { response: { 200: PublicProvinceSchema } } }, async (_request, reply) => {
    json(reply)
    return province()
  })

  app.get('/api/public/sites/:id', { schema: { params: IdParams, response: { 200: PublicCentreSchema, 404: ErrorResponse } } }, async (request, reply) => {
    const centre = await figures(request.params.id)
    if (!centre) return reply.status(404).send({ code: 'not_found', message: `No centre ${request.params.id}` })
    json(reply)
    return centre
  })

  app.get('/public', { schema: { querystring: LangQuery } }, async (request, reply) => {
    const lang = langOf(request.query)
    return framable(reply).send(renderProvince(await province(), lang, REFRESH_SECONDS))
  })

  app.get('/public/:id', { schema: { params: IdParams, querystring: LangQuery } }, async (request, reply) => {
    const centre = await figures(request.params.id)
    if (!centre) return reply.status(404).send({ code: 'not_found', message: `No centre ${request.params.id}` })
    return framable(reply).send(renderCentre(centre, langOf(request.query), REFRESH_SECONDS))
  })
}

export default routes
