/**
 * A report as tables with Vietnamese headers, for the CSV and XLSX exports: one table per
 * breakdown, all with the same figure columns. Durations are in minutes, shares in percent.
 */
import { RATING_LABELS } from '../../../shared/ratings.js'
import type { DurationStats, ReportFigures, ReportRow, ReportSummary } from '../../../shared/reports.js'

export type Cell = string | number | null

export interface Column {
  header: string
  /** Excel number format; text when absent. A `dd/mm/yyyy` column holds days written YYYY-MM-DD. */
  format?: '0' | '0.0' | '0.0%' | 'dd/mm/yyyy'
  width: number
}

export interface Table {
  /** Sheet name (at most 31 characters) and the CSV section name. */
  name: string
  columns: Column[]
  rows: Cell[][]
}

const WEEKDAYS = ['', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật']

const minutes = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 6_000) / 10)

function durationColumns(what: string): Column[] {
  return [
    { header: `${what} trung bình (phút)`, format: '0.0', width: 14 },
    { header: `${what} trung vị (phút)`, format: '0.0', width: 14 },
    { header: `${what} phân vị 90 (phút)`, format: '0.0', width: 14 },
    { header: `${what} dài nhất (phút)`, format: '0.0', width: 14 },
  ]
}

export const FIGURE_COLUMNS: Column[] = [
  { header: 'Số phiếu cấp', format: '0', width: 11 },
  { header: 'Đã phục vụ', format: '0', width: 11 },
  { header: 'Vắng mặt', format: '0', width: 10 },
  { header: 'Đã hủy', format: '0', width: 9 },
  { header: 'Chuyển đi', format: '0', width: 10 },
  { header: 'Tồn cuối ngày', format: '0', width: 11 },
  { header: 'Quay lại sau vắng', format: '0', width: 11 },
  { header: 'Số lần gọi lại', format: '0', width: 11 },
  ...durationColumns('Chờ'),
  ...durationColumns('Phục vụ'),
  { header: 'Được gọi trong thời gian chờ mục tiêu', format: '0.0%', width: 16 },
  { header: 'Lượt đánh giá', format: '0', width: 10 },
  { header: 'Điểm hài lòng trung bình (1–5)', format: '0.0', width: 14 },
  { header: 'Tỷ lệ hài lòng', format: '0.0%', width: 12 },
  ...[5, 4, 3, 2, 1].map((level): Column => ({ header: RATING_LABELS.vi[level]!, format: '0', width: 11 })),
  { header: 'Đánh giá tại quầy', format: '0', width: 10 },
  { header: 'Tỷ lệ hài lòng tại quầy', format: '0.0%', width: 12 },
  { header: 'Đánh giá qua điện thoại', format: '0', width: 10 },
  { header: 'Tỷ lệ hài lòng qua điện thoại', format: '0.0%', width: 12 },
]

function durationCells(d: DurationStats): Cell[] {
  return [minutes(d.mean), minutes(d.median), minutes(d.p90), minutes(d.max)]
}

const share = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000)

export function figureCells(f: ReportFigures): Cell[] {
  return [
    f.issued,
    f.served,
    f.noShow,
    f.cancelled,
    f.transferred,
    f.closed,
    f.returned,
    f.recalls,
    ...durationCells(f.wait),
    ...durationCells(f.service),
    f.withinTarget.share === null ? null : Math.round(f.withinTarget.share * 1000) / 1000,
    f.rating.count,
    f.rating.mean === null ? null : Math.round(f.rating.mean * 10) / 10,
    share(f.rating.satisfiedShare),
    ...[5, 4, 3, 2, 1].map((level) => f.rating.levels[level - 1] ?? 0),
    f.rating.device.count,
    share(f.rating.device.satisfiedShare),
    f.rating.phone.count,
    share(f.rating.phone.satisfiedShare),
  ]
}

function labeller(summary: ReportSummary) {
  const { services, counters, staff, priorityGroups } = summary.lookups
  return {
    service: (id: number | null) => {
      const s = services.find((x) => x.id === id)
      return s ? `${s.code} – ${s.nameVi}` : `#${id}`
    },
    counter: (id: number | null) => (id === null ? '(chưa được gọi)' : (counters.find((x) => x.id === id)?.name ?? `#${id}`)),
    staff: (id: number | null) => (id === null ? '(chưa được gọi)' : (staff.find((x) => x.id === id)?.displayName ?? `#${id}`)),
    priorityGroup: (id: number | null) => (id === null ? 'Thường (không ưu tiên)' : (priorityGroups.find((x) => x.id === id)?.nameVi ?? `#${id}`)),
  }
}

function breakdown(name: string, keyHeader: string, rows: ReportRow[], label: (key: number | null) => string): Table {
  return {
    name,
    columns: [{ header: keyHeader, width: 28 }, ...FIGURE_COLUMNS],
    rows: rows.map((r) => [label(r.key), ...figureCells(r)]),
  }
}

/**
 * Text a spreadsheet would read as a formula (= + - @, or a tab or CR that some programs skip
 * before one) gets a leading apostrophe, as OWASP advises for CSV injection: a staff member named
 * "=HYPERLINK(...)" must stay a name when the export is opened in Excel or LibreOffice.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** 2026-11-23 → 23/11/2026. */
export const dayVi = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`

/** The title of an export: the centre and the period. */
export function reportTitle(summary: ReportSummary): { centre: string; period: string } {
  const { from, to } = summary.query
  return {
    centre: summary.siteName,
    period: from === to ? `Báo cáo thời gian chờ ngày ${dayVi(from)}` : `Báo cáo thời gian chờ từ ngày ${dayVi(from)} đến ngày ${dayVi(to)}`,
  }
}

/** The filters in words, for the title rows. */
export function describeQuery(summary: ReportSummary): [string, string][] {
  const label = labeller(summary)
  const q = summary.query
  return [
    ['Từ ngày', q.from],
    ['Đến ngày', q.to],
    ['Lĩnh vực', q.serviceId === null ? 'Tất cả' : label.service(q.serviceId)],
    ['Quầy', q.counterId === null ? 'Tất cả' : label.counter(q.counterId)],
    ['Cán bộ', q.staffId === null ? 'Tất cả' : label.staff(q.staffId)],
    ['Đối tượng ưu tiên', q.priorityGroupId === null ? 'Tất cả' : label.priorityGroup(q.priorityGroupId)],
  ]
}

export function reportTables(summary: ReportSummary): Table[] {
  const label = labeller(summary)
  return [
    { name: 'Tổng hợp', columns: [{ header: 'Phạm vi', width: 28 }, ...FIGURE_COLUMNS], rows: [['Tổng cộng', ...figureCells(summary.totals)]] },
    breakdown('Theo lĩnh vực', 'Lĩnh vực', summary.byService, label.service),
    breakdown('Theo quầy', 'Quầy', summary.byCounter, label.counter),
    breakdown('Theo cán bộ', 'Cán bộ', summary.byStaff, label.staff),
    breakdown('Theo đối tượng', 'Đối tượng', summary.byPriorityGroup, label.priorityGroup),
    breakdown('Theo giờ', 'Giờ đến', summary.byHour, (h) => `${String(h).padStart(2, '0')}:00–${String(h).padStart(2, '0')}:59`),
    breakdown('Theo thứ', 'Thứ', summary.byWeekday, (d) => WEEKDAYS[d ?? 0] ?? String(d)),
    {
      name: 'Theo ngày',
      columns: [{ header: 'Ngày', format: 'dd/mm/yyyy', width: 12 }, ...FIGURE_COLUMNS],
      rows: summary.daily.map((d) => [d.day, ...figureCells(d)]),
    },
  ]
}

/** Columns of the staff table (server/src/reports/staff-figures.ts defines each figure). */
export const STAFF_COLUMNS: Column[] = [
  { header: 'Ngày', format: 'dd/mm/yyyy', width: 12 },
  { header: 'Cán bộ', width: 28 },
  { header: 'Đã phục vụ', format: '0', width: 11 },
  { header: 'Phục vụ trung bình, không tính tạm gác (phút)', format: '0.0', width: 16 },
  { header: 'Từ gọi đến bắt đầu trung bình (phút)', format: '0.0', width: 16 },
  { header: 'Thời gian quầy mở (phút)', format: '0.0', width: 13 },
  { header: 'Thời gian rảnh khi quầy mở (phút)', format: '0.0', width: 15 },
  { header: 'Thời gian tạm gác (phút)', format: '0.0', width: 13 },
  { header: 'Số phiếu tạm gác', format: '0', width: 11 },
  { header: 'Kết quả giải quyết', width: 24 },
]

/** The staff table: one row per officer and day. Outcomes as "outcome: count" pairs. */
export function staffTable(summary: ReportSummary): Table {
  const label = labeller(summary)
  return {
    name: 'Cán bộ theo ngày',
    columns: STAFF_COLUMNS,
    rows: summary.staffDays.map((r) => [
      r.day,
      label.staff(r.staffId),
      r.served,
      minutes(r.serviceMean),
      minutes(r.callToStartMean),
      minutes(r.openMs),
      minutes(r.idleMs),
      minutes(r.asideMs),
      r.asideTickets,
      r.outcomes.map((o) => `${o.outcome}: ${o.count}`).join('; '),
    ]),
  }
}

/** How a CSV separates columns and writes decimals. */
export type CsvDialect = 'comma' | 'semicolon'

/**
 * CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Vietnamese as Latin-1), CRLF,
 * quoted where needed; one header row, then every breakdown, named in the first column. Shares are
 * written as percentages (85.3), durations as minutes with one decimal.
 *
 * Excel splits a CSV it opens on the list separator of Windows' regional settings: a comma in
 * English settings, a semicolon in Vietnamese ones, where the decimal separator is a comma. So
 * `comma` writes `12.5` between commas, and `semicolon` writes `12,5` between semicolons.
 */
export function toCsv(summary: ReportSummary, dialect: CsvDialect = 'comma'): string {
  const columns: Column[] = [
    { header: 'Nhóm', width: 0 },
    { header: 'Mục', width: 0 },
  ]
  const rows = reportTables(summary).flatMap((table) => table.rows.map(([key, ...figures]) => [table.name, key ?? '', ...figures]))
  // The staff table has columns of its own: a section after an empty line, with its own header row.
  const staff = staffTable(summary)
  const staffCsv = csvOf(
    [{ header: 'Nhóm', width: 0 }, ...staff.columns],
    staff.rows.map((r) => [staff.name, ...r]),
    dialect,
  )
  return csvOf([...columns, ...FIGURE_COLUMNS], rows, dialect) + '\r\n' + staffCsv.replace(/^\ufeff/, '')
}

/** Any table as CSV (see `toCsv`): shares as percentages, numbers in the dialect's decimal. */
export function csvOf(columns: Column[], rows: Cell[][], dialect: CsvDialect = 'comma'): string {
  const separator = dialect === 'semicolon' ? ';' : ','
  const needsQuotes = dialect === 'semicolon' ? /[";\r\n]/ : /[",\r\n]/
  const quote = (c: Cell) => {
    if (c === null) return ''
    const s = typeof c === 'number' ? (dialect === 'semicolon' ? String(c).replace('.', ',') : String(c)) : neutralizeFormula(c)
    return needsQuotes.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const percent = columns.map((c) => c.format === '0.0%')
  const lines = [
    columns
      .map((c, i) => (percent[i] ? `${c.header} (%)` : c.header))
      .map(quote)
      .join(separator),
  ]
  for (const row of rows) {
    lines.push(row.map((c, i) => quote(percent[i] && typeof c === 'number' ? Math.round(c * 1000) / 10 : c)).join(separator))
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n'
}
