/**
 * "In lại số": a ticket reprinted by the number the citizen shows or says, on the printer of the
 * kiosk that issued it. Dispatches `qms-reprint-number` (detail: the number) or `qms-dialog-cancel`.
 */
import { LitElement, css, html } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { t } from '../messages.js'
import { dialogStyles } from './dialog-styles.js'
import { controls, tokens } from './styles.js'

@customElement('qms-reprint-dialog')
export class QmsReprintDialog extends LitElement {
  @property() language: Lang = 'vi'
  /** A reprint is under way. */
  @property({ type: Boolean }) busy = false

  static override styles = [
    tokens,
    controls,
    dialogStyles,
    css`
      dialog {
        width: min(28rem, 94vw);
      }
      input {
        font-size: 1.6rem;
        font-weight: 800;
        letter-spacing: 0.04em;
      }
      .hint {
        color: var(--qms-muted);
        margin: 0;
      }
    `,
  ]

  override firstUpdated(): void {
    this.renderRoot.querySelector('dialog')?.showModal()
    this.renderRoot.querySelector('input')?.focus()
  }

  override render() {
    const lang = this.language
    return html`
      <dialog @cancel=${this.cancel} aria-labelledby="title">
        <form method="dialog" @submit=${this.submit}>
          <h2 id="title">${t(lang, 'reprintTitle')}</h2>
          <p class="hint">${t(lang, 'reprintHint')}</p>
          <label class="text"
            >${t(lang, 'reprintNumber')}
            <input name="number" required maxlength="20" autocomplete="off" inputmode="text" />
          </label>
          <div class="buttons">
            <button type="button" @click=${this.cancel}>${t(lang, 'cancel')}</button>
            <button type="submit" class="primary" ?disabled=${this.busy}>${t(lang, 'reprintSubmit')}</button>
          </div>
        </form>
      </dialog>
    `
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault()
    const number = (this.renderRoot.querySelector('input')?.value ?? '').trim()
    if (!number) return
    this.dispatchEvent(new CustomEvent<string>('qms-reprint-number', { detail: number, bubbles: true, composed: true }))
  }

  private cancel(event?: Event): void {
    event?.preventDefault()
    this.dispatchEvent(new CustomEvent('qms-dialog-cancel', { bubbles: true, composed: true }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-reprint-dialog': QmsReprintDialog
  }
}
