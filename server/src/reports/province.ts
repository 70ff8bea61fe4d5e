/**
 * The province's report: every centre side by side for a period, each one's figures computed from
 * the same facts and by the same aggregation as the centre's own report (so the two never disagree), or one
 * field of procedures at every centre that has it (which centre is slow at Đất đai?). A field is
 * matched by its code, which centres keep from the province's catalogue.
 */
import type { ProvinceReport, ReportFigures } from '../../../shared/reports.js'
import type { SiteRow } from '../db/repositories.js'
import { checkRange } from './run-report.js'
import { aggregate } from './aggregate.js'
import { F, FIELDS, loadFacts, type DayFacts } from './facts.js'
import { LocalClock, serviceDayOf } from '../../../shared/local-time.js'
import type { ReportSource } from './source.js'
import { FIGURE_COLUMNS, dayVi, figureCells, type Table } from './tables.js'

export interface ProvinceQuery {
  from: string
  to: string
  /** A field's code; null or absent: each centre's totals. */
  service?: string | null
}

const VI = new Intl.Collator('vi')

export async function runProvinceReport(source: ReportSource, sites: SiteRow[], query: ProvinceQuery, now: number): Promise<ProvinceReport> {
  const { from, to } = checkRange(query)
  const service = query.service?.trim() || null
  const ordered = [...sites].sort((a, b) => Number(b.active) - Number(a.active) || VI.compare(a.name, b.name))
  // Every centre's entries in one aggregation: each entry's priority group is replaced by its
  // centre, so the "by priority group" breakdown is the breakdown by centre, computed exactly as a
  // centre's own report computes its totals (the same facts, the same targets, the same ranks);
  // service ids are the database's, distinct across centres, so "by service" is by centre and field.
  const days: DayFacts[] = []
  const targetMs = new Map<number, number>()
  const serviceOf = new Map<number, { siteId: number; code: string; nameVi: string; nameEn: string }>()
  for (const site of ordered) {
    const known = await source.lookups(site.id)
    for (const s of known.services) {
      targetMs.set(s.id, s.targetWaitMinutes * 60_000)
      serviceOf.set(s.id, { siteId: site.id, code: s.code, nameVi: s.nameVi, nameEn: s.nameEn })
    }
    const today = serviceDayOf(now, site.timeZone)
    for (const day of await loadFacts(source, site.id, from, to, today, new LocalClock(site.timeZone), now)) {
      const facts = new Int32Array(day.facts)
      for (let at = F.priorityGroup; at < facts.length; at += FIELDS) facts[at] = site.id
      days.push({ day: day.day, facts })
    }
  }
  const result = aggregate({
    from,
    to,
    days,
    filters: { serviceId: null, counterId: null, staffId: null, priorityGroupId: null },
    targetMs,
    order: { service: [], counter: [], staff: [], priorityGroup: ordered.map((s) => s.id) },
  })
  const byCentre = new Map(result.byPriorityGroup.map(({ key, ...figures }) => [key, figures]))
  const byField = new Map<string, ReportFigures>()
  for (const { key, ...figures } of result.byService) {
    const s = key === null ? undefined : serviceOf.get(key)
    if (s) byField.set(`${s.siteId}:${s.code}`, figures)
  }
  const offers = new Set([...serviceOf.values()].map((s) => `${s.siteId}:${s.code}`))
  const centres = ordered.map((site) => {
    const row = { siteId: site.id, name: site.name, code: site.code, active: site.active }
    if (service === null) return { ...row, figures: byCentre.get(site.id) ?? emptyFigures() }
    const key = `${site.id}:${service}`
    return { ...row, figures: offers.has(key) ? (byField.get(key) ?? emptyFigures()) : null }
  })
  const offered = new Map<string, { code: string; nameVi: string; nameEn: string }>()
  for (const s of serviceOf.values()) if (!offered.has(s.code)) offered.set(s.code, { code: s.code, nameVi: s.nameVi, nameEn: s.nameEn })
  return {
    query: { from, to, service },
    centres,
    services: [...offered.values()].sort((a, b) => VI.compare(a.nameVi, b.nameVi)),
  }
}

/** The figures of a field a centre offers but had no tickets for in the period. */
function emptyFigures(): ReportFigures {
  const none = { count: 0, mean: null, median: null, p90: null, max: null }
  return {
    issued: 0,
    served: 0,
    noShow: 0,
    cancelled: 0,
    transferred: 0,
    closed: 0,
    open: 0,
    returned: 0,
    recalls: 0,
    wait: none,
    service: { ...none },
    withinTarget: { count: 0, of: 0, share: null },
    rating: { count: 0, mean: null, satisfiedShare: null },
  }
}

/** The province's report as one table for the exports, with its title. */
export function provinceTables(report: ProvinceReport): { title: { centre: string; period: string }; filters: [string, string][]; tables: Table[] } {
  const { from, to, service } = report.query
  const field = service === null ? 'Tất cả' : (report.services.find((s) => s.code === service)?.nameVi ?? service)
  return {
    title: {
      centre: 'Báo cáo các trung tâm trong tỉnh',
      period: from === to ? `Ngày ${dayVi(from)}` : `Từ ngày ${dayVi(from)} đến ngày ${dayVi(to)}`,
    },
    filters: [
      ['Từ ngày', from],
      ['Đến ngày', to],
      ['Lĩnh vực', field],
    ],
    tables: [
      {
        name: 'Theo trung tâm',
        columns: [{ header: 'Trung tâm', width: 36 }, { header: 'Mã', width: 10 }, ...FIGURE_COLUMNS],
        rows: report.centres.filter((c) => c.figures !== null).map((c) => [c.name, c.code, ...figureCells(c.figures!)]),
      },
    ],
  }
}
