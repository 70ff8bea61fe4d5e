/**
 * The second level of the kiosk's menu: the procedures (thủ tục) of the field the citizen chose,
 * a search over every field's procedures that ignores tone marks ("dang ky khai sinh" finds "Đăng
 * ký khai sinh": an on-screen keyboard without marks is all a kiosk offers), and the papers to bring
 * for the chosen procedure, shown before the citizen takes the number. "Other / not sure" takes a
 * number for the field without a procedure; staff guide the citizen at the counter.
 */
import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { matchesSearch } from '../../shared/search-text.js'
import type { ProcedureView, ServiceView } from '../../shared/types.js'
import type { Lang } from '../../shared/web/i18n.js'
import { t } from './messages.js'

export interface ProcedureChosenDetail {
  serviceId: number
  /** Null: "other procedure / not sure". */
  procedureId: number | null
}

/** An on-screen keyboard's rows: letters only, Vietnamese without marks (the search ignores them). */
const KEY_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm']

@customElement('qms-procedure-picker')
export class QmsProcedurePicker extends LitElement {
  /** The field the citizen chose. */
  @property({ attribute: false }) service: ServiceView | null = null
  /** Every active procedure of the centre (the search reaches other fields too). */
  @property({ attribute: false }) procedures: ProcedureView[] = []
  /** Every service of the centre, to name a search result's field and to know which can issue. */
  @property({ attribute: false }) services: ServiceView[] = []
  /** Services that cannot issue now: their procedures are listed, greyed out. */
  @property({ attribute: false }) closedServiceIds: ReadonlySet<number> = new Set()
  @property() language: Lang = 'vi'

  @state() private query = ''
  @state() private chosenId: number | null = null
  @state() private keyboard = false

  private name(x: { nameVi: string; nameEn: string }): string {
    return this.language === 'en' && x.nameEn ? x.nameEn : x.nameVi
  }

  private get shown(): ProcedureView[] {
    const q = this.query.trim()
    if (!q) return this.procedures.filter((p) => p.serviceId === this.service?.id)
    // The chosen field's matches first, then the others', each in the catalogue's order.
    const hits = this.procedures.filter((p) => matchesSearch(`${p.nameVi} ${p.nameEn} ${p.code}`, q))
    const own = this.service?.id
    return [...hits.filter((p) => p.serviceId === own), ...hits.filter((p) => p.serviceId !== own)]
  }

  private get chosen(): ProcedureView | undefined {
    return this.procedures.find((p) => p.id === this.chosenId)
  }

  private fire(detail: ProcedureChosenDetail): void {
    this.dispatchEvent(new CustomEvent<ProcedureChosenDetail>('procedure-chosen', { detail, bubbles: true, composed: true }))
  }

  private back(): void {
    this.dispatchEvent(new CustomEvent('procedure-cancel', { bubbles: true, composed: true }))
  }

  private type(key: string): void {
    if (key === 'back') this.query = this.query.slice(0, -1)
    else if (key === 'clear') this.query = ''
    else this.query = (this.query + key).slice(0, 60)
    this.chosenId = null
  }

  private renderKeyboard() {
    const lang = this.language
    return html`<div class="keyboard" data-testid="keyboard">
      ${KEY_ROWS.map((row) => html`<div class="keys">${[...row].map((k) => html`<button class="key" data-key=${k} @click=${() => this.type(k)}>${k}</button>`)}</div>`)}
      <div class="keys">
        <button class="key wide" data-key="clear" @click=${() => this.type('clear')}>${t(lang, 'keyboardClear')}</button>
        <button class="key space" data-key="space" @click=${() => this.type(' ')}>${t(lang, 'keyboardSpace')}</button>
        <button class="key wide" data-key="back" @click=${() => this.type('back')}>⌫ ${t(lang, 'keyboardBackspace')}</button>
        <button class="key wide" data-key="hide" @click=${() => (this.keyboard = false)}>${t(lang, 'keyboardHide')}</button>
      </div>
    </div>`
  }

  private renderPapers() {
    const lang = this.language
    const p = this.chosen
    if (!p) return html`<div class="papers empty" data-testid="papers-hint"><p>${t(lang, 'papersPick')}</p></div>`
    const field = this.services.find((s) => s.id === p.serviceId)
    const closed = this.closedServiceIds.has(p.serviceId)
    return html`<div class="papers" data-testid="papers">
      <p class="field">${field ? this.name(field) : ''}</p>
      <h3 data-testid="chosen-procedure">${this.name(p)}</h3>
      <h4>${t(lang, 'papersTitle')}</h4>
      ${
        p.papers.length === 0
          ? html`<p class="none">${t(lang, 'papersNone')}</p>`
          : html`<ol>
            ${p.papers.map((paper) => html`<li>${paper}</li>`)}
          </ol>`
      }
      <button class="take" data-testid="take-number" ?disabled=${closed} @click=${() => this.fire({ serviceId: p.serviceId, procedureId: p.id })}>
        ${t(lang, 'takeNumber')}
      </button>
    </div>`
  }

  override render() {
    const lang = this.language
    const list = this.shown
    const searching = this.query.trim() !== ''
    return html`
      <div class="head">
        <button class="back" data-testid="procedure-back" @click=${this.back}>‹ ${t(lang, 'back')}</button>
        <h2>${t(lang, 'procedureTitle', { service: this.service ? this.name(this.service) : '' })}</h2>
      </div>
      <div class="search">
        <input
          type="search"
          data-testid="procedure-search"
          autocomplete="off"
          spellcheck="false"
          placeholder=${t(lang, 'procedureSearch')}
          aria-label=${t(lang, 'procedureSearch')}
          .value=${this.query}
          @focus=${() => (this.keyboard = true)}
          @input=${(e: Event) => {
            this.query = (e.target as HTMLInputElement).value
            this.chosenId = null
          }}
        />
      </div>
      ${this.keyboard ? this.renderKeyboard() : nothing}
      <div class="body">
        <div class="list" role="list">
          <p class="hint">${searching ? t(lang, 'procedureSearchResults', { count: list.length }) : t(lang, 'procedureHint')}</p>
          ${searching && list.length === 0 ? html`<p class="no-match" data-testid="no-match">${t(lang, 'procedureNoMatch')}</p>` : nothing}
          ${list.map((p) => {
            const field = p.serviceId !== this.service?.id ? this.services.find((s) => s.id === p.serviceId) : undefined
            return html`<button
              role="listitem"
              class="procedure ${p.id === this.chosenId ? 'chosen' : ''}"
              data-procedure=${p.code}
              aria-pressed=${p.id === this.chosenId ? 'true' : 'false'}
              @click=${() => {
                this.chosenId = p.id
                this.keyboard = false
              }}
            >
              <span class="name">${this.name(p)}</span>
              ${field ? html`<span class="in-field">${this.name(field)}</span>` : nothing}
            </button>`
          })}
          <button class="procedure other" data-testid="procedure-other" @click=${() => this.service && this.fire({ serviceId: this.service.id, procedureId: null })}>
            <span class="name">${t(lang, 'procedureOther')}</span>
            <span class="in-field">${t(lang, 'procedureOtherHint')}</span>
          </button>
        </div>
        ${this.renderPapers()}
      </div>
    `
  }

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 1.6vmin;
      padding: 2.4vmin 4vmin 3vmin;
      min-height: 0;
    }
    button {
      font: inherit;
      cursor: pointer;
      -webkit-tap-highlight-color: transparent;
    }
    .head {
      display: flex;
      align-items: center;
      gap: 2.4vmin;
    }
    h2 {
      margin: 0;
      font-size: 4vmin;
      font-weight: 800;
      color: var(--ink);
      line-height: 1.2;
    }
    .back {
      flex: none;
      min-height: 8vmin;
      min-width: 18vmin;
      border: 0.35vmin solid var(--brand);
      border-radius: 1.4vmin;
      background: #fff;
      color: var(--brand);
      font-size: 2.8vmin;
      font-weight: 700;
    }
    .search input {
      box-sizing: border-box;
      width: 100%;
      min-height: 8vmin;
      padding: 0 2.4vmin;
      border: 0.35vmin solid var(--tile-border);
      border-radius: 1.4vmin;
      font: inherit;
      font-size: 3vmin;
      color: var(--ink);
      background: #fff;
    }
    .search input:focus {
      outline: none;
      border-color: var(--brand);
    }
    .keyboard {
      display: grid;
      gap: 1vmin;
      padding: 1.4vmin;
      border-radius: 1.4vmin;
      background: var(--brand-pale);
    }
    .keys {
      display: flex;
      justify-content: center;
      gap: 1vmin;
    }
    .key {
      flex: 0 1 8.4vmin;
      min-height: 7.6vmin;
      border: 0.25vmin solid var(--tile-border);
      border-radius: 1vmin;
      background: #fff;
      color: var(--ink);
      font-size: 3.2vmin;
      font-weight: 700;
    }
    .key.wide {
      flex-basis: 18vmin;
      font-size: 2.4vmin;
    }
    .key.space {
      flex-basis: 34vmin;
      font-size: 2.4vmin;
    }
    .key:active {
      background: var(--brand);
      color: #fff;
    }
    .body {
      flex: 1;
      min-height: 0;
      display: grid;
      grid-template-rows: minmax(0, 1fr) auto;
      gap: 2vmin;
    }
    @media (orientation: landscape) {
      .body {
        grid-template-rows: none;
        grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr);
      }
    }
    .list {
      min-height: 0;
      overflow-y: auto;
      display: flex;
      flex-direction: column;
      gap: 1.4vmin;
      padding-right: 0.6vmin;
    }
    .hint,
    .no-match {
      margin: 0;
      font-size: 2.4vmin;
      color: var(--muted);
    }
    .no-match {
      color: var(--danger);
      font-weight: 600;
    }
    .procedure {
      flex: none;
      display: flex;
      flex-direction: column;
      gap: 0.5vmin;
      padding: 2vmin 2.6vmin;
      min-height: 9vmin;
      text-align: left;
      border: 0.35vmin solid var(--tile-border);
      border-left: 1.2vmin solid var(--brand);
      border-radius: 1.4vmin;
      background: #fff;
      color: var(--ink);
    }
    .procedure.chosen {
      border-color: var(--brand);
      background: var(--brand-pale);
    }
    .procedure.other {
      border-left-color: var(--muted);
      border-style: dashed;
      border-left-style: solid;
    }
    .name {
      font-size: 3vmin;
      font-weight: 700;
      line-height: 1.25;
    }
    .in-field {
      font-size: 2.2vmin;
      color: var(--muted);
    }
    .papers {
      min-height: 0;
      overflow-y: auto;
      display: flex;
      flex-direction: column;
      gap: 1.2vmin;
      padding: 2.4vmin 3vmin;
      border-radius: 1.8vmin;
      background: var(--brand-pale);
      border: 0.35vmin solid var(--brand);
    }
    .papers.empty {
      justify-content: center;
      border-style: dashed;
      border-color: var(--tile-border);
      background: #fff;
    }
    .papers.empty p {
      margin: 0;
      font-size: 2.6vmin;
      color: var(--muted);
      text-align: center;
    }
    .papers .field {
      margin: 0;
      font-size: 2.2vmin;
      color: var(--muted);
      text-transform: uppercase;
      letter-spacing: 0.05em;
    }
    .papers h3 {
      margin: 0;
      font-size: 3.4vmin;
      font-weight: 800;
      line-height: 1.25;
      color: var(--ink);
    }
    .papers h4 {
      margin: 0.6vmin 0 0;
      font-size: 2.6vmin;
      color: var(--brand);
    }
    .papers ol {
      margin: 0;
      padding-left: 4vmin;
      display: grid;
      gap: 0.8vmin;
      font-size: 2.6vmin;
      line-height: 1.35;
    }
    .papers .none {
      margin: 0;
      font-size: 2.6vmin;
    }
    .take {
      margin-top: auto;
      min-height: 10vmin;
      border: 0;
      border-radius: 1.6vmin;
      background: var(--brand);
      color: #fff;
      font-size: 3.6vmin;
      font-weight: 800;
    }
    .take[disabled] {
      background: var(--closed-bar);
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-procedure-picker': QmsProcedurePicker
  }
}
