/**
 * A bar-and-line chart over categories (days, hours), drawn with uPlot.
 *
 * Why uPlot: about 50 kB minified (Chart.js is four times that, ECharts twenty), draws on one
 * canvas with no animation loop, and stays fast on the old office PCs that open these reports; a
 * year of days is 366 points, which it draws in a few milliseconds. The numbers themselves are
 * always in the table beside the chart, so the chart needs no tooltips or accessibility tree.
 */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import uPlot from 'uplot'
import { uplotStyles } from './uplot-styles.js'

export interface ChartSeries {
  label: string
  values: (number | null)[]
  color: string
  /** Bars are counts on the left axis; lines are minutes on the right axis. */
  kind: 'bar' | 'line'
  /** A line joins its points across empty categories (days without tickets) unless this is false. */
  spanGaps?: boolean
}

@customElement('qms-report-chart')
export class QmsReportChart extends LitElement {
  static override styles = [
    uplotStyles,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      .plot {
        width: 100%;
      }
      .uplot {
        font-family: inherit;
        width: 100%;
      }
      .u-legend {
        font-size: 0.85rem;
        text-align: left;
      }
    `,
  ]

  /** Category names along the x axis. */
  @property({ attribute: false }) labels: string[] = []
  @property({ attribute: false }) series: ChartSeries[] = []
  /** Height in rem. */
  @property({ type: Number }) height = 16

  #plot: uPlot | null = null
  #resize: ResizeObserver | null = null

  override render() {
    return html`<div class="plot" role="img" aria-label=${this.series.map((s) => s.label).join(', ')}></div>`
  }

  override connectedCallback(): void {
    super.connectedCallback()
    this.#resize = new ResizeObserver(() => this.#fit())
    this.#resize.observe(this)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#resize?.disconnect()
    this.#resize = null
    this.#plot?.destroy()
    this.#plot = null
  }

  protected override updated(): void {
    this.#draw()
  }

  #size() {
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16
    return { width: Math.max(200, this.clientWidth), height: Math.round(this.height * rem) }
  }

  #fit(): void {
    if (this.#plot) this.#plot.setSize(this.#size())
  }

  #draw(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.plot')
    if (!target) return
    this.#plot?.destroy()
    const labels = this.labels
    const x = labels.map((_, i) => i)
    const bars = uPlot.paths.bars?.({ size: [0.7, 48], align: 0 })
    const axisFont = '13px "Segoe UI", "Noto Sans", Roboto, Arial, sans-serif'
    const hasLines = this.series.some((s) => s.kind === 'line')
    const opts: uPlot.Options = {
      ...this.#size(),
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      legend: { live: false },
      scales: { x: { time: false, range: [-0.6, Math.max(0.6, labels.length - 0.4)] }, n: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] }, min: { range: (_u, _min, max) => [0, Math.max(5, max * 1.1)] } },
      axes: [
        {
          font: axisFont,
          stroke: '#526077',
          grid: { show: false },
          splits: () => x.filter((i) => labels.length <= 16 || i % Math.ceil(labels.length / 12) === 0),
          values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
        },
        { scale: 'n', font: axisFont, stroke: '#526077', grid: { stroke: '#e8edf4' }, size: 50 },
        ...(hasLines ? [{ scale: 'min', side: 1 as const, font: axisFont, stroke: '#526077', grid: { show: false }, size: 50 }] : []),
      ],
      series: [
        { label: '', value: (_u: uPlot, i: number | null) => (i === null ? '' : (labels[i] ?? '')) },
        ...this.series.map((s) =>
          s.kind === 'bar'
            ? { label: s.label, scale: 'n', stroke: s.color, fill: `${s.color}cc`, width: 0, ...(bars ? { paths: bars } : {}), points: { show: false } }
            : { label: s.label, scale: 'min', stroke: s.color, width: 2.5, spanGaps: s.spanGaps ?? true, points: { show: labels.length <= 40, size: 5 } },
        ),
      ],
    }
    this.#plot = new uPlot(opts, [x, ...this.series.map((s) => s.values)] as uPlot.AlignedData, target)
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-report-chart': QmsReportChart
  }
}
