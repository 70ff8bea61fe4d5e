/** Arrivals per weekday and hour as a shaded grid: where the peaks are, for planning staff. */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { HeatmapCell } from '../../../shared/reports.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { formatCount } from './format.js'
import { t } from './messages.js'

@customElement('qms-report-heatmap')
export class QmsReportHeatmap extends LitElement {
  static override styles = css`
    :host {
      display: block;
      overflow-x: auto;
    }
    .grid {
      display: grid;
      gap: 2px;
      font-size: 0.85rem;
      min-width: max-content;
    }
    .head {
      color: var(--qms-muted, #526077);
      font-weight: 600;
      text-align: center;
      padding: 0.2rem 0;
    }
    .day {
      color: var(--qms-ink, #0f172a);
      font-weight: 600;
      padding: 0 0.6rem 0 0;
      display: flex;
      align-items: center;
      white-space: nowrap;
    }
    .cell {
      min-width: 2.6rem;
      height: 2.1rem;
      border-radius: 0.3rem;
      display: flex;
      align-items: center;
      justify-content: center;
      font-variant-numeric: tabular-nums;
      -webkit-print-color-adjust: exact;
      print-color-adjust: exact;
    }
    /* Paper does not scroll: a whole day of hours must fit the width of an A4 page. */
    @media print {
      :host {
        overflow: visible;
        --cell-min: 0;
      }
      .grid {
        min-width: 0;
        font-size: 7pt;
      }
      .cell {
        min-width: 0;
        height: 1.4rem;
      }
    }
  `

  @property({ attribute: false }) cells: HeatmapCell[] = []
  @property() language: Lang = 'vi'

  override render() {
    if (this.cells.length === 0) return html``
    const hours = this.cells.map((c) => c.hour)
    const from = Math.min(...hours)
    const to = Math.max(...hours)
    const weekdays = [...new Set(this.cells.map((c) => c.weekday))].sort()
    const max = Math.max(...this.cells.map((c) => c.perDay))
    const at = new Map(this.cells.map((c) => [c.weekday * 24 + c.hour, c]))
    const span = Array.from({ length: to - from + 1 }, (_, i) => from + i)
    return html`<div class="grid" style="grid-template-columns: auto repeat(${span.length}, minmax(var(--cell-min, 2.6rem), 1fr))">
      <div></div>
      ${span.map((h) => html`<div class="head">${t(this.language, 'hourLabel', { h })}</div>`)}
      ${weekdays.map(
        (w) => html`<div class="day">${t(this.language, `weekday${w}` as 'weekday1')}</div>
          ${span.map((h) => {
            const cell = at.get(w * 24 + h)
            const level = cell ? cell.perDay / max : 0
            // Light to deep blue; text turns white once the shade is dark enough to need it.
            const bg = cell ? `hsl(212 80% ${Math.round(96 - level * 58)}%)` : '#f6f8fb'
            const fg = level > 0.55 ? '#fff' : '#0f172a'
            return html`<div class="cell" style="background:${bg};color:${fg}" title=${cell ? String(cell.arrivals) : ''}>
              ${cell ? formatCount(Math.round(cell.perDay * 10) / 10, this.language) : ''}
            </div>`
          })}`,
      )}
    </div>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-report-heatmap': QmsReportHeatmap
  }
}
