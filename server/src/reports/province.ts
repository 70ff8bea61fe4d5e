/**
 * The province's report: every centre side by side for a period, each one's figures computed by
 * `runReport` exactly as the centre's own report computes them (so the two never disagree), or one
 * field of procedures at every centre that has it (which centre is slow at Đất đai?). A field is
 * matched by its code, which centres keep from the province's catalogue.
 */
import type { ProvinceReport, ReportFigures, ReportQuery } from '../../../shared/reports.js'
import type { SiteRow } from '../db/repositories.js'
import { runReport } from './run-report.js'
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
  const service = query.service?.trim() || null
  const centres: ProvinceReport['centres'] = []
  const offered = new Map<string, { code: string; nameVi: string; nameEn: string }>()
  const ordered = [...sites].sort((a, b) => Number(b.active) - Number(a.active) || VI.compare(a.name, b.name))
  for (const site of ordered) {
    const centreQuery: ReportQuery = { from: query.from, to: query.to }
    const summary = await runReport(source, site.id, centreQuery, now)
    for (const s of summary.lookups.services) if (!offered.has(s.code)) offered.set(s.code, { code: s.code, nameVi: s.nameVi, nameEn: s.nameEn })
    let figures = summary.totals
    if (service !== null) {
      const id = summary.lookups.services.find((s) => s.code === service)?.id
      const row = id === undefined ? undefined : summary.byService.find((r) => r.key === id)
      if (id === undefined) {
        centres.push({ siteId: site.id, name: site.name, code: site.code, active: site.active, figures: null })
        continue
      }
      if (row) {
        const { key: _key, ...own } = row
        figures = own
      } else figures = emptyFigures(summary.totals)
    }
    centres.push({ siteId: site.id, name: site.name, code: site.code, active: site.active, figures })
  }
  return {
    query: { from: query.from, to: query.to, service },
    centres,
    services: [...offered.values()].sort((a, b) => VI.compare(a.nameVi, b.nameVi)),
  }
}

/** The figures of a field a centre offers but had no tickets for in the period. */
function emptyFigures(like: ReportFigures): ReportFigures {
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
    wait: { ...like.wait, ...none },
    service: { ...like.service, ...none },
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
