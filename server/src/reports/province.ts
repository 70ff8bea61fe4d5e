/**
 * The province's report: every centre side by side for a period, each one's figures summed from
 * day summaries (day-summary.ts) of the same facts the centre's own report reads, so the two agree
 * (counts and means exactly, median and 90th percentile within half a second), or one
 * field of procedures at every centre that has it (which centre is slow at Đất đai?). A field is
 * matched by its code, which centres keep from the province's catalogue.
 */
import type { ProvinceReport } from '../../../shared/reports.js'
import type { SiteRow } from '../db/repositories.js'
import { checkRange } from './run-report.js'
import { DaySummaries, FiguresSum, summarizeDay, summaryBytes, summaryKeyOf, summaryOf, type DaySummary } from './day-summary.js'
import { FORMAT, loadFacts } from './facts.js'
import { LocalClock, addDays, serviceDayOf } from '../../../shared/local-time.js'
import type { CachedSummary, ReportSource } from './source.js'
import { FIGURE_COLUMNS, dayVi, figureCells, type Table } from './tables.js'

export interface ProvinceQuery {
  from: string
  to: string
  /** A field's code; null or absent: each centre's totals. */
  service?: string | null
}

const VI = new Intl.Collator('vi')

export async function runProvinceReport(
  source: ReportSource,
  sites: SiteRow[],
  query: ProvinceQuery,
  now: number,
  summaries: DaySummaries = new DaySummaries(),
): Promise<ProvinceReport> {
  const { from, to } = checkRange(query)
  const service = query.service?.trim() || null
  const ordered = [...sites].sort((a, b) => Number(b.active) - Number(a.active) || VI.compare(a.name, b.name))
  const offered = new Map<string, { code: string; nameVi: string; nameEn: string }>()
  const centres: ProvinceReport['centres'] = []
  // One query for every centre's services; then per centre its days.
  const servicesOf = new Map<number, { id: number; code: string; targetWaitMinutes: number }[]>()
  for (const s of await source.servicesAll()) {
    if (!offered.has(s.code)) offered.set(s.code, { code: s.code, nameVi: s.nameVi, nameEn: s.nameEn })
    const list = servicesOf.get(s.siteId) ?? []
    list.push(s)
    servicesOf.set(s.siteId, list)
  }
  const sum = new FiguresSum()
  for (const site of ordered) {
    const services = servicesOf.get(site.id) ?? []
    const row = { siteId: site.id, name: site.name, code: site.code, active: site.active }
    const fieldIds = new Set(services.filter((s) => s.code === service).map((s) => s.id))
    if (service !== null && fieldIds.size === 0) {
      centres.push({ ...row, figures: null })
      continue
    }
    sum.reset()
    for (const day of await centreDays(source, site, services, from, to, now, summaries)) sum.addDay(day, service === null ? null : fieldIds)
    centres.push({ ...row, figures: sum.figures() })
  }
  return {
    query: { from, to, service },
    centres,
    services: [...offered.values()].sort((a, b) => VI.compare(a.nameVi, b.nameVi)),
  }
}

/**
 * A centre's days in [from, to], summarized: from this process's summaries where the day is as it
 * was when summarized, else from the summaries kept in report_summaries, else from the day's facts
 * (facts.ts: cached per finished day, live for today), keeping what was made for next time.
 */
async function centreDays(
  source: ReportSource,
  site: SiteRow,
  services: { id: number; targetWaitMinutes: number }[],
  from: string,
  to: string,
  now: number,
  summaries: DaySummaries,
): Promise<DaySummary[]> {
  const targets = services.map((s) => `${s.id}:${s.targetWaitMinutes}`).join(',')
  const today = serviceDayOf(now, site.timeZone)
  const fingerprints = await source.dayFingerprints(site.id, from, to)
  if (fingerprints.length === 0) return []
  const open = new Set(await source.openTicketDays(site.id))
  const finished = (day: string) => day < today && !open.has(day)
  const result = new Map<string, DaySummary>()
  let missing: [day: string, maxTicketId: number][] = []
  for (const [day, maxTicketId] of fingerprints) {
    const hit = finished(day) ? summaries.get(site.id, day, maxTicketId, targets) : undefined
    if (hit) result.set(day, hit)
    else missing.push([day, maxTicketId])
  }
  if (missing.length === 0) return [...result.values()]

  const key = summaryKeyOf(targets)
  const kept = new Map((await source.cachedSummaries(site.id, missing[0]![0], missing[missing.length - 1]![0])).map((c) => [c.day, c]))
  missing = missing.filter(([day, maxTicketId]) => {
    const c = kept.get(day)
    if (!finished(day) || !c || c.format !== FORMAT || c.maxTicketId !== maxTicketId || c.key !== key) return true
    const summary = summaryOf(c.summary)
    result.set(day, summary)
    summaries.set(site.id, day, maxTicketId, targets, summary)
    return false
  })
  if (missing.length === 0) return [...result.values()]

  const maxIdOf = new Map(missing)
  const targetMs = new Map(services.map((s) => [s.id, s.targetWaitMinutes * 60_000]))
  const facts = await loadFacts(source, site.id, missing[0]![0], missing[missing.length - 1]![0], today, new LocalClock(site.timeZone), now)
  const made: CachedSummary[] = []
  for (const { day, facts: entries } of facts) {
    const maxTicketId = maxIdOf.get(day)
    if (maxTicketId === undefined) continue
    const summary = summarizeDay(entries, targetMs)
    result.set(day, summary)
    if (!finished(day)) continue
    summaries.set(site.id, day, maxTicketId, targets, summary)
    made.push({ day, format: FORMAT, maxTicketId, key, summary: summaryBytes(summary) })
  }
  if (made.length > 0) await source.saveSummaries(site.id, made)
  return [...result.values()]
}

/**
 * Summarizes every centre's finished days of the last year ahead of the first report (at start,
 * and again as days end), one centre at a time with a turn for other work in between, until
 * `stopped()`. What it makes is kept in report_summaries and in `summaries`, so the province's first
 * report after a start reads summaries instead of a year of entries (README: the province report).
 */
export async function warmSummaries(
  source: ReportSource,
  sites: SiteRow[],
  now: number,
  summaries: DaySummaries,
  stopped: () => boolean,
  read: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<number> {
  const servicesOf = new Map<number, { id: number; targetWaitMinutes: number }[]>()
  for (const s of await read(() => source.servicesAll())) servicesOf.set(s.siteId, [...(servicesOf.get(s.siteId) ?? []), s])
  let days = 0
  for (const site of sites) {
    if (stopped()) break
    const yesterday = addDays(serviceDayOf(now, site.timeZone), -1)
    days += (await read(() => centreDays(source, site, servicesOf.get(site.id) ?? [], addDays(yesterday, -366), yesterday, now, summaries))).length
    await new Promise((resolve) => setImmediate(resolve))
  }
  return days
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
