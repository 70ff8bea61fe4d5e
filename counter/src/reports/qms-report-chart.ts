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
import type { Lang } from '../../../shared/web/i18n.js'
import { formatAxisNumber } from './format.js'
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

/** A chart's width on A4 portrait: 186 mm between the 12 mm margins (counter/index.html), less its card's padding. */
const PAPER_WIDTH_PX = 680

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
      /* On paper the chart is as wide as its card, whatever width it was drawn at on screen: the
         printed page is narrower than the screen and is laid out before any resize callback runs.
         The cursor overlays and the axes' empty hit boxes (the axes are drawn on the canvas) serve no
         purpose there. */
      @media print {
        .uplot,
        .u-wrap,
        canvas {
          width: 100% !important;
          max-width: 100%;
        }
        canvas {
          height: auto !important;
        }
        .u-wrap {
          height: auto !important;
        }
        .u-over,
        .u-under,
        .u-axis,
        .u-cursor-x,
        .u-cursor-y,
        .u-cursor-pt,
        .u-select {
          display: none !important;
        }
      }
    `,
  ]

  /** Category names along the x axis. */
  @property({ attribute: false }) labels: string[] = []
  @property({ attribute: false }) series: ChartSeries[] = []
  /** Numbers on the axes are written in this language's way (vi 1.200, en 1,200). */
  @property() language: Lang = 'vi'
  /** Height in rem. */
  @property({ type: Number }) height = 16

  #plot: uPlot | null = null
  #axisText: string[][] = []
  #resize: ResizeObserver | null = null
  // Redrawn at about the paper's width when printing starts, so the print CSS scales it little and
  // the axis text keeps its size; back to the screen's width after. `matchMedia('print')` covers
  // print emulation, where no beforeprint event comes.
  #print = typeof window.matchMedia === 'function' ? window.matchMedia('print') : null
  readonly #refit = () => this.#fit()
  readonly #beforePrint = () => this.#plot?.setSize({ ...this.#size(), width: Math.min(this.#size().width, PAPER_WIDTH_PX) })

  /** The numbers last written on the value axes (counts, then minutes), as the reader sees them. */
  get axisText(): readonly string[][] {
    return this.#axisText
  }

  override render() {
    return html`<div class="plot" role="img" aria-label=${this.series.map((s) => s.label).join(', ')}></div>`
  }

  override connectedCallback(): void {
    super.connectedCallback()
    this.#resize = new ResizeObserver(() => this.#fit())
    this.#resize.observe(this)
    this.#print?.addEventListener('change', this.#refit)
    window.addEventListener('beforeprint', this.#beforePrint)
    window.addEventListener('afterprint', this.#refit)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.#resize?.disconnect()
    this.#resize = null
    this.#print?.removeEventListener('change', this.#refit)
    window.removeEventListener('beforeprint', this.#beforePrint)
    window.removeEventListener('afterprint', this.#refit)
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
    const lang = this.language
    const numbers = (axis: number) => (_u: uPlot, splits: number[]) => (this.#axisText[axis] = splits.map((v) => formatAxisNumber(v, lang)))
    const opts: uPlot.Options = {
      ...this.#size(),
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      legend: { live: false },
      scales: {
        x: { time: false, range: [-0.6, Math.max(0.6, labels.length - 0.4)] },
        n: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
        min: { range: (_u, _min, max) => [0, Math.max(5, max * 1.1)] },
      },
      axes: [
        {
          font: axisFont,
          stroke: '#526077',
          grid: { show: false },
          splits: () => x.filter((i) => labels.length <= 16 || i % Math.ceil(labels.length / 12) === 0),
          values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
        },
        { scale: 'n', font: axisFont, stroke: '#526077', grid: { stroke: '#e8edf4' }, size: 56, values: numbers(0) },
        ...(hasLines ? [{ scale: 'min', side: 1 as const, font: axisFont, stroke: '#526077', grid: { show: false }, size: 56, values: numbers(1) }] : []),
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
