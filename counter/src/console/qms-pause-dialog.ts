/**
 * Pause my counter with a reason (picked, plus optional words). Managers see the reason in the
 * live overview. Dispatches `qms-pause` (detail: the reason text) or `qms-dialog-cancel`.
 */
import { LitElement, css, html } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { t, type MessageKey } from '../messages.js'
import { dialogStyles } from './dialog-styles.js'
import { controls, tokens } from './styles.js'

export const PAUSE_REASONS: MessageKey[] = ['pauseBreak', 'pauseMeeting', 'pauseHelping', 'pauseTechnical', 'pauseOther']

@customElement('qms-pause-dialog')
export class QmsPauseDialog extends LitElement {
  @property() language: Lang = 'vi'
  @property({ type: Boolean }) busy = false

  @state() private reason: MessageKey = 'pauseBreak'

  static override styles = [
    tokens,
    controls,
    dialogStyles,
    css`
      dialog {
        width: min(36rem, 94vw);
      }
      .tiles {
        grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
      }
    `,
  ]

  override firstUpdated(): void {
    this.renderRoot.querySelector('dialog')?.showModal()
  }

  override render() {
    const lang = this.language
    return html`
      <dialog @cancel=${this.cancel} aria-labelledby="title">
        <form method="dialog" @submit=${this.submit}>
          <h2 id="title">${t(lang, 'pauseTitle')}</h2>
          <fieldset>
            <legend>${t(lang, 'pauseReason')}</legend>
            <div class="tiles">
              ${PAUSE_REASONS.map(
                (key) => html`<button
                  type="button"
                  class="tile"
                  data-reason=${key}
                  aria-pressed=${this.reason === key ? 'true' : 'false'}
                  @click=${() => (this.reason = key)}
                >
                  ${t(lang, key)}
                </button>`,
              )}
            </div>
          </fieldset>
          <label class="text"
            >${t(lang, 'pauseDetails')}
            <input name="details" maxlength="150" autocomplete="off" />
          </label>
          <div class="buttons">
            <button type="button" @click=${this.cancel}>${t(lang, 'cancel')}</button>
            <button type="submit" class="primary" ?disabled=${this.busy}>${t(lang, 'pauseSubmit')}</button>
          </div>
        </form>
      </dialog>
    `
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault()
    const details = (this.renderRoot.querySelector('input')?.value ?? '').trim()
    const label = t(this.language, this.reason)
    const reason = details ? `${label}: ${details}` : label
    this.dispatchEvent(new CustomEvent<string>('qms-pause', { detail: reason, bubbles: true, composed: true }))
  }

  private cancel(event?: Event): void {
    event?.preventDefault()
    this.dispatchEvent(new CustomEvent('qms-dialog-cancel', { bubbles: true, composed: true }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-pause-dialog': QmsPauseDialog
  }
}
