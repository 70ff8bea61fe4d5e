/**
 * Every figure of a report over a day built by hand (see scenario.ts): counts, waits and service
 * times with their mean, median, 90th percentile and maximum, the within-target share, hour
 * buckets in local time, the day boundary in Asia/Ho_Chi_Minh, filters, and the per-day cache.
 */
import t from 'tap'
import { tickets } from '../../server/src/db/schema.js'
import { runReport } from '../../server/src/reports/run-report.js'
import { reportSource } from '../../server/src/reports/source.js'
import { sqliteSql } from '../../server/src/reports/sql.js'
import { FakeClock, type Tap } from '../helpers/build.js'
import { domainFixture } from '../helpers/domain.js'
import { local, playScenario } from './scenario.js'

const MIN = 60_000
const MONDAY = '2026-11-23'
const TUESDAY = '2026-11-24'

async function setup(t: Tap) {
  const clock = new FakeClock(local(23, 7, 50))
  const fx = await domainFixture(t, clock)
  const scenario = await playScenario(fx, clock)
  const source = reportSource(sqliteSql(fx.storage.sqlite))
  // Reports are read on Wednesday: Monday and Tuesday are finished days.
  const now = local(25, 9, 0)
  return { fx, ...scenario, report: (q: Parameters<typeof runReport>[2], at = now) => runReport(source, 1, q, at) }
}

t.test('Monday: counts, waits, service times and the target share, as constructed', async (t) => {
  const { report } = await setup(t)
  const r = await report({ from: MONDAY, to: MONDAY })
  const m = r.totals
  // A, B, C, D, E, F issued; B' is B transferred and is not issued again.
  t.equal(m.issued, 6, 'issued counts visits, not transfer entries')
  t.equal(m.served, 3, 'A, C and B′ served')
  t.equal(m.noShow, 1, 'E ended absent; C came back and was served')
  t.equal(m.cancelled, 1)
  t.equal(m.transferred, 1)
  t.equal(m.closed, 1, 'F was left waiting at the day close')
  t.equal(m.open, 0)
  t.equal(m.returned, 1)
  t.equal(m.recalls, 2)
  // Waits: A 5, C 10 (first call, not the call after the return), B′ 15 (from the transfer), B 20, E 60 min.
  t.same(m.wait, { count: 5, mean: 22 * MIN, median: 15 * MIN, p90: 44 * MIN, max: 60 * MIN })
  // Service: C 5, B′ 8, A 10 min (B's four minutes before the transfer are not a service).
  t.same(m.service, { count: 3, mean: (23 / 3) * MIN, median: 8 * MIN, p90: 9.6 * MIN, max: 10 * MIN })
  // Targets DD 20, HT 15: A, B (exactly 20), C, B′ (exactly 15) within; E not.
  t.same(m.withinTarget, { count: 4, of: 5, share: 0.8 })
  t.equal(r.days, 1)
  t.equal(r.openDays, 1)
})

t.test('breakdowns by service, counter, staff, priority group, hour and weekday', async (t) => {
  const { report, ids } = await setup(t)
  const r = await report({ from: MONDAY, to: MONDAY })
  const row = <R extends { key: number | null }>(rows: R[], key: number | null) => {
    const found = rows.find((x) => x.key === key)
    if (!found) throw new Error(`no row ${key}`)
    return found
  }
  const dd = row(r.byService, ids.DD)
  t.match(dd, { issued: 3, served: 1, transferred: 1, noShow: 1 })
  t.same(dd.wait, { count: 3, mean: (85 / 3) * MIN, median: 20 * MIN, p90: 52 * MIN, max: 60 * MIN })
  t.same(dd.withinTarget, { count: 2, of: 3, share: 2 / 3 })
  const ht = row(r.byService, ids.HT)
  t.match(ht, { issued: 2, served: 2, closed: 1, returned: 1, recalls: 2 })
  t.same(ht.wait, { count: 2, mean: 12.5 * MIN, median: 12.5 * MIN, p90: 14.5 * MIN, max: 15 * MIN })
  t.match(row(r.byService, ids.CT), { issued: 1, cancelled: 1, wait: { count: 0, mean: null } })
  t.same(
    r.byService.map((x) => x.key),
    [ids.DD, ids.HT, ids.CT],
    'services in their display order, only those with tickets',
  )

  t.match(row(r.byCounter, ids.counter1), { issued: 3, served: 1, noShow: 1, transferred: 1, wait: { count: 3, max: 60 * MIN } })
  t.match(row(r.byCounter, ids.counter3), { issued: 1, served: 2, wait: { count: 2, median: 12.5 * MIN } })
  t.match(row(r.byCounter, null), { issued: 2, cancelled: 1, closed: 1, wait: { count: 0 } }, 'never called: no counter')
  t.match(row(r.byStaff, ids.canbo3), { served: 2, service: { count: 2, mean: 6.5 * MIN, max: 8 * MIN } })
  t.match(row(r.byPriorityGroup, ids.NCT), { issued: 1, served: 1, transferred: 1 })
  t.match(row(r.byPriorityGroup, null), { issued: 5, served: 2 })

  t.same(
    r.byHour.map((h) => [h.key, h.issued]),
    [
      [8, 5],
      [23, 1],
    ],
    'hours are local: 08:xx and 23:59 in Hà Nội (01:xx and 16:59 UTC)',
  )
  t.match(row(r.byHour, 8), { served: 3, wait: { count: 5 } })
  t.same(
    r.byWeekday.map((w) => [w.key, w.issued]),
    [[1, 6]],
  )
  t.same(r.heatmap, [
    { weekday: 1, hour: 8, arrivals: 5, perDay: 5 },
    { weekday: 1, hour: 23, arrivals: 1, perDay: 1 },
  ])
})

t.test('the day boundary in Asia/Ho_Chi_Minh: 23:59 is Monday, 00:01 is Tuesday', async (t) => {
  const { report } = await setup(t)
  const tuesday = await report({ from: TUESDAY, to: TUESDAY })
  t.equal(tuesday.totals.issued, 1, 'G, issued at 17:01 UTC on Monday, belongs to Tuesday')
  t.same(tuesday.totals.wait, { count: 1, mean: 4 * MIN, median: 4 * MIN, p90: 4 * MIN, max: 4 * MIN })
  t.same(
    tuesday.byHour.map((h) => [h.key, h.issued]),
    [[0, 1]],
  )
  t.same(tuesday.heatmap, [{ weekday: 2, hour: 0, arrivals: 1, perDay: 1 }])

  const both = await report({ from: MONDAY, to: TUESDAY })
  t.equal(both.totals.issued, 7)
  t.equal(both.totals.served, 4)
  t.same(
    both.daily.map((d) => [d.day, d.issued, d.served, d.wait.mean]),
    [
      [MONDAY, 6, 3, 22 * MIN],
      [TUESDAY, 1, 1, 4 * MIN],
    ],
  )
  t.same(
    both.byWeekday.map((w) => [w.key, w.issued]),
    [
      [1, 6],
      [2, 1],
    ],
  )
  const sunday = await report({ from: '2026-11-22', to: '2026-11-22' })
  t.equal(sunday.totals.issued, 0)
  t.equal(sunday.totals.wait.mean, null)
  t.equal(sunday.daily.length, 1, 'a day without tickets still has its row in the trend')
})

t.test('filters keep the entries of one service, counter, staff member or priority group', async (t) => {
  const { report, ids } = await setup(t)
  const range = { from: MONDAY, to: TUESDAY }
  t.match((await report({ ...range, serviceId: ids.HT })).totals, { issued: 2, served: 2, closed: 1, wait: { count: 2, median: 12.5 * MIN } })
  t.match((await report({ ...range, counterId: ids.counter3 })).totals, { issued: 2, served: 3, wait: { count: 3, max: 15 * MIN } })
  t.match((await report({ ...range, staffId: ids.canbo1 })).totals, { issued: 3, served: 1, noShow: 1 })
  t.match((await report({ ...range, priorityGroupId: ids.NCT })).totals, { issued: 1, served: 1, transferred: 1, wait: { count: 2, mean: 17.5 * MIN } })
  t.match((await report({ ...range, serviceId: ids.CT, counterId: ids.counter3 })).totals, { issued: 1, served: 1 })
})

t.test('a finished day is read from its cache, and the cache follows changed tickets', async (t) => {
  const { fx, report } = await setup(t)
  const sqlite = fx.storage.sqlite
  const first = await report({ from: MONDAY, to: TUESDAY })
  const cached = sqlite.prepare('select service_day as day from report_days order by 1').all() as { day: string }[]
  t.same(
    cached.map((c) => c.day),
    [MONDAY, TUESDAY],
    'both finished days cached',
  )
  t.same(await report({ from: MONDAY, to: TUESDAY }), first, 'same figures from the cache')
  // Days without tickets on either side: the days with tickets are found and read from the cache.
  const wider = await report({ from: '2026-11-20', to: '2026-11-27' })
  t.same(wider.totals, first.totals, 'a wider range with empty days around has the same totals')
  t.same(
    wider.daily.filter((d) => d.issued > 0).map((d) => d.day),
    [MONDAY, TUESDAY],
  )

  // A ticket written into Monday afterwards (an import, a repair) must show, not the stale cache.
  fx.storage.db
    .insert(tickets)
    .values({
      siteId: 1,
      serviceId: first.byService[0]!.key!,
      serviceDay: MONDAY,
      number: '1999',
      seqNo: 999,
      status: 'cancelled',
      issuedAt: local(23, 10, 0),
      queuedAt: local(23, 10, 0),
      finishedAt: local(23, 10, 5),
      trackingCode: 'x',
    })
    .run()
  const after = await report({ from: MONDAY, to: MONDAY })
  t.equal(after.totals.issued, 7)
  t.equal(after.totals.cancelled, 2)

  // Today is never cached: on Tuesday morning, Tuesday is read live.
  sqlite.prepare('delete from report_days').run()
  await report({ from: MONDAY, to: TUESDAY }, local(24, 9, 0))
  t.same(
    (sqlite.prepare('select service_day as day from report_days').all() as { day: string }[]).map((c) => c.day),
    [MONDAY],
  )
})

t.test('bad queries are refused with stable codes', async (t) => {
  const { report } = await setup(t)
  const code = async (q: Parameters<typeof report>[0]) => {
    try {
      await report(q)
      return 'ok'
    } catch (err) {
      return (err as { code?: string }).code
    }
  }
  t.equal(await code({ from: '2026-13-01', to: '2026-12-01' }), 'report_bad_date')
  t.equal(await code({ from: '2026-02-30', to: '2026-03-01' }), 'report_bad_date')
  t.equal(await code({ from: '23/11/2026', to: '2026-12-01' }), 'report_bad_date')
  t.equal(await code({ from: '2026-11-24', to: '2026-11-23' }), 'report_range_reversed')
  t.equal(await code({ from: '2025-11-23', to: '2026-11-24' }), 'report_range_too_long')
  t.equal(await code({ from: '2025-11-24', to: '2026-11-24' }), 'ok', '366 days is allowed')
  t.equal(await code({ from: MONDAY, to: MONDAY, serviceId: 999 }), 'report_unknown_filter')
  t.equal(await code({ from: MONDAY, to: MONDAY, counterId: 999 }), 'report_unknown_filter')
  t.equal(await code({ from: MONDAY, to: MONDAY, staffId: 999 }), 'report_unknown_filter')
  t.equal(await code({ from: MONDAY, to: MONDAY, priorityGroupId: 999 }), 'report_unknown_filter')
})

t.test('satisfaction ratings on the five-level scale: count, mean, share satisfied, levels and channel, per staff member, counter and service', async (t) => {
  const { fx, report, ids } = await setup(t)
  const sqlite = fx.storage.sqlite
  // The four served visits, rated on the five-level scale: A 5 Rất hài lòng on the counter's device,
  // C 3 Bình thường, B′ 4 Hài lòng and G 2 Không hài lòng from the ticket's page.
  const served = sqlite
    .prepare("select id, service_day as day, number, counter_id as counterId, staff_id as staffId from tickets where status = 'done'")
    .all() as { id: number; day: string; number: string; counterId: number; staffId: number }[]
  const scores: Record<string, number> = { [`${MONDAY} 1001`]: 5, [`${MONDAY} 2001`]: 3, [`${MONDAY} 1002`]: 4, [`${TUESDAY} 3001`]: 2 }
  t.equal(served.length, 4)
  for (const s of served) {
    const score = scores[`${s.day} ${s.number}`]
    t.ok(score, `${s.day} ${s.number} is one of the four`)
    sqlite
      .prepare('insert into ratings (site_id, ticket_id, counter_id, staff_id, score, scale, channel, at) values (1, ?, ?, ?, ?, 5, ?, ?)')
      .run(s.id, s.counterId, s.staffId, score, score === 5 ? 'device' : 'phone', local(25, 8, 0))
  }
  const monday = await report({ from: MONDAY, to: MONDAY })
  t.same(
    monday.totals.rating,
    { count: 3, mean: 4, satisfiedShare: 2 / 3, levels: [0, 0, 1, 1, 1], device: { count: 1, satisfiedShare: 1 }, phone: { count: 2, satisfiedShare: 0.5 } },
    'Monday: 5, 3 and 4; two of three Hài lòng or better; one from the counter’s device',
  )
  const staff = (r: typeof monday, id: number) => r.byStaff.find((x) => x.key === id)!.rating
  t.match(staff(monday, ids.canbo1), { count: 1, mean: 5, satisfiedShare: 1, levels: [0, 0, 0, 0, 1], device: { count: 1 } }, 'canbo1 served A')
  t.match(staff(monday, ids.canbo3), { count: 2, mean: 3.5, satisfiedShare: 0.5, device: { count: 0 }, phone: { count: 2 } }, 'canbo3 served C and B′')
  t.match(monday.byService.find((x) => x.key === ids.HT)!.rating, { count: 2, mean: 3.5, satisfiedShare: 0.5 }, 'B′ counts at HT, where it was served')
  t.same(monday.byCounter.find((x) => x.key === ids.counter1)!.rating.count, 1)
  const both = await report({ from: MONDAY, to: TUESDAY })
  t.match(staff(both, ids.canbo3), { count: 3, mean: 3, satisfiedShare: 1 / 3, levels: [0, 1, 1, 1, 0] }, 'with G on Tuesday')
  t.same(
    both.daily.map((d) => d.rating.count),
    [3, 1],
  )
  t.same(
    monday.byStaff.find((x) => x.key === null)?.rating ?? { count: 0, mean: null, satisfiedShare: null },
    {
      count: 0,
      mean: null,
      satisfiedShare: null,
      levels: [0, 0, 0, 0, 0],
      device: { count: 0, satisfiedShare: null },
      phone: { count: 0, satisfiedShare: null },
    },
    'never-called entries have no ratings',
  )
})
