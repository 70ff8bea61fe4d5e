/**
 * What counters did over a period (visit outcomes, one per procedure handled): counts by service
 * and procedure, and by staff member. The outcomes are their own small table, counted in one grouped
 * query through the repositories, so both dialects answer alike.
 */
import type { OutcomeCounts, OutcomeReport } from '../../../shared/reports.js'
import { LocalClock, addDays } from '../../../shared/local-time.js'
import type { OutcomeCount } from '../db/repositories.js'
import type { Repositories } from '../db/store.js'
import { loadSite } from '../domain/counter-lookups.js'
import { checkRange } from './run-report.js'

const VI = new Intl.Collator('vi')

function emptyCounts(): OutcomeCounts {
  return { received: 0, returned: 0, supplement: 0, refused: 0, information: 0, total: 0 }
}

function add(into: OutcomeCounts, row: OutcomeCount): void {
  into[row.outcome] += row.count
  into.total += row.count
}

/** Ratings by service and procedure (ReportSource.procedureRatings' rows). */
type ProcedureRatings = readonly [serviceId: number, procedureId: number | null, count: number, satisfied: number][]

export async function outcomeReport(
  r: Repositories,
  siteId: number,
  query: { from: unknown; to: unknown },
  ratingsOf: (from: string, to: string) => Promise<ProcedureRatings> = async () => [],
): Promise<OutcomeReport> {
  const { from, to } = checkRange(query)
  const site = await loadSite({ tx: r, siteId })
  const clock = new LocalClock(site.timeZone)
  const counts = await r.outcomes.counts(siteId, clock.startOfDay(from), clock.startOfDay(addDays(to, 1)))
  const services = new Map((await r.services.all(siteId)).map((s) => [s.id, s]))
  const procedures = new Map((await r.procedures.all(siteId)).map((p) => [p.id, p]))
  const staffIds = [...new Set(counts.map((c) => c.staffId).filter((id): id is number => id !== null))]
  const staffNames = new Map<number, string>()
  for (const id of staffIds) {
    const user = await r.users.byId(id)
    if (user) staffNames.set(id, user.displayName)
  }

  const byProcedure = new Map<string, OutcomeReport['byProcedure'][number]>()
  const byStaff = new Map<number | null, OutcomeReport['byStaff'][number]>()
  const total = emptyCounts()
  const procedureRow = (serviceId: number, procedureId: number | null) => {
    const key = `${serviceId}:${procedureId ?? ''}`
    let p = byProcedure.get(key)
    if (!p) {
      const procedure = procedureId === null ? undefined : procedures.get(procedureId)
      p = {
        serviceId,
        serviceName: services.get(serviceId)?.nameVi ?? '',
        procedureId,
        procedureCode: procedure?.code ?? '',
        procedureName: procedure?.nameVi ?? '',
        counts: emptyCounts(),
        rating: { count: 0, satisfied: 0 },
      }
      byProcedure.set(key, p)
    }
    return p
  }
  for (const row of counts) {
    add(procedureRow(row.serviceId, row.procedureId).counts, row)
    let s = byStaff.get(row.staffId)
    if (!s) {
      s = { staffId: row.staffId, staffName: row.staffId === null ? '' : (staffNames.get(row.staffId) ?? ''), counts: emptyCounts() }
      byStaff.set(row.staffId, s)
    }
    add(s.counts, row)
    add(total, row)
  }
  // The citizens' ratings of the same visits, by the procedure they came for.
  for (const [serviceId, procedureId, count, satisfied] of await ratingsOf(from, to)) {
    if (!services.has(serviceId)) continue
    procedureRow(serviceId, procedureId).rating = { count, satisfied }
  }
  const serviceOrder = (id: number) => services.get(id)?.sortOrder ?? 0
  const procedureOrder = (id: number | null) => (id === null ? -1 : (procedures.get(id)?.sortOrder ?? 0))
  return {
    from,
    to,
    byProcedure: [...byProcedure.values()].sort(
      (a, b) =>
        serviceOrder(a.serviceId) - serviceOrder(b.serviceId) ||
        a.serviceId - b.serviceId ||
        procedureOrder(a.procedureId) - procedureOrder(b.procedureId) ||
        (a.procedureId ?? 0) - (b.procedureId ?? 0),
    ),
    byStaff: [...byStaff.values()].sort((a, b) => VI.compare(a.staffName, b.staffName) || (a.staffId ?? 0) - (b.staffId ?? 0)),
    total,
  }
}
