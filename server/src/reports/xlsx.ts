/**
 * The report as an Excel workbook, written with ExcelJS: one sheet per breakdown, each opening with
 * the centre's name and the period, then (on the first sheet) the filters, then a bold header row
 * that stays frozen while scrolling. Figures are real cells: counts and minutes are numbers, shares
 * are fractions with a percent format, days are Excel dates shown dd/mm/yyyy, so a manager can sum,
 * sort and chart them without retyping.
 */
import type ExcelJS from 'exceljs'
import type { ReportSummary } from '../../../shared/reports.js'
import { describeQuery, neutralizeFormula, reportTables, reportTitle, staffTable, type Cell, type Column, type Table } from './tables.js'

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } }

/** A day written YYYY-MM-DD as the Date ExcelJS stores as that calendar day (UTC midnight). */
function excelDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`)
}

function cellValue(value: Cell, column: Column | undefined): ExcelJS.CellValue {
  if (value === null || value === '') return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (column?.format === 'dd/mm/yyyy' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return excelDay(value)
  // ExcelJS writes a string as text, never as a formula; the apostrophe keeps it text when the
  // sheet is saved again as CSV or the cell is edited.
  return neutralizeFormula(value)
}

/** Sheet names: at most 31 characters, none of []:*?/\ , unique. */
function sheetNames(tables: Table[]): string[] {
  const used = new Set<string>()
  return tables.map((t, i) => {
    let name = t.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || `Sheet${i + 1}`
    while (used.has(name)) name = `${name.slice(0, 28)} ${i + 1}`
    used.add(name)
    return name
  })
}

function addSheet(book: ExcelJS.Workbook, name: string, table: Table, title: { centre: string; period: string }, filters: [string, string | Date][]): void {
  const sheet = book.addWorksheet(name)
  sheet.columns = table.columns.map((c) => ({ width: c.width }))
  const centre = sheet.addRow([neutralizeFormula(title.centre)])
  centre.font = { bold: true, size: 14 }
  sheet.addRow([title.period]).font = { bold: true }
  for (const [label, value] of filters) {
    const row = sheet.addRow([label, value])
    row.getCell(1).font = { bold: true }
    if (value instanceof Date) {
      row.getCell(2).numFmt = 'dd/mm/yyyy'
      row.getCell(2).alignment = { horizontal: 'left' }
    }
  }
  sheet.addRow([])
  const header = sheet.addRow(table.columns.map((c) => c.header))
  header.font = { bold: true }
  header.alignment = { wrapText: true, vertical: 'middle' }
  header.eachCell((cell) => (cell.fill = HEADER_FILL))
  for (const values of table.rows) {
    const row = sheet.addRow(values.map((v, i) => cellValue(v, table.columns[i])))
    table.columns.forEach((c, i) => {
      if (c.format) row.getCell(i + 1).numFmt = c.format
    })
  }
  sheet.views = [{ state: 'frozen', ySplit: header.number, xSplit: 1, topLeftCell: `B${header.number + 1}` }]
}

/** The workbook as bytes. */
export async function toXlsx(summary: ReportSummary): Promise<Buffer> {
  const title = reportTitle(summary)
  return workbookOf(`${summary.siteName} – ${title.period}`, title, describeQuery(summary), [...reportTables(summary), staffTable(summary)])
}

/** Tables as a workbook, a sheet each; `filters` (label, value: YYYY-MM-DD days become dates) head the first. */
export async function workbookOf(bookTitle: string, title: { centre: string; period: string }, filters: [string, string][], tables: Table[]): Promise<Buffer> {
  // Loaded on the first export, not at start: ExcelJS takes about a fifth of the server's start-up
  // (0.5–0.9 s of module loading), and most processes never write a workbook.
  const { default: Excel } = await import('exceljs')
  const book = new Excel.Workbook()
  book.creator = 'Hàng chờ'
  book.title = bookTitle
  const heading: [string, string | Date][] = filters.map(([label, value]) => [
    label,
    /^\d{4}-\d{2}-\d{2}$/.test(value) ? excelDay(value) : neutralizeFormula(value),
  ])
  const names = sheetNames(tables)
  tables.forEach((table, i) => addSheet(book, names[i]!, table, title, i === 0 ? heading : []))
  return Buffer.from(await book.xlsx.writeBuffer())
}
