/** Site settings: names, logo, time zone, ticket footer, display notice, priority and reading rules, closed days. */
import type { RatingReason } from '../../../../shared/ratings.js'
import type { CentreSettingsInput } from '../../../../shared/admin.js'
import type { Repositories } from '../../db/store.js'
import { checkHours } from './service-rules.js'
import type { ClosedDay } from '../../../../shared/types.js'
import type { SiteRow } from '../../db/repositories.js'
import { isCalendarDay, isTimeZone } from '../../../../shared/local-time.js'
import { DomainError } from '../errors.js'
import type { Command } from '../runner.js'
import { requireSomeChange, siteChanged } from './common.js'

/**
 * The closed days as stored: real dates only (2026-02-30 is refused), each once, names trimmed,
 * in date order.
 */
export function normaliseClosedDays(days: ClosedDay[]): ClosedDay[] {
  const seen = new Set<string>()
  for (const { day } of days) {
    if (!isCalendarDay(day)) throw new DomainError('bad_request', `${day} is not a date`, 400)
    if (seen.has(day)) throw new DomainError('bad_request', `${day} is listed twice`, 400)
    seen.add(day)
  }
  return days.map((d) => ({ day: d.day, name: d.name.trim() })).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
}

/** The reasons as stored: texts trimmed, each once (by its Vietnamese text, which ratings keep). */
export function normaliseReasons(reasons: RatingReason[]): RatingReason[] {
  const out = reasons.map((r) => ({ vi: r.vi.trim(), en: r.en.trim() }))
  const seen = new Set<string>()
  for (const { vi } of out) {
    if (vi === '') throw new DomainError('bad_request', 'A reason is empty', 400)
    if (seen.has(vi.toLowerCase())) throw new DomainError('bad_request', `The reason ${vi} is listed twice`, 400)
    seen.add(vi.toLowerCase())
  }
  return out
}

/** A centre's short code: what the province's lists and reports show; unique among the centres that have one. */
export async function checkCentreCode(tx: Repositories, code: string, exceptSiteId?: number): Promise<void> {
  if (code === '') return
  const taken = (await tx.sites.all()).some((s) => s.id !== exceptSiteId && s.code.toLowerCase() === code.toLowerCase())
  if (taken) throw new DomainError('code_taken', `Another centre has the code ${code}`, 409)
}

/** Checks the settings a centre and the province share. */
export async function checkCentreSettings(tx: Repositories, body: CentreSettingsInput, siteId?: number): Promise<void> {
  if (body.timeZone !== undefined && !isTimeZone(body.timeZone.trim())) {
    throw new DomainError('invalid_time_zone', `Unknown time zone ${body.timeZone}`, 400)
  }
  if (body.hours) checkHours(body.hours)
  if (body.languages !== undefined && (body.languages.length === 0 || new Set(body.languages).size !== body.languages.length)) {
    throw new DomainError('bad_request', 'Offer each language once, and at least one', 400)
  }
  if (body.code !== undefined) await checkCentreCode(tx, body.code.trim(), siteId)
}

/**
 * A centre's settings. Its administrator changes them for their centre (`/api/admin/site`); the
 * province's administrator for any centre, and only they its code and whether it runs.
 */
export const updateSite: Command<CentreSettingsInput, SiteRow> = async ({ tx, siteId }, body) => {
  await checkCentreSettings(tx, body, siteId)
  const changes: Partial<SiteRow> = {}
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue
    ;(changes as Record<string, unknown>)[key] = typeof value === 'string' ? value.trim() : value
  }
  if (changes.logoUrl === '') changes.logoUrl = null
  if (body.closedDays !== undefined) changes.closedDays = normaliseClosedDays(body.closedDays)
  if (body.ratingReasons !== undefined) changes.ratingReasons = normaliseReasons(body.ratingReasons)
  requireSomeChange(changes)
  const row = await tx.sites.update(siteId, changes)
  if (!row) throw new DomainError('not_found', 'Site not found', 404)
  const action = body.active === false ? 'site.deactivate' : body.active === true ? 'site.activate' : 'site.update'
  return {
    result: row,
    audit: { action, targetType: 'site', targetId: siteId, detail: { ...body } },
    events: [siteChanged('site')],
  }
}
