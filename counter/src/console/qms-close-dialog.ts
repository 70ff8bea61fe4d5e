/**
 * "Close my counter?" asked in a modal, like the other confirmations: what will happen, then
 * Cancel or Close. Dispatches `qms-close-counter` or `qms-dialog-cancel`.
 */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { t } from '../messages.js'
import { dialogStyles } from './dialog-styles.js'
import { controls, tokens } from './styles.js'

@customElement('qms-close-dialog')
export class QmsCloseDialog extends LitElement {
  @property() language: Lang = 'vi'
  @property({ type: Number }) counterNumber = 0
  @property({ type: Boolean }) busy = false

  static override styles = [
    tokens,
    controls,
    dialogStyles,
    css`
      dialog {
        width: min(32rem, 92vw);
      }
      p {
        margin: 0;
        font-size: 1.08rem;
        line-height: 1.5;
      }
      button.danger-fill {
        background: var(--qms-danger);
        border-color: var(--qms-danger);
        color: #fff;
      }
    `,
  ]

  override firstUpdated(): void {
    this.renderRoot.querySelector('dialog')?.showModal()
  }

  override render() {
    const lang = this.language
    const n = this.counterNumber
    return html`
      <dialog @cancel=${this.cancel} role="alertdialog" aria-labelledby="title" aria-describedby="what">
        <form method="dialog" @submit=${this.submit}>
          <h2 id="title">${t(lang, 'closeTitle', { n })}</h2>
          <p id="what">${t(lang, 'closeConfirm', { n })}</p>
          <div class="buttons">
            <button type="button" @click=${this.cancel} autofocus>${t(lang, 'cancel')}</button>
            <button type="submit" class="danger-fill" ?disabled=${this.busy} data-confirm>${t(lang, 'closeCounter')}</button>
          </div>
        </form>
      </dialog>
    `
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault()
    this.dispatchEvent(new CustomEvent('qms-close-counter', { bubbles: true, composed: true }))
  }

  private cancel(event?: Event): void {
    event?.preventDefault()
    this.dispatchEvent(new CustomEvent('qms-dialog-cancel', { bubbles: true, composed: true }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-close-dialog': QmsCloseDialog
  }
}
