/**
 * Reads a province's procedure list (danh mục thủ tục hành chính) from CSV: one procedure a row,
 * columns field code, procedure code, Vietnamese name, papers (separated by ';' or by line breaks
 * within the cell), and optionally the English name. UTF-8 with or without a byte-order mark; a
 * first row of column titles is recognised and skipped; commas or tabs between columns (Excel's
 * "CSV UTF-8" writes commas; copying from a sheet gives tabs). Pure: no database.
 */
import { searchText } from '../../../../shared/search-text.js'

export interface CsvProcedureRow {
  /** The row's line number in the file (1-based, where the row starts), for the administrator. */
  line: number
  fieldCode: string
  code: string
  nameVi: string
  nameEn: string
  papers: string[]
}

export const PROCEDURE_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/
export const NAME_MAX = 300
export const PAPER_MAX = 300
export const PAPERS_MAX = 30
export const IMPORT_ROWS_MAX = 2000

/** RFC 4180 fields: quoted fields may hold the delimiter, quotes (doubled) and line breaks. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const src = text.replace(/^\uFEFF/, '')
  const firstLine = src.split(/\r?\n/, 1)[0] ?? ''
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ','
  const rows: { line: number; cells: string[] }[] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let rowLine = 1
  for (let i = 0; i < src.length; i++) {
    const c = src[i]
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          cell += '"'
          i++
        } else quoted = false
      } else {
        if (c === '\n') line++
        cell += c
      }
      continue
    }
    if (c === '"' && cell === '') quoted = true
    else if (c === delimiter) {
      cells.push(cell)
      cell = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++
      cells.push(cell)
      rows.push({ line: rowLine, cells })
      cells = []
      cell = ''
      line++
      rowLine = line
    } else cell += c
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell)
    rows.push({ line: rowLine, cells })
  }
  return rows.filter((r) => r.cells.some((c) => c.trim() !== ''))
}

/** Whether a row is the column titles ("Mã lĩnh vực, Mã thủ tục, …" or "field, code, …"). */
function isHeader(cells: string[]): boolean {
  const first = searchText(cells[0] ?? '')
  return first.includes('linh vuc') || first.includes('field') || first === 'ma' || first.startsWith('ma ')
}

/** Papers as a cell lists them: split on ';' and line breaks, numbering and bullets left to the text. */
export function splitPapers(cell: string): string[] {
  return cell
    .split(/[;\n\r]+/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
}

export function readProcedureCsv(text: string): CsvProcedureRow[] {
  const rows = parseCsv(text)
  if (rows.length > 0 && isHeader(rows[0]!.cells)) rows.shift()
  return rows.map(({ line, cells }) => ({
    line,
    fieldCode: (cells[0] ?? '').trim().toUpperCase(),
    code: (cells[1] ?? '').trim(),
    nameVi: (cells[2] ?? '').replace(/\s+/g, ' ').trim(),
    papers: splitPapers(cells[3] ?? ''),
    nameEn: (cells[4] ?? '').replace(/\s+/g, ' ').trim(),
  }))
}
