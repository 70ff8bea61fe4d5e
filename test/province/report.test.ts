/**
 * Every centre side by side: each centre's figures are its own report's totals (never a different
 * computation), a field's figures at every centre that has it, the exports, and bad queries.
 */
import t from 'tap'
import ExcelJS from 'exceljs'
import { build, login, serviceId, sqlRun, sqlValue } from '../helpers/build.js'
import { generateHistory } from '../../server/src/reports/history.js'

t.test("the province's report puts each centre's own figures side by side, and one field across centres", async (t) => {
  const { app, clock } = await build(t)
  const admin = await login(app, 'admin')
  const created = await app.inject({
    method: 'POST',
    url: '/api/province/sites',
    headers: admin.headers,
    payload: { name: 'Trung tâm Phục vụ hành chính công xã Phú Lộc', code: 'XA-PHULOC', catalogue: ['HT', 'CT'] },
  })
  const commune = created.json().site.id as number
  const now = clock.now()
  await generateHistory(app.database, { siteId: 1, days: 14, ticketsPerDay: 120, seed: 7, now, addCounters: false })
  await generateHistory(app.database, { siteId: commune, days: 14, ticketsPerDay: 30, seed: 8, now, addCounters: false })
  const from = '2026-11-09'
  const to = '2026-11-22'

  const res = await app.inject({ method: 'GET', url: `/api/province/report?from=${from}&to=${to}`, headers: admin.headers })
  t.equal(res.statusCode, 200, res.body)
  const report = res.json()
  t.equal(report.centres.length, 2)
  for (const centre of report.centres as { siteId: number; figures: { issued: number } }[]) {
    await app.inject({ method: 'POST', url: '/api/auth/site', headers: admin.headers, payload: { siteId: centre.siteId } })
    const own = (await app.inject({ method: 'GET', url: `/api/reports/summary?from=${from}&to=${to}`, headers: admin.headers })).json()
    // Counts and means exactly; the median and the 90th percentile within half a second (day summaries keep whole seconds).
    type Stats = { mean: number; median: number; p90: number; max: number; count: number }
    const { wait, service, ...counts } = centre.figures as unknown as { wait: Stats; service: Stats }
    const { wait: ownWait, service: ownService, ...ownCounts } = own.totals
    t.same(counts, ownCounts, `centre ${centre.siteId}: the same counts, shares and ratings as its own report`)
    for (const [mine, theirs, what] of [
      [wait, ownWait, 'wait'],
      [service, ownService, 'service time'],
    ] as const) {
      t.same([mine.count, mine.mean, mine.max], [theirs.count, theirs.mean, theirs.max], `centre ${centre.siteId}: ${what} count, mean and maximum`)
      t.ok(
        Math.abs(mine.median - theirs.median) <= 500 && Math.abs(mine.p90 - theirs.p90) <= 500,
        `centre ${centre.siteId}: ${what} median and p90 within half a second`,
      )
    }
    const stored = Number(await sqlValue(app, 'select count(*) from tickets where site_id = ? and transferred_from_id is null', [centre.siteId]))
    t.ok(centre.figures.issued > 0 && centre.figures.issued <= stored, `centre ${centre.siteId} issued ${centre.figures.issued}`)
  }

  // Land (DD) is offered at the provincial centre only: the commune has no row for it.
  const land = (await app.inject({ method: 'GET', url: `/api/province/report?from=${from}&to=${to}&service=DD`, headers: admin.headers })).json()
  t.equal(land.query.service, 'DD')
  t.ok(land.centres.find((c: { siteId: number }) => c.siteId === 1).figures.issued > 0)
  t.equal(land.centres.find((c: { siteId: number }) => c.siteId === commune).figures, null)
  t.ok(
    land.services.some((s: { code: string }) => s.code === 'HT'),
    'the fields offered anywhere, for the choice',
  )
  const civil = (await app.inject({ method: 'GET', url: `/api/province/report?from=${from}&to=${to}&service=HT`, headers: admin.headers })).json()
  t.ok(
    civil.centres.every((c: { figures: { issued: number } | null }) => c.figures !== null && c.figures.issued > 0),
    'civil status at both',
  )

  const csv = await app.inject({ method: 'GET', url: `/api/province/report.csv?from=${from}&to=${to}&sep=semicolon`, headers: admin.headers })
  t.equal(csv.statusCode, 200)
  t.match(csv.headers['content-disposition'], /bao-cao-cac-trung-tam_2026-11-09_2026-11-22\.csv/)
  const lines = csv.body
    .replace(/^\ufeff/, '')
    .trim()
    .split('\r\n')
  t.equal(lines.length, 3, 'a header and a row per centre')
  t.match(lines[0], /^Trung tâm;Mã;Số phiếu cấp;/)
  t.ok(
    lines.some((l) => l.startsWith('Trung tâm Phục vụ hành chính công xã Phú Lộc;XA-PHULOC;')),
    'the commune by name and code',
  )

  const xlsx = await app.inject({ method: 'GET', url: `/api/province/report.xlsx?from=${from}&to=${to}`, headers: admin.headers })
  t.equal(xlsx.statusCode, 200)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
  const sheet = book.worksheets[0]!
  t.equal(sheet.name, 'Theo trung tâm')
  t.equal(sheet.getCell('A1').value, 'Báo cáo các trung tâm trong tỉnh')

  for (const [query, code] of [
    ['from=2026-02-30&to=2026-03-01', 'report_bad_date'],
    [`from=${to}&to=${from}`, 'report_range_reversed'],
    ['from=2025-01-01&to=2026-11-22', 'report_range_too_long'],
  ] as const) {
    const bad = await app.inject({ method: 'GET', url: `/api/province/report?${query}`, headers: admin.headers })
    t.equal(bad.statusCode, 400)
    t.equal(bad.json().code, code)
  }
})

t.test('day summaries are kept: a restarted server answers from them; a changed target or a late ticket makes them again', async (t) => {
  const first = await build(t)
  const { app, clock } = first
  const admin = await login(app, 'admin')
  const created = await app.inject({
    method: 'POST',
    url: '/api/province/sites',
    headers: admin.headers,
    payload: { name: 'Trung tâm Phục vụ hành chính công xã Thạnh Mỹ Tây', code: 'XA-THANHMYTAY', catalogue: ['HT', 'CT'] },
  })
  const commune = created.json().site.id as number
  const now = clock.now()
  await generateHistory(app.database, { siteId: 1, days: 10, ticketsPerDay: 80, seed: 3, now, addCounters: false })
  await generateHistory(app.database, { siteId: commune, days: 10, ticketsPerDay: 20, seed: 4, now, addCounters: false })
  const url = '/api/province/report?from=2026-11-01&to=2026-11-30'
  const ask = async (target: typeof app, who = admin) => {
    const res = await target.inject({ method: 'GET', url, headers: who.headers })
    t.equal(res.statusCode, 200, res.body)
    return res.json() as { centres: { siteId: number; figures: { issued: number; withinTarget: { count: number } } }[] }
  }
  const centre = (report: Awaited<ReturnType<typeof ask>>, siteId: number) => report.centres.find((c) => c.siteId === siteId)!.figures

  const before = await ask(app)
  const days = Number(
    await sqlValue(app, "select count(distinct site_id || ':' || service_day) from tickets where service_day between '2026-11-01' and '2026-11-30'"),
  )
  t.ok(days >= 10, `${days} centre-days with tickets`)
  t.equal(Number(await sqlValue(app, 'select count(*) from report_summaries')), days, 'a summary kept for each of them')

  // A target moved makes the summaries of that centre's days stale: the share within target follows.
  const civil = await serviceId(app, 'HT')
  const patched = await app.inject({ method: 'PATCH', url: `/api/admin/services/${civil}`, headers: admin.headers, payload: { targetWaitMinutes: 1 } })
  t.equal(patched.statusCode, 200, patched.body)
  const tighter = await ask(app)
  t.ok(centre(tighter, 1).withinTarget.count < centre(before, 1).withinTarget.count, 'fewer within a one-minute target')
  t.same(centre(tighter, commune), centre(before, commune), "the commune's own HT is another service: unchanged")

  // A restart: the facts are emptied, so a report that still adds up read the kept summaries.
  await sqlRun(app, `update report_days set facts = ${first.databaseUrl ? "''::bytea" : "x''"}`)
  await app.close()
  const second = await build(t, { sameDatabaseAs: first })
  const admin2 = await login(second.app, 'admin')
  t.same(await ask(second.app, admin2), tighter, 'the same report from the summaries alone')

  // A ticket added to a finished day (as a restored backup or an import could) changes its highest
  // id: that day is summarized again from its tickets.
  const lastDay = await sqlValue<string>(second.app, 'select max(service_day) from tickets where site_id = ?', [commune])
  await sqlRun(
    second.app,
    `insert into tickets (site_id, service_id, service_day, number, seq_no, status, issued_at, queued_at, called_at, serving_at, finished_at,
       counter_id, staff_id, recall_count, tracking_code)
     select site_id, service_id, service_day, number, seq_no + 1000, status, issued_at, queued_at, called_at, serving_at, finished_at,
       counter_id, staff_id, recall_count, 'late-ticket' from tickets where id = (select max(id) from tickets where site_id = ? and service_day = ?)`,
    [commune, lastDay!],
  )
  const later = await ask(second.app, admin2)
  t.equal(centre(later, commune).issued, centre(tighter, commune).issued + 1, 'the late ticket is counted')
  t.same(centre(later, 1), centre(tighter, 1), 'the other centre as it was')
})

t.test('a restarted server summarizes the finished days by itself, before anyone asks for the report', async (t) => {
  const first = await build(t)
  const admin = await login(first.app, 'admin')
  await first.app.inject({
    method: 'POST',
    url: '/api/province/sites',
    headers: admin.headers,
    payload: { name: 'Xã Phú Lộc', code: 'XA-PHULOC', catalogue: ['HT'] },
  })
  await generateHistory(first.app.database, { siteId: 1, days: 5, ticketsPerDay: 40, seed: 11, now: first.clock.now(), addCounters: false })
  const kept = () => sqlValue(second.app, 'select count(*) from report_summaries').then(Number)
  t.equal(Number(await sqlValue(first.app, 'select count(*) from report_summaries')), 0, 'nothing summarized yet: the history came after the start')
  await first.app.close()
  const second = await build(t, { sameDatabaseAs: first })
  const days = Number(await sqlValue(second.app, 'select count(distinct service_day) from tickets where site_id = 1'))
  t.ok(days > 0)
  for (let i = 0; i < 100 && (await kept()) < days; i++) await new Promise((r) => setTimeout(r, 100))
  t.equal(await kept(), days, 'every finished day with tickets has its summary, with no report asked')
})
