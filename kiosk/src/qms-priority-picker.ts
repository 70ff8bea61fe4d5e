/** The second step of a priority ticket: "which priority group are you in?" */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { PriorityGroupView } from '../../shared/types.js'
import type { Lang } from '../../shared/web/i18n.js'
import { t } from './messages.js'

export interface PriorityChosenDetail {
  priorityGroupId: number
}

@customElement('qms-priority-picker')
export class QmsPriorityPicker extends LitElement {
  /** Active priority groups of the site, in their configured order. */
  @property({ attribute: false }) groups: PriorityGroupView[] = []
  @property() language: Lang = 'vi'

  private choose(id: number): void {
    this.dispatchEvent(new CustomEvent<PriorityChosenDetail>('priority-chosen', { detail: { priorityGroupId: id }, bubbles: true, composed: true }))
  }

  private back(): void {
    this.dispatchEvent(new CustomEvent('priority-cancel', { bubbles: true, composed: true }))
  }

  override render() {
    return html`
      <h2>${t(this.language, 'priorityTitle')}</h2>
      <p class="hint">${t(this.language, 'priorityHint')}</p>
      <div class="groups">
        ${this.groups.map(
          (g) => html`<button class="group" data-group=${g.code} @click=${() => this.choose(g.id)}>
            <span class="primary">${this.language === 'en' ? g.nameEn : g.nameVi}</span>
            <span class="secondary">${this.language === 'en' ? g.nameVi : g.nameEn}</span>
          </button>`,
        )}
      </div>
      <button class="back" @click=${this.back} data-testid="priority-back">${t(this.language, 'back')}</button>
    `
  }

  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 2.4vmin;
      padding: 4vmin;
      min-height: 0;
    }
    h2 {
      margin: 0;
      font-size: 4.6vmin;
      font-weight: 800;
      color: var(--ink);
    }
    .hint {
      margin: -1vmin 0 0;
      font-size: 2.6vmin;
      color: var(--muted);
    }
    .groups {
      flex: 1;
      min-height: 0;
      display: grid;
      grid-template-columns: 1fr;
      grid-auto-rows: minmax(0, 20vmin);
      gap: 2.4vmin;
      align-content: center;
    }
    button {
      font: inherit;
      cursor: pointer;
      -webkit-tap-highlight-color: transparent;
    }
    .group {
      display: flex;
      flex-direction: column;
      justify-content: center;
      gap: 0.6vmin;
      padding: 2vmin 3vmin;
      text-align: left;
      border: 0.35vmin solid var(--priority);
      border-left: 1.4vmin solid var(--priority);
      border-radius: 1.8vmin;
      background: var(--priority-pale);
      color: var(--ink);
    }
    @media (orientation: landscape) {
      .groups {
        grid-template-columns: 1fr 1fr;
      }
    }
    .group:active {
      transform: scale(0.985);
    }
    .primary {
      font-size: 4vmin;
      font-weight: 800;
      line-height: 1.2;
    }
    .secondary {
      font-size: 2.3vmin;
      color: var(--muted);
    }
    .back {
      align-self: center;
      min-width: 36vmin;
      min-height: 9vmin;
      border: 0.35vmin solid var(--brand);
      border-radius: 1.4vmin;
      background: #fff;
      color: var(--brand);
      font-size: 3vmin;
      font-weight: 700;
    }
  `
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-priority-picker': QmsPriorityPicker
  }
}
