/**
 * The manager's report screen: a date range (presets or custom) and filters, key figures, the
 * daily trend and the hours of the day as charts with their tables beside them, the arrivals
 * heatmap, breakdowns by service, counter, staff, weekday and priority group, exports to CSV
 * and Excel, and a layout that prints on A4.
 */
import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { DEFAULT_TIME_ZONE } from '../../../shared/constants.js'
import { errorMessage } from '../../../shared/error-messages.js'
import { presetRange, type ReportPreset, type ReportFigures, type ReportQuery, type ReportRow, type ReportSummary } from '../../../shared/reports.js'
import { isCalendarDay, serviceDayOf } from '../../../shared/local-time.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { controls, tokens } from '../console/styles.js'
import type { StaffSession } from '../session.js'
import { customPeriodForm, presetButtons, type PeriodChoice } from './period-controls.js'
import { formatCount, formatDay, formatDuration, formatPrintedAt, formatShare, formatRating } from './format.js'
import { t, type ReportMessage } from './messages.js'
import { ReportController, queryString } from './report-controller.js'
import { api } from '../../../shared/web/api.js'
import type { OutcomeCounts, OutcomeReport } from '../../../shared/reports.js'
import type { ChartSeries } from './qms-report-chart.js'
import './qms-report-chart.js'
import './qms-report-heatmap.js'

type Filter = 'serviceId' | 'counterId' | 'staffId' | 'priorityGroupId'

const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6_000) / 10)

@customElement('qms-reports-app')
export class QmsReportsApp extends LitElement {
  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: block;
        padding: 1.25rem 1.5rem 3rem;
        max-width: 110rem;
        margin: 0 auto;
      }
      header {
        display: flex;
        justify-content: space-between;
        align-items: flex-end;
        gap: 1rem;
        flex-wrap: wrap;
        margin-bottom: 1rem;
      }
      h1 {
        margin: 0;
        font-size: 1.7rem;
      }
      h2 {
        margin: 0 0 0.2rem;
        font-size: 1.15rem;
      }
      .lead,
      .hint {
        margin: 0.25rem 0 0;
        color: var(--qms-muted);
      }
      .hint {
        font-size: 0.88rem;
        margin-bottom: 0.6rem;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
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
      }
      a.button.secondary {
        background: var(--qms-card);
        color: var(--qms-primary-dark);
      }
      .card {
        background: var(--qms-card);
        border: 1px solid var(--qms-line);
        border-radius: 0.8rem;
        padding: 1rem 1.2rem;
      }
      .toolbar {
        display: grid;
        gap: 0.9rem;
        margin-bottom: 1rem;
      }
      .presets {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: flex-end;
      }
      .presets button[aria-pressed='true'] {
        background: var(--qms-primary);
        border-color: var(--qms-primary);
        color: #fff;
      }
      .dates {
        display: flex;
        gap: 0.5rem;
        align-items: flex-end;
        margin-left: auto;
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-size: 0.85rem;
        font-weight: 600;
        color: var(--qms-muted);
      }
      .dates input {
        width: 8.5rem;
        font-variant-numeric: tabular-nums;
      }
      .filters {
        display: grid;
        grid-template-columns: repeat(4, minmax(0, 1fr));
        gap: 0.8rem;
      }
      .range {
        font-size: 1.05rem;
        font-weight: 700;
        color: var(--qms-primary-dark);
      }
      .kpis {
        display: grid;
        grid-template-columns: repeat(6, minmax(0, 1fr));
        gap: 0.8rem;
        margin-bottom: 0.5rem;
      }
      .kpi .label {
        font-size: 0.88rem;
        font-weight: 600;
        color: var(--qms-muted);
      }
      .kpi .value {
        font-size: 2rem;
        font-weight: 700;
        line-height: 1.2;
        margin: 0.2rem 0;
        font-variant-numeric: tabular-nums;
      }
      .kpi .sub {
        font-size: 0.85rem;
        color: var(--qms-muted);
      }
      .kpi.good .value {
        color: var(--qms-success);
      }
      .kpi.bad .value {
        color: var(--qms-danger);
      }
      .other {
        color: var(--qms-muted);
        margin: 0 0 1.2rem;
      }
      section {
        margin-bottom: 1rem;
        break-inside: avoid;
      }
      .split {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        gap: 1.2rem;
        align-items: start;
      }
      .scroll {
        max-height: 22rem;
        overflow-y: auto;
        border: 1px solid var(--qms-line);
        border-radius: 0.5rem;
      }
      .pair {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 1rem;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
      }
      th {
        text-align: right;
        font-size: 0.8rem;
        color: var(--qms-muted);
        font-weight: 700;
        background: #f6f8fb;
        padding: 0.5rem 0.6rem;
        border-bottom: 1px solid var(--qms-line);
        position: sticky;
        top: 0;
      }
      td {
        text-align: right;
        padding: 0.45rem 0.6rem;
        border-bottom: 1px solid #e8edf4;
        white-space: nowrap;
      }
      th:first-child,
      td:first-child {
        text-align: left;
      }
      td:first-child {
        font-weight: 600;
        white-space: normal;
      }
      tr.total td {
        font-weight: 700;
        background: #f6f8fb;
      }
      td.late {
        color: var(--qms-danger);
        font-weight: 700;
      }
      .state {
        padding: 2rem;
        text-align: center;
        color: var(--qms-muted);
        font-size: 1.1rem;
      }
      .error {
        color: var(--qms-danger);
        background: var(--qms-danger-soft);
        border-radius: 0.5rem;
        padding: 0.8rem 1rem;
        margin-bottom: 1rem;
      }
      .busy {
        opacity: 0.55;
        transition: opacity 0.2s;
      }
      .definitions {
        font-size: 0.82rem;
        color: var(--qms-muted);
      }
      .print-only {
        display: none;
      }
      .print-head {
        justify-content: space-between;
        gap: 1rem;
        border-bottom: 1px solid #999;
        padding-bottom: 0.3rem;
        margin-bottom: 0.6rem;
        font-size: 9.5pt;
      }
      .filters-printed {
        margin: 0 0 0.6rem;
        font-weight: 600;
      }
      @media (max-width: 1100px) {
        .kpis {
          grid-template-columns: repeat(3, minmax(0, 1fr));
        }
        .split,
        .pair {
          grid-template-columns: minmax(0, 1fr);
        }
        .filters {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
      }
      @media print {
        :host {
          padding: 0;
          max-width: none;
          font-size: 10pt;
        }
        .toolbar,
        .actions {
          display: none;
        }
        .print-only {
          display: block;
        }
        .print-only.print-head {
          display: flex;
        }
        h1 {
          font-size: 15pt;
        }
        .lead {
          display: none;
        }
        .card {
          border-color: #999;
          padding: 0.5rem 0.7rem;
        }
        .scroll {
          max-height: none;
          overflow: visible;
          border: 0;
        }
        .kpis {
          grid-template-columns: repeat(6, minmax(0, 1fr));
        }
        .kpi .value {
          font-size: 1.4rem;
        }
        .split,
        .pair {
          grid-template-columns: minmax(0, 1fr);
        }
        th {
          position: static;
          font-size: 7.5pt;
        }
        /* The by-service table has thirteen columns: smaller type and padding keep it on the page. */
        table {
          font-size: 8.5pt;
        }
        th,
        td {
          padding: 0.25rem 0.3rem;
        }
        section {
          page-break-inside: avoid;
        }
      }
    `,
  ]

  /** Who is looking; the screen follows `session.lang`. */
  @property({ attribute: false }) session: StaffSession | null = null
  /**
   * The part of the hash after #/reports/: one screen, opened for a period when it reads
   * `?from=YYYY-MM-DD&to=YYYY-MM-DD` (the province's comparison links a centre's report so).
   */
  @property() route = ''

  @state() private preset: ReportPreset | 'custom' = 'this_month'
  @state() private query: ReportQuery = { from: '', to: '' }
  @state() private customFrom = ''
  @state() private customTo = ''
  /** When the page was (last) printed; the printed header shows it. */
  @state() private printedAt = Date.now()
  readonly #beforePrint = () => (this.printedAt = Date.now())

  readonly #report = new ReportController(this)
  /** The outcomes counters recorded over the same period (null until loaded, or when it failed). */
  @state() private outcomes: OutcomeReport | null = null

  private get language(): Lang {
    return this.session?.lang ?? 'vi'
  }

  private tr(key: ReportMessage, params?: Record<string, string | number>): string {
    return t(this.language, key, params)
  }

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener('beforeprint', this.#beforePrint)
    const linked = new URLSearchParams(this.route.replace(/^\?/, ''))
    const from = linked.get('from')
    const to = linked.get('to')
    if (from && to && isCalendarDay(from) && isCalendarDay(to)) {
      this.preset = 'custom'
      this.customFrom = from
      this.customTo = to
      this.run({ ...this.query, from, to })
    } else if (!this.query.from) this.choose('this_month')
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener('beforeprint', this.#beforePrint)
  }

  private today(): string {
    return serviceDayOf(Date.now(), this.#report.summary?.timeZone ?? DEFAULT_TIME_ZONE)
  }

  private period(): PeriodChoice {
    return { preset: this.preset, customFrom: this.customFrom, customTo: this.customTo }
  }

  private readonly say = (key: ReportMessage) => this.tr(key)

  private choose(preset: ReportPreset): void {
    this.preset = preset
    const range = presetRange(preset, this.today())
    this.customFrom = range.from
    this.customTo = range.to
    this.run({ ...this.query, ...range })
  }

  private applyCustom(event: Event): void {
    event.preventDefault()
    if (!this.customFrom || !this.customTo) return
    this.preset = 'custom'
    this.run({ ...this.query, from: this.customFrom, to: this.customTo })
  }

  private setFilter(key: Filter, value: string): void {
    this.run({ ...this.query, [key]: value === '' ? null : Number(value) })
  }

  private run(query: ReportQuery): void {
    this.query = query
    void this.#report.load(query)
    void this.loadOutcomes(query)
  }

  private async loadOutcomes(query: ReportQuery): Promise<void> {
    try {
      const answer = await api<OutcomeReport>(`/api/reports/outcomes?from=${query.from}&to=${query.to}`, { timeoutMs: 30_000 })
      // A later choice of period may have answered first.
      if (this.query.from === query.from && this.query.to === query.to) this.outcomes = answer
    } catch {
      this.outcomes = null
    }
  }

  private renderOutcomes() {
    const o = this.outcomes
    if (!o || o.from !== this.query.from || o.to !== this.query.to) return nothing
    const q = this.query
    const procedures = o.byProcedure.filter((r) => q.serviceId == null || r.serviceId === q.serviceId)
    const staff = o.byStaff.filter((r) => q.staffId == null || r.staffId === q.staffId)
    const lang = this.language
    const kinds: [keyof OutcomeCounts, ReportMessage][] = [
      ['received', 'colReceived'],
      ['returned', 'colReturned'],
      ['supplement', 'colSupplement'],
      ['refused', 'colRefused'],
      ['information', 'colInformation'],
      ['total', 'colOutcomeTotal'],
    ]
    const head = (first: string) => html`<thead>
      <tr>
        <th>${first}</th>
        ${kinds.map(([, label]) => html`<th>${this.tr(label)}</th>`)}
      </tr>
    </thead>`
    const cells = (c: OutcomeCounts) => kinds.map(([k]) => html`<td data-outcome=${k}>${formatCount(c[k], lang)}</td>`)
    return html`<section class="card" data-section="outcomes">
      <h2>${this.tr('outcomes')}</h2>
      <p class="hint">${this.tr('outcomesHint')}</p>
      ${
        procedures.length === 0
          ? html`<p class="state">${this.tr('outcomesNone')}</p>`
          : html`<div class="pair">
            <div class="scroll">
              <h3>${this.tr('outcomesByProcedure')}</h3>
              <table data-outcomes="procedures">
                <thead>
                  <tr>
                    <th>${this.tr('service')}</th>
                    ${kinds.map(([, label]) => html`<th>${this.tr(label)}</th>`)}
                    <th>${this.tr('colSatisfied')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${procedures.map(
                    (r) => html`<tr>
                      <td>${r.serviceName} – ${r.procedureId === null ? this.tr('outcomeNoProcedure') : r.procedureName}</td>
                      ${cells(r.counts)}
                      <td data-outcome="satisfied">
                        ${r.rating.count === 0 ? '–' : `${formatShare(r.rating.satisfied / r.rating.count, lang)} (${formatCount(r.rating.count, lang)})`}
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            <div class="scroll">
              <h3>${this.tr('outcomesByStaff')}</h3>
              <table data-outcomes="staff">
                ${head(this.tr('staff'))}
                <tbody>
                  ${staff.map((r) => html`<tr><td>${r.staffName || this.tr('notCalled')}</td>${cells(r.counts)}</tr>`)}
                </tbody>
              </table>
            </div>
          </div>`
      }
    </section>`
  }

  override render() {
    const summary = this.#report.summary
    const error = this.#report.error
    const exportQuery = queryString(this.query)
    return html`
      <div class="print-only print-head" data-print-head>
        <strong data-print-centre>${summary?.siteName ?? ''}</strong>
        <span data-printed-at>${this.tr('printedAt', { at: formatPrintedAt(this.printedAt, summary?.timeZone ?? DEFAULT_TIME_ZONE, this.language) })}</span>
      </div>
      <header>
        <div>
          <h1>${this.tr('title')}</h1>
          <p class="lead">${this.tr('lead')}</p>
          <p class="range">${this.tr('rangeLabel', { from: formatDay(this.query.from || this.today(), this.language), to: formatDay(this.query.to || this.today(), this.language) })}</p>
        </div>
        <div class="actions">
          <a class="button" href="/api/reports/export.xlsx?${exportQuery}" download data-export="xlsx">${this.tr('exportXlsx')}</a>
          <a class="button secondary" href="/api/reports/export.csv?${exportQuery}" download data-export="csv">${this.tr('exportCsv')}</a>
          <a
            class="button secondary"
            href="/api/reports/export.csv?${exportQuery}&sep=semicolon"
            download
            data-export="csv-semicolon"
            title=${this.tr('exportCsvSemicolonHint')}
            >${this.tr('exportCsvSemicolon')}</a
          >
          <button type="button" @click=${() => window.print()}>${this.tr('print')}</button>
        </div>
      </header>
      ${this.renderToolbar(summary)}
      ${error ? html`<p class="error" role="alert">${errorMessage(error.code, this.language)}</p>` : nothing}
      ${
        !summary
          ? html`<p class="state">${this.tr('loading')}</p>`
          : html`<div class=${this.#report.loading ? 'busy' : ''} aria-busy=${this.#report.loading ? 'true' : 'false'}>${this.renderReport(summary)}</div>`
      }
    `
  }

  private renderToolbar(summary: ReportSummary | null) {
    const lookups = summary?.lookups
    const name = (vi: string, en: string) => (this.language === 'en' && en ? en : vi)
    const select = (key: Filter, label: ReportMessage, options: { id: number; label: string }[]) => html`
      <label
        >${this.tr(label)}
        <select name=${key} @change=${(e: Event) => this.setFilter(key, (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${this.query[key] == null}>${this.tr('all')}</option>
          ${options.map((o) => html`<option value=${o.id} ?selected=${this.query[key] === o.id}>${o.label}</option>`)}
        </select>
      </label>
    `
    return html`<div class="card toolbar">
      <div class="presets" role="group">
        ${presetButtons(this.period(), this.say, (p) => this.choose(p))}
        ${customPeriodForm(
          this.period(),
          this.say,
          (edge, day) => (this[edge] = day),
          (e) => this.applyCustom(e),
        )}
      </div>
      <div class="filters">
        ${select(
          'serviceId',
          'service',
          (lookups?.services ?? []).map((s) => ({ id: s.id, label: `${s.code} – ${name(s.nameVi, s.nameEn)}` })),
        )}
        ${select(
          'counterId',
          'counter',
          (lookups?.counters ?? []).map((c) => ({ id: c.id, label: c.name })),
        )}
        ${select(
          'staffId',
          'staff',
          (lookups?.staff ?? []).map((s) => ({ id: s.id, label: s.displayName })),
        )}
        ${select(
          'priorityGroupId',
          'priorityGroup',
          (lookups?.priorityGroups ?? []).map((g) => ({ id: g.id, label: name(g.nameVi, g.nameEn) })),
        )}
      </div>
    </div>`
  }

  private renderReport(r: ReportSummary) {
    const m = r.totals
    const lang = this.language
    const share = m.withinTarget.share
    return html`
      <p class="print-only filters-printed" data-printed-filters>${this.filterText(r)}</p>
      <div class="kpis">
        ${this.kpi('kpiIssued', formatCount(m.issued, lang), '')}
        ${this.kpi('kpiServed', formatCount(m.served, lang), '')}
        ${this.kpi('kpiNoShow', formatCount(m.noShow, lang), '')}
        ${this.kpi('kpiWait', formatDuration(m.wait.mean, lang), this.tr('kpiWaitSub', { median: formatDuration(m.wait.median, lang), p90: formatDuration(m.wait.p90, lang) }))}
        ${this.kpi('kpiService', formatDuration(m.service.mean, lang), this.tr('kpiServiceSub', { median: formatDuration(m.service.median, lang), max: formatDuration(m.service.max, lang) }))}
        ${this.kpi('kpiWithin', formatShare(share, lang), this.tr('kpiWithinSub', { count: m.withinTarget.count, of: m.withinTarget.of }), share === null ? '' : share >= 0.8 ? 'good' : share < 0.6 ? 'bad' : '')}
      </div>
      <p class="other">${this.tr('kpiOther', { cancelled: m.cancelled, transferred: m.transferred, closed: m.closed })}</p>
      ${m.issued === 0 && m.served === 0 ? html`<p class="card state">${this.tr('empty')}</p>` : this.renderDetails(r)}
      <p class="definitions">${this.tr('definitions')}</p>
    `
  }

  /** The filters as the toolbar names them, for paper, where the toolbar is not printed. */
  private filterText(r: ReportSummary): string {
    const l = r.lookups
    const lang = this.language
    const name = (vi: string, en: string) => (lang === 'en' && en ? en : vi)
    const s = l.services.find((x) => x.id === r.query.serviceId)
    const c = l.counters.find((x) => x.id === r.query.counterId)
    const st = l.staff.find((x) => x.id === r.query.staffId)
    const g = l.priorityGroups.find((x) => x.id === r.query.priorityGroupId)
    const all = this.tr('all')
    return this.tr('printedFilters', {
      service: s ? `${s.code} – ${name(s.nameVi, s.nameEn)}` : all,
      counter: c ? c.name : all,
      staff: st ? st.displayName : all,
      group: g ? name(g.nameVi, g.nameEn) : all,
    })
  }

  private kpi(label: ReportMessage, value: string, sub: string, tone = '') {
    return html`<div class="card kpi ${tone}" data-kpi=${label}>
      <div class="label">${this.tr(label)}</div>
      <div class="value">${value}</div>
      <div class="sub">${sub}</div>
    </div>`
  }

  private renderDetails(r: ReportSummary) {
    const lang = this.language
    const l = r.lookups
    const name = (vi: string, en: string) => (lang === 'en' && en ? en : vi)
    const serviceName = (id: number | null) => {
      const s = l.services.find((x) => x.id === id)
      return s ? `${s.code} – ${name(s.nameVi, s.nameEn)}` : String(id)
    }
    const counterName = (id: number | null) => (id === null ? this.tr('notCalled') : (l.counters.find((x) => x.id === id)?.name ?? String(id)))
    const staffName = (id: number | null) => (id === null ? this.tr('notCalled') : (l.staff.find((x) => x.id === id)?.displayName ?? String(id)))
    const groupName = (id: number | null) => {
      const g = l.priorityGroups.find((x) => x.id === id)
      return id === null ? this.tr('ordinary') : g ? name(g.nameVi, g.nameEn) : String(id)
    }
    const hourName = (h: number | null) => this.tr('hourLabel', { h: String(h ?? 0).padStart(2, '0') })
    const targets = new Map(l.services.map((s) => [s.id, s.targetWaitMinutes * 60_000]))

    const daily = r.daily.filter((d) => d.issued > 0 || d.served > 0)
    const trend: ChartSeries[] = [
      { label: this.tr('seriesIssued'), kind: 'bar', color: '#7fa7d9', values: r.daily.map((d) => d.issued) },
      { label: this.tr('seriesWaitMean'), kind: 'line', color: '#c2410c', values: r.daily.map((d) => minutes(d.wait.mean)) },
    ]
    // Every hour from the first to the last with arrivals, so a quiet hour shows as a gap, not as a
    // neighbour of the next busy one.
    const hourRows = new Map(r.byHour.map((h) => [h.key ?? 0, h]))
    const hourKeys = [...hourRows.keys()]
    const hours = hourKeys.length === 0 ? [] : Array.from({ length: Math.max(...hourKeys) - Math.min(...hourKeys) + 1 }, (_, i) => Math.min(...hourKeys) + i)
    const hourly: ChartSeries[] = [
      { label: this.tr('seriesIssued'), kind: 'bar', color: '#7fa7d9', values: hours.map((h) => hourRows.get(h)?.issued ?? 0) },
      {
        label: this.tr('seriesWaitMedian'),
        kind: 'line',
        color: '#0f766e',
        spanGaps: false,
        values: hours.map((h) => minutes(hourRows.get(h)?.wait.median ?? null)),
      },
      {
        label: this.tr('seriesWaitP90'),
        kind: 'line',
        color: '#b42318',
        spanGaps: false,
        values: hours.map((h) => minutes(hourRows.get(h)?.wait.p90 ?? null)),
      },
    ]
    return html`
      ${
        r.days > 1
          ? html`<section class="card" data-section="trend">
            <h2>${this.tr('trend')}</h2>
            <p class="hint">${this.tr('trendHint')}</p>
            <div class="split">
              <qms-report-chart .language=${lang} .labels=${r.daily.map((d) => formatDay(d.day, lang).slice(0, 5))} .series=${trend}></qms-report-chart>
              <div class="scroll">
                ${this.table(
                  this.tr('colDay'),
                  daily.map((d) => ({ ...d, key: null })),
                  (_k, i) => formatDay(daily[i]!.day, lang, true),
                  ['issued', 'served', 'waitMean', 'within'],
                )}
              </div>
            </div>
          </section>`
          : nothing
      }
      <section class="card" data-section="hours">
        <h2>${this.tr('byHour')}</h2>
        <p class="hint">${this.tr('byHourHint')}</p>
        <div class="split">
          <qms-report-chart .language=${lang} .labels=${hours.map((h) => `${h}h`)} .series=${hourly}></qms-report-chart>
          <div class="scroll">${this.table(this.tr('colHour'), r.byHour, hourName, ['issued', 'served', 'waitMedian', 'waitP90'])}</div>
        </div>
      </section>
      <section class="card" data-section="heatmap">
        <h2>${this.tr('heatmap')}</h2>
        <p class="hint">${this.tr('heatmapHint')}</p>
        <qms-report-heatmap .cells=${r.heatmap} .language=${lang}></qms-report-heatmap>
      </section>
      <section class="card" data-section="services">
        <h2>${this.tr('byService')}</h2>
        ${this.table(this.tr('service'), r.byService, serviceName, 'all', r.totals, (row) => targets.get(row.key ?? 0))}
      </section>
      <div class="pair">
        <section class="card" data-section="counters">
          <h2>${this.tr('byCounter')}</h2>
          ${this.table(this.tr('counter'), r.byCounter, counterName, ['issued', 'served', 'waitMean', 'waitP90', 'serviceMean', 'rating', 'satisfied'])}
        </section>
        <section class="card" data-section="staff">
          <h2>${this.tr('byStaff')}</h2>
          ${this.table(this.tr('staff'), r.byStaff, staffName, ['served', 'noShow', 'serviceMean', 'within', 'rating', 'satisfied'])}
        </section>
        <section class="card" data-section="weekdays">
          <h2>${this.tr('byWeekday')}</h2>
          ${this.table('', r.byWeekday, (w) => this.tr(`weekday${w ?? 1}` as ReportMessage), ['issued', 'served', 'waitMean', 'waitP90'])}
        </section>
        <section class="card" data-section="priority">
          <h2>${this.tr('byPriority')}</h2>
          ${this.table(this.tr('priorityGroup'), r.byPriorityGroup, groupName, ['issued', 'served', 'waitMean', 'waitP90'])}
        </section>
      </div>
      ${this.staffDaysTable(r, (id) => staffName(id))}
      ${this.renderOutcomes()}
    `
  }

  /** Per officer and day: served, mean service without time aside, call → start, open and idle time, time aside, outcomes. */
  private staffDaysTable(r: ReportSummary, staffName: (id: number) => string) {
    const lang = this.language
    if (r.staffDays.length === 0) return nothing
    const outcomes = (list: ReportSummary['staffDays'][number]['outcomes']) => list.map((o) => `${o.outcome}: ${formatCount(o.count, lang)}`).join(' · ') || '–'
    return html`<section class="card" data-section="staff-days">
      <h2>${this.tr('staffDays')}</h2>
      <p class="hint">${this.tr('staffDaysHint')}</p>
      <div class="scroll">
        <table data-staff-days>
          <thead>
            <tr>
              ${r.days > 1 ? html`<th>${this.tr('colDay')}</th>` : nothing}
              <th>${this.tr('colOfficer')}</th>
              <th>${this.tr('colServed')}</th>
              <th>${this.tr('colServiceNoAside')}</th>
              <th>${this.tr('colCallToStart')}</th>
              <th>${this.tr('colOpen')}</th>
              <th>${this.tr('colIdle')}</th>
              <th>${this.tr('colAside')}</th>
              <th>${this.tr('colOutcomes')}</th>
            </tr>
          </thead>
          <tbody>
            ${r.staffDays.map(
              (s) => html`<tr data-staff-day=${`${s.day}:${s.staffId}`}>
                ${r.days > 1 ? html`<td>${formatDay(s.day, lang, true)}</td>` : nothing}
                <td>${staffName(s.staffId)}</td>
                <td>${formatCount(s.served, lang)}</td>
                <td data-col="service">${formatDuration(s.serviceMean, lang)}</td>
                <td data-col="call-to-start">${formatDuration(s.callToStartMean, lang)}</td>
                <td>${formatDuration(s.openMs, lang)}</td>
                <td data-col="idle">${formatDuration(s.idleMs, lang)}</td>
                <td data-col="aside">${s.asideTickets > 0 ? this.tr('asideTickets', { time: formatDuration(s.asideMs, lang), n: s.asideTickets }) : '–'}</td>
                <td data-col="outcomes">${outcomes(s.outcomes)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`
  }

  private table(
    head: string,
    rows: ReportRow[],
    label: (key: number | null, index: number) => string,
    columns: Column[] | 'all',
    total?: ReportFigures,
    target?: (row: ReportRow) => number | undefined,
  ) {
    const lang = this.language
    const cols: Column[] =
      columns === 'all'
        ? ['issued', 'served', 'noShow', 'transferred', 'waitMean', 'waitMedian', 'waitP90', 'waitMax', 'serviceMean', 'serviceMedian', 'within', 'rating']
        : columns
    const cell = (row: ReportFigures, c: Column, limit?: number) => {
      switch (c) {
        case 'issued':
        case 'served':
        case 'noShow':
        case 'transferred':
          return html`<td>${formatCount(row[c], lang)}</td>`
        case 'waitMean':
        case 'waitMedian':
        case 'waitP90':
        case 'waitMax': {
          const v = row.wait[c === 'waitMean' ? 'mean' : c === 'waitMedian' ? 'median' : c === 'waitP90' ? 'p90' : 'max']
          return html`<td class=${limit !== undefined && v !== null && c !== 'waitMax' && v > limit ? 'late' : ''}>${formatDuration(v, lang)}</td>`
        }
        case 'serviceMean':
          return html`<td>${formatDuration(row.service.mean, lang)}</td>`
        case 'serviceMedian':
          return html`<td>${formatDuration(row.service.median, lang)}</td>`
        case 'within':
          return html`<td>${formatShare(row.withinTarget.share, lang)}</td>`
        case 'rating':
          return html`<td data-rating>${formatRating(row.rating, lang)}</td>`
        case 'satisfied':
          return html`<td
            data-satisfied
            title=${this.tr('satisfiedByChannel', {
              device: formatShare(row.rating.device.satisfiedShare, lang),
              deviceCount: row.rating.device.count,
              phone: formatShare(row.rating.phone.satisfiedShare, lang),
              phoneCount: row.rating.phone.count,
            })}
          >${formatShare(row.rating.satisfiedShare, lang)}</td>`
      }
    }
    return html`<table>
      <thead>
        <tr>
          <th>${head}</th>
          ${cols.map((c) => html`<th>${this.tr(COLUMN_LABEL[c])}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map((row, i) => html`<tr><td>${label(row.key, i)}</td>${cols.map((c) => cell(row, c, target?.(row)))}</tr>`)}
        ${total ? html`<tr class="total"><td>${this.tr('total')}</td>${cols.map((c) => cell(total, c))}</tr>` : nothing}
      </tbody>
    </table>`
  }
}

type Column =
  | 'issued'
  | 'served'
  | 'noShow'
  | 'transferred'
  | 'waitMean'
  | 'waitMedian'
  | 'waitP90'
  | 'waitMax'
  | 'serviceMean'
  | 'serviceMedian'
  | 'within'
  | 'rating'
  | 'satisfied'

const COLUMN_LABEL: Record<Column, ReportMessage> = {
  issued: 'colIssued',
  served: 'colServed',
  noShow: 'colNoShow',
  transferred: 'colTransferred',
  waitMean: 'colWaitMean',
  waitMedian: 'colWaitMedian',
  waitP90: 'colWaitP90',
  waitMax: 'colWaitMax',
  serviceMean: 'colServiceMean',
  serviceMedian: 'colServiceMedian',
  within: 'colWithin',
  rating: 'colRating',
  satisfied: 'colSatisfied',
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-reports-app': QmsReportsApp
  }
}
