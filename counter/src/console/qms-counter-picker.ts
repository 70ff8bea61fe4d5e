/**
 * "Which counter am I at?": the site's counters with their state and who holds them.
 * Dispatches `qms-counter-chosen` (detail: counter id).
 */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { CounterView, ServiceView } from '../../../shared/types.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { t } from '../messages.js'
import { nameIn } from './format.js'
import { controls, tokens } from './styles.js'

/** "Quầy 3" adds nothing under the heading "Quầy 3". */
export function isDefaultName(c: CounterView): boolean {
  return !c.name || c.name === t('vi', 'counterNumber', { n: c.number }) || c.name === t('en', 'counterNumber', { n: c.number })
}

@customElement('qms-counter-picker')
export class QmsCounterPicker extends LitElement {
  @property({ attribute: false }) counters: CounterView[] = []
  @property({ attribute: false }) services: ServiceView[] = []
  @property() language: Lang = 'vi'
  /** The logged-in user's id. */
  @property({ type: Number }) userId = 0
  /** The counter remembered on this PC. */
  @property({ type: Number }) rememberedId: number | null = null
  /** A request is in flight. */
  @property({ type: Boolean }) busy = false

  static override styles = [
    tokens,
    controls,
    css`
      :host {
        display: block;
        padding: 1.5rem 2rem 2rem;
        overflow: auto;
      }
      h1 {
        margin: 0 0 0.25rem;
        font-size: 1.7rem;
      }
      .hint {
        margin: 0 0 1.4rem;
        color: var(--qms-muted);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr));
        gap: 1rem;
      }
      li {
        background: var(--qms-card);
        border: 2px solid var(--qms-line);
        border-radius: 0.9rem;
        padding: 1.1rem 1.2rem 1.2rem;
        display: grid;
        gap: 0.6rem;
        align-content: start;
      }
      li.remembered {
        border-color: var(--qms-primary);
        box-shadow: 0 0 0 3px var(--qms-primary-soft);
      }
      li.taken {
        background: #f6f8fb;
      }
      .top {
        display: flex;
        align-items: baseline;
        justify-content: space-between;
        gap: 0.5rem;
      }
      .number {
        font-size: 1.6rem;
        font-weight: 800;
        color: var(--qms-primary-dark);
      }
      .state {
        font-size: 0.85rem;
        font-weight: 700;
        padding: 0.2rem 0.6rem;
        border-radius: 1rem;
      }
      .state.open {
        background: var(--qms-success-soft);
        color: var(--qms-success);
      }
      .state.paused {
        background: var(--qms-warning-soft);
        color: var(--qms-warning);
      }
      .state.closed {
        background: #e8ecf2;
        color: var(--qms-muted);
      }
      .name {
        font-weight: 600;
      }
      .services {
        color: var(--qms-muted);
        font-size: 0.95rem;
        min-height: 1.3em;
      }
      .holder {
        font-size: 0.92rem;
        color: var(--qms-muted);
      }
      .release-hint {
        font-size: 0.85rem;
        color: var(--qms-muted);
        font-style: italic;
      }
      .holder.mine {
        color: var(--qms-success);
        font-weight: 700;
      }
      .tag {
        font-size: 0.8rem;
        font-weight: 700;
        color: var(--qms-primary);
      }
      li button {
        width: 100%;
        padding: 0.7rem;
        font-size: 1.05rem;
        margin-top: 0.2rem;
      }
      .empty {
        color: var(--qms-muted);
        font-size: 1.1rem;
      }
    `,
  ]

  override render() {
    const lang = this.language
    return html`
      <h1>${t(lang, 'chooseCounterTitle')}</h1>
      <p class="hint">${t(lang, 'chooseCounterHint')}</p>
      ${this.counters.length === 0 ? html`<p class="empty">${t(lang, 'noCounters')}</p>` : ''}
      <ul>
        ${[...this.counters].sort((a, b) => a.number - b.number).map((c) => this.renderCounter(c))}
      </ul>
    `
  }

  private renderCounter(c: CounterView) {
    const lang = this.language
    const mine = c.staffId === this.userId && c.status !== 'closed'
    const taken = c.staffId !== null && c.staffId !== this.userId && c.status !== 'closed'
    const serviceNames = c.serviceIds
      .map((id) => this.services.find((s) => s.id === id))
      .filter((s): s is ServiceView => s !== undefined)
      .map((s) => nameIn(lang, s))
      .join(' · ')
    const stateKey = c.status === 'open' ? 'counterOpen' : c.status === 'paused' ? 'counterPaused' : 'counterClosed'
    const remembered = c.id === this.rememberedId
    const defaultName = t(lang, 'counterNumber', { n: c.number })
    return html`
      <li class="${remembered ? 'remembered' : ''} ${taken ? 'taken' : ''}" data-counter=${c.number}>
        <div class="top">
          <span class="number">${defaultName}</span>
          <span class="state ${c.status}">${t(lang, stateKey)}</span>
        </div>
        ${isDefaultName(c) ? '' : html`<div class="name">${c.name}</div>`}
        <div class="services">${serviceNames}</div>
        ${
          mine
            ? html`<div class="holder mine">${t(lang, 'heldByYou')}</div>`
            : c.staffName && c.status !== 'closed'
              ? html`<div class="holder" data-holder>${t(lang, 'heldBy', { name: c.staffName })}</div>
                <div class="release-hint">${t(lang, 'releaseHint')}</div>`
              : remembered
                ? html`<div class="tag">${t(lang, 'rememberedHere')}</div>`
                : ''
        }
        <button
          class=${taken ? '' : 'primary'}
          ?disabled=${taken || this.busy}
          title=${taken ? t(lang, 'takenByOther') : ''}
          @click=${() => this.choose(c.id)}
        >
          ${taken ? t(lang, 'takenByOther') : mine ? t(lang, 'continueCounter') : t(lang, 'takeCounter')}
        </button>
      </li>
    `
  }

  private choose(id: number): void {
    this.dispatchEvent(new CustomEvent<number>('qms-counter-chosen', { detail: id, bubbles: true, composed: true }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-counter-picker': QmsCounterPicker
  }
}
