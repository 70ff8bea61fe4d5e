/**
 * Every centre side by side for one period (GET /api/province/report): the reports' range presets
 * and day fields, a choice of field, a table sorted by any column (nulls last either way), a link
 * per centre to its own reports, exports to Excel and CSV, and a page that prints without the app.
 */
import { css, html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import { DEFAULT_TIME_ZONE } from '../../../shared/constants.js'
import { serviceDayOf } from '../../../shared/local-time.js'
import { presetRange, type ProvinceCentreRow, type ProvinceReport, type ReportFigures, type ReportPreset } from '../../../shared/reports.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { customPeriodForm, presetButtons, type PeriodChoice } from '../reports/period-controls.js'
import { formatCount, formatDay, formatPrintedAt, formatShare } from '../reports/format.js'
import { t as rt, type ReportMessage } from '../reports/messages.js'
import type { ProvinceKey } from './messages.js'
import { ProvinceScreen } from './province-screen.js'

const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' }
const NAMES = new Intl.Collator('vi')

/** A duration as minutes with one decimal in the page's language: 450 000 ms → "7,5" (vi). */
function minutes(ms: number | null, lang: Lang): string {
  if (ms === null) return '–'
  return new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 60_000)
}

function oneDecimal(n: number | null, lang: Lang): string {
  return n === null ? '–' : new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n)
}

interface Column {
  key: string
  /** The full name (the heading's accessible name) … */
  label: ProvinceKey
  /** … and, under a group's heading, the short one shown. */
  short?: ProvinceKey
  group?: ProvinceKey
  /** What the column sorts by; null sorts last whichever way. */
  value: (row: ProvinceCentreRow) => number | string | null
  /** A figure's cell text (name and code are drawn by the table itself). */
  text?: (f: ReportFigures, lang: Lang) => string
}

const fig =
  (pick: (f: ReportFigures) => number | null) =>
  (row: ProvinceCentreRow): number | null =>
    row.figures ? pick(row.figures) : null

const COLUMNS: Column[] = [
  { key: 'name', label: 'colCentre', value: (r) => r.name },
  { key: 'code', label: 'colCode', value: (r) => r.code },
  { key: 'issued', label: 'colIssued', value: fig((f) => f.issued), text: (f, l) => formatCount(f.issued, l) },
  { key: 'served', label: 'colServed', value: fig((f) => f.served), text: (f, l) => formatCount(f.served, l) },
  { key: 'noShow', label: 'colNoShow', value: fig((f) => f.noShow), text: (f, l) => formatCount(f.noShow, l) },
  {
    key: 'waitMean',
    label: 'colWaitMean',
    group: 'groupWait',
    short: 'shortMean',
    value: fig((f) => f.wait.mean),
    text: (f, l) => minutes(f.wait.mean, l),
  },
  {
    key: 'waitMedian',
    label: 'colWaitMedian',
    group: 'groupWait',
    short: 'shortMedian',
    value: fig((f) => f.wait.median),
    text: (f, l) => minutes(f.wait.median, l),
  },
  { key: 'waitP90', label: 'colWaitP90', group: 'groupWait', short: 'shortP90', value: fig((f) => f.wait.p90), text: (f, l) => minutes(f.wait.p90, l) },
  {
    key: 'within',
    label: 'colWithin',
    short: 'colWithinShort',
    value: fig((f) => f.withinTarget.share),
    text: (f, l) => formatShare(f.withinTarget.share, l),
  },
  { key: 'serviceMean', label: 'colServiceMean', value: fig((f) => f.service.mean), text: (f, l) => minutes(f.service.mean, l) },
  {
    key: 'rating',
    label: 'colRating',
    group: 'groupRating',
    short: 'shortRating',
    value: fig((f) => f.rating.mean),
    text: (f, l) => oneDecimal(f.rating.mean, l),
  },
  {
    key: 'satisfied',
    label: 'colSatisfied',
    group: 'groupRating',
    short: 'shortShare',
    value: fig((f) => f.rating.satisfiedShare),
    text: (f, l) => formatShare(f.rating.satisfiedShare, l),
  },
]

type Direction = 'ascending' | 'descending'

/** Rows in the column's order; rows without a value keep the server's order after the others. */
export function sortRows(rows: readonly ProvinceCentreRow[], column: Column | undefined, direction: Direction): ProvinceCentreRow[] {
  if (!column) return [...rows]
  const sign = direction === 'ascending' ? 1 : -1
  return rows
    .map((row, index) => ({ row, index, v: column.value(row) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.index - b.index : a.v === null ? 1 : -1
      const c = typeof a.v === 'string' || typeof b.v === 'string' ? NAMES.compare(String(a.v), String(b.v)) : a.v - b.v
      return c === 0 ? a.index - b.index : sign * c
    })
    .map((x) => x.row)
}

@customElement('qms-province-report')
export class QmsProvinceReport extends ProvinceScreen {
  static override styles = [
    ...ProvinceScreen.styles,
    css`
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        gap: 0.8rem 1rem;
        padding: 0.9rem 1rem;
        margin-bottom: 1rem;
        overflow: visible;
      }
      .presets {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem;
      }
      .presets button {
        padding: 0.55rem 0.7rem;
      }
      .presets button[aria-pressed='true'],
      .dates button[aria-pressed='true'] {
        background: var(--qms-primary);
        border-color: var(--qms-primary);
        color: #fff;
      }
      .dates {
        display: flex;
        gap: 0.5rem;
        align-items: flex-end;
      }
      .toolbar label {
        display: grid;
        gap: 0.25rem;
        font-size: 0.85rem;
        font-weight: 600;
        color: var(--qms-muted);
      }
      .toolbar select {
        width: 13rem;
      }
      .exports {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      a.button {
        font-weight: 600;
        text-decoration: none;
        border-radius: var(--qms-radius);
        border: 1px solid var(--qms-primary);
        background: var(--qms-primary);
        color: #fff;
        padding: 0.55rem 1rem;
        line-height: 1.2;
        white-space: nowrap;
      }
      a.button.secondary {
        background: var(--qms-card);
        color: var(--qms-primary-dark);
      }
      .period {
        margin: 0.35rem 0 0;
        font-size: 1.05rem;
        font-weight: 700;
        color: var(--qms-primary-dark);
      }
      .scroll {
        overflow-x: auto;
      }
      table {
        font-variant-numeric: tabular-nums;
      }
      th {
        text-transform: none;
        letter-spacing: 0;
        font-size: 0.8rem;
        padding: 0;
        white-space: normal;
        vertical-align: bottom;
        text-align: right;
      }
      th button {
        all: unset;
        box-sizing: border-box;
        display: flex;
        align-items: flex-end;
        justify-content: flex-end;
        gap: 0.25rem;
        width: 100%;
        padding: 0.55rem 0.5rem;
        cursor: pointer;
        font-weight: 700;
        line-height: 1.25;
      }
      th button:hover {
        color: var(--qms-primary-dark);
      }
      th button:focus-visible {
        outline: 3px solid #7fb2ee;
        outline-offset: -3px;
      }
      th:not(.text) button {
        min-width: 4.9rem;
      }
      th .arrow {
        flex-shrink: 0;
        width: 0.8em;
        color: var(--qms-primary);
      }
      th[aria-sort] {
        color: var(--qms-primary-dark);
        background: var(--qms-primary-soft);
      }
      th.group {
        text-align: center;
        padding: 0.45rem 0.6rem 0.1rem;
        border-bottom: 0;
        white-space: nowrap;
        color: var(--qms-ink);
      }
      th.group + th.group,
      th.group {
        border-left: 1px solid var(--qms-line);
        border-right: 1px solid var(--qms-line);
      }
      th.in-group span {
        white-space: nowrap;
      }
      th.text,
      td.text {
        text-align: left;
      }
      th.text button {
        justify-content: flex-start;
      }
      td {
        padding: 0.55rem 0.5rem;
        text-align: right;
        white-space: nowrap;
      }
      td.centre {
        white-space: normal;
        min-width: 12rem;
        max-width: 22rem;
        font-weight: 600;
      }
      td.centre .sub {
        font-weight: 400;
      }
      td.none {
        color: var(--qms-muted);
        text-align: center;
      }
      a.drill {
        display: block;
        width: max-content;
        margin-top: 0.1rem;
        font-size: 0.85rem;
        color: var(--qms-primary-dark);
        font-weight: 600;
      }
      .busy {
        opacity: 0.55;
        transition: opacity 0.2s;
      }
      .definitions {
        font-size: 0.82rem;
        color: var(--qms-muted);
        max-width: 70rem;
      }
      .print-only {
        display: none;
      }
      @media print {
        .toolbar,
        .exports,
        .page-head,
        a.drill {
          display: none;
        }
        .print-only {
          display: block;
        }
        .print-head {
          display: flex;
          justify-content: space-between;
          gap: 1rem;
          border-bottom: 1px solid #999;
          padding-bottom: 0.3rem;
          margin-bottom: 0.6rem;
          font-size: 9pt;
        }
        h1.print-only {
          font-size: 14pt;
          margin: 0 0 0.4rem;
        }
        .card {
          border-color: #999;
          border-radius: 0;
        }
        .scroll {
          overflow: visible;
        }
        table {
          font-size: 8pt;
        }
        th {
          font-size: 7pt;
          background: #fff;
        }
        th button {
          padding: 0.2rem 0.25rem;
        }
        th .arrow {
          display: none;
        }
        th[aria-sort] {
          background: #fff;
        }
        td {
          padding: 0.2rem 0.25rem;
        }
        td.centre {
          min-width: 0;
        }
        td.centre .sub {
          font-size: 0.9em;
        }
        th:not(.text) button {
          min-width: 0;
        }
        tr {
          break-inside: avoid;
        }
      }
    `,
  ]

  @state() private preset: ReportPreset | 'custom' = 'this_month'
  @state() private from = ''
  @state() private to = ''
  @state() private customFrom = ''
  @state() private customTo = ''
  @state() private service = ''
  @state() private report: ProvinceReport | null = null
  @state() private error = ''
  @state() private loading = false
  @state() private sortKey = ''
  @state() private direction: Direction = 'ascending'
  /** When the page was (last) printed; the printed header shows it. */
  @state() private printedAt = Date.now()
  readonly #beforePrint = () => (this.printedAt = Date.now())
  #abort: AbortController | null = null

  private r(key: ReportMessage, params?: Record<string, string | number>): string {
    return rt(this.uiLang, key, params)
  }

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener('beforeprint', this.#beforePrint)
    if (!this.from) this.choose('this_month')
  }

  override disconnectedCallback(): void {
    window.removeEventListener('beforeprint', this.#beforePrint)
    this.#abort?.abort()
    super.disconnectedCallback()
  }

  private period(): PeriodChoice {
    return { preset: this.preset, customFrom: this.customFrom, customTo: this.customTo }
  }

  private readonly say = (key: ReportMessage) => this.r(key)

  private choose(preset: ReportPreset): void {
    const range = presetRange(preset, serviceDayOf(Date.now(), DEFAULT_TIME_ZONE))
    this.preset = preset
    this.customFrom = range.from
    this.customTo = range.to
    this.run(range.from, range.to, this.service)
  }

  private applyCustom(event: Event): void {
    event.preventDefault()
    if (!this.customFrom || !this.customTo) return
    this.preset = 'custom'
    this.run(this.customFrom, this.customTo, this.service)
  }

  private query(): string {
    const q = new URLSearchParams({ from: this.from, to: this.to })
    if (this.service) q.set('service', this.service)
    return q.toString()
  }

  private run(from: string, to: string, service: string): void {
    this.from = from
    this.to = to
    this.service = service
    void this.load()
  }

  private async load(): Promise<void> {
    this.#abort?.abort()
    const abort = new AbortController()
    this.#abort = abort
    this.loading = true
    this.error = ''
    try {
      // Every centre's year on an old server takes a moment: more than the default wait.
      const report = await this.call<ProvinceReport>(`/api/province/report?${this.query()}`, { signal: abort.signal, timeoutMs: 60_000 })
      if (!abort.signal.aborted) this.report = report
    } catch (err) {
      if (!abort.signal.aborted) this.error = this.refusalOf(err)
    } finally {
      if (!abort.signal.aborted) this.loading = false
    }
  }

  private sortBy(key: string): void {
    if (this.sortKey === key) this.direction = this.direction === 'ascending' ? 'descending' : 'ascending'
    else {
      this.sortKey = key
      this.direction = 'ascending'
    }
  }

  override render() {
    const lang = this.uiLang
    const period = this.p('reportPeriod', { from: formatDay(this.from || this.customFrom, lang), to: formatDay(this.to || this.customTo, lang) })
    const q = this.query()
    const service = this.report?.services.find((s) => s.code === this.service)
    return html`
      <div class="print-only print-head" data-print-head>
        <span data-printed-service
          >${this.p('printedService', { service: service ? `${service.code} – ${lang === 'en' ? service.nameEn : service.nameVi}` : this.p('allServices') })}</span
        >
        <span>${this.r('printedAt', { at: formatPrintedAt(this.printedAt, DEFAULT_TIME_ZONE, lang) })}</span>
      </div>
      <h1 class="print-only" data-print-title>${this.p('printTitle', { from: formatDay(this.from, lang), to: formatDay(this.to, lang) })}</h1>
      <div class="page-head">
        <div>
          <h1>${this.p('reportHeading')}</h1>
          <p class="lead">${this.p('reportHint')}</p>
          <p class="period" data-period>${period}</p>
        </div>
        <div class="exports">
          <a class="button" href="/api/province/report.xlsx?${q}" download data-export="xlsx">${this.r('exportXlsx')}</a>
          <a class="button secondary" href="/api/province/report.csv?${q}" download data-export="csv">${this.r('exportCsv')}</a>
          <a class="button secondary" href="/api/province/report.csv?${q}&sep=semicolon" download data-export="csv-semicolon" title=${this.r('exportCsvSemicolonHint')}
            >${this.r('exportCsvSemicolon')}</a
          >
          <button type="button" data-print @click=${() => window.print()}>${this.r('print')}</button>
        </div>
      </div>
      ${this.renderToolbar()}
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : nothing}
      ${
        !this.report
          ? html`<div class="card"><p class="empty">${this.r('loading')}</p></div>`
          : html`<div class="card scroll ${this.loading ? 'busy' : ''}" aria-busy=${this.loading ? 'true' : 'false'}>${this.renderTable(this.report)}</div>`
      }
      <p class="definitions">${this.p('definitions')}</p>
    `
  }

  private renderToolbar() {
    const lang = this.uiLang
    return html`<div class="card toolbar">
      <div class="presets" role="group">${presetButtons(this.period(), this.say, (p) => this.choose(p))}</div>
      ${customPeriodForm(
        this.period(),
        this.say,
        (edge, day) => (this[edge] = day),
        (e) => this.applyCustom(e),
      )}
      <label
        >${this.p('service')}
        <select name="service" @change=${(e: Event) => this.run(this.from, this.to, (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${this.service === ''}>${this.p('allServices')}</option>
          ${(this.report?.services ?? []).map(
            (s) => html`<option value=${s.code} ?selected=${s.code === this.service}>${s.code} – ${lang === 'en' && s.nameEn ? s.nameEn : s.nameVi}</option>`,
          )}
        </select>
      </label>
    </div>`
  }

  private renderTable(report: ProvinceReport) {
    const lang = this.uiLang
    if (report.centres.length === 0) return html`<p class="empty">${this.p('reportEmpty')}</p>`
    const column = COLUMNS.find((c) => c.key === this.sortKey)
    const rows = sortRows(report.centres, column, this.direction)
    const figureColumns = COLUMNS.filter((c) => c.text)
    // Two heading rows: a group's name over its columns' short names, the other headings across both.
    const head = (c: Column) => {
      const sorted = c.key === this.sortKey
      return html`<th class="${c.text ? '' : 'text'} ${c.group ? 'in-group' : ''}" rowspan=${c.group ? 1 : 2} data-column=${c.key} aria-sort=${sorted ? this.direction : nothing}>
        <button type="button" data-sort=${c.key} aria-label=${this.p(c.label)} title=${this.p(c.label)} @click=${() => this.sortBy(c.key)}>
          <span>${this.p(c.short ?? c.label)}</span><span class="arrow" aria-hidden="true">${sorted ? (this.direction === 'ascending' ? '▲' : '▼') : ''}</span>
        </button>
      </th>`
    }
    const top = COLUMNS.flatMap((c, i) => {
      if (!c.group) return [head(c)]
      if (COLUMNS[i - 1]?.group === c.group) return []
      const span = COLUMNS.filter((x) => x.group === c.group).length
      return [html`<th class="group" colspan=${span} scope="colgroup">${this.p(c.group)}</th>`]
    })
    return html`<table data-province-report>
      <thead>
        <tr>
          ${top}
        </tr>
        <tr>
          ${COLUMNS.filter((c) => c.group).map(head)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) => html`<tr class=${row.active ? '' : 'muted'} data-code=${row.code}>
            <td class="text centre">
              ${row.name}${row.active ? nothing : html`<span class="sub">${this.p('centreInactive')}</span>`}${this.drillDown(row)}
            </td>
            <td class="text">${row.code}</td>
            ${
              row.figures
                ? figureColumns.map((c) => html`<td data-column=${c.key}>${c.text!(row.figures!, lang)}</td>`)
                : html`<td class="none" colspan=${figureColumns.length} data-no-figures>— ${this.p('noSuchService')} —</td>`
            }
          </tr>`,
        )}
      </tbody>
    </table>`
  }

  /** Its own reports for the same period, at the centre (where the login may work). */
  private drillDown(row: ProvinceCentreRow) {
    if (!this.mayWorkAt(row.siteId)) return nothing
    // The reports screen reads the period from its route.
    const then = `#/reports/?${new URLSearchParams({ from: this.from, to: this.to }).toString()}`
    return html`<a
      class="drill"
      href=${then}
      data-drill=${row.code}
      title=${this.p('drillDownTitle', { name: row.name })}
      @click=${(e: Event) => {
        e.preventDefault()
        this.workAt(row.siteId, then)
      }}
      >${this.p('drillDown')} ›</a
    >`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-province-report': QmsProvinceReport
  }
}
