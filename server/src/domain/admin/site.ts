/** Site settings: names, logo, time zone, ticket footer, display notice, priority and reading rules, closed days. */
import type { SiteSettingsInput } from '../../../../shared/admin.js'
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

export const updateSite: Command<SiteSettingsInput, SiteRow> = async ({ tx, siteId }, body) => {
  if (body.timeZone !== undefined && !isTimeZone(body.timeZone.trim())) {
    throw new DomainError('invalid_time_zone', `Unknown time zone ${body.timeZone}`, 400)
  }
  const changes: Partial<SiteRow> = {}
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue
    ;(changes as Record<string, unknown>)[key] = typeof value === 'string' ? value.trim() : value
  }
  if (changes.logoUrl === '') changes.logoUrl = null
  if (body.closedDays !== undefined) changes.closedDays = normaliseClosedDays(body.closedDays)
  requireSomeChange(changes)
  const row = await tx.sites.update(siteId, changes)
  if (!row) throw new DomainError('not_found', 'Site not found', 404)
  return {
    result: row,
    audit: { action: 'site.update', targetType: 'site', targetId: siteId, detail: { ...body } },
    events: [siteChanged('site')],
  }
}
