/**
 * Transfer the current ticket to another service, another counter, or both, with an optional note
 * the receiving counter sees. Dispatches `qms-transfer` (detail: TransferChoice) or `qms-dialog-cancel`.
 */
import { LitElement, html } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import type { CounterView, ServiceView, TicketView } from '../../../shared/types.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { t } from '../messages.js'
import { dialogStyles } from './dialog-styles.js'
import { controls, tokens } from './styles.js'

export interface TransferChoice {
  toServiceId: number | null
  toCounterId: number | null
  note: string | null
}

@customElement('qms-transfer-dialog')
export class QmsTransferDialog extends LitElement {
  @property({ attribute: false }) ticket: TicketView | null = null
  @property({ attribute: false }) services: ServiceView[] = []
  /** Counters the ticket can go to (not mine). */
  @property({ attribute: false }) counters: CounterView[] = []
  @property() language: Lang = 'vi'
  @property({ type: Boolean }) busy = false

  @state() private toServiceId: number | null = null
  @state() private toCounterId: number | null = null

  static override styles = [tokens, controls, dialogStyles]

  override firstUpdated(): void {
    this.renderRoot.querySelector('dialog')?.showModal()
  }

  override render() {
    const lang = this.language
    const ticket = this.ticket
    if (!ticket) return ''
    const services = this.services.filter((s) => s.active && s.id !== ticket.serviceId)
    const chosen = this.toServiceId !== null || this.toCounterId !== null
    return html`
      <dialog @cancel=${this.cancel} aria-labelledby="title">
        <form method="dialog" @submit=${this.submit}>
          <h2 id="title">${t(lang, 'transferTitle', { number: ticket.number })}</h2>
          <p class="hint">${t(lang, 'transferHint')}</p>
          <fieldset>
            <legend>${t(lang, 'transferToService')}</legend>
            <div class="tiles" data-services>
              ${services.map(
                (s) => html`<button
                  type="button"
                  class="tile"
                  data-service=${s.code}
                  aria-pressed=${this.toServiceId === s.id ? 'true' : 'false'}
                  @click=${() => (this.toServiceId = this.toServiceId === s.id ? null : s.id)}
                >
                  ${lang === 'en' ? s.nameEn : s.nameVi}<small>${s.code}</small>
                </button>`,
              )}
            </div>
          </fieldset>
          <fieldset>
            <legend>${t(lang, 'transferToCounter')}</legend>
            <div class="tiles" data-counters>
              ${[...this.counters]
                .sort((a, b) => a.number - b.number)
                .map(
                  (c) => html`<button
                    type="button"
                    class="tile"
                    data-counter=${c.number}
                    aria-pressed=${this.toCounterId === c.id ? 'true' : 'false'}
                    @click=${() => (this.toCounterId = this.toCounterId === c.id ? null : c.id)}
                  >
                    ${t(lang, 'counterNumber', { n: c.number })}
                    <small
                      >${t(lang, c.status === 'open' ? 'counterOpen' : c.status === 'paused' ? 'counterPaused' : 'counterClosed')}${
                        c.staffName && c.status !== 'closed' ? ` · ${c.staffName}` : ''
                      }</small
                    >
                  </button>`,
                )}
            </div>
          </fieldset>
          <label class="text"
            >${t(lang, 'transferNoteLabel')}
            <textarea name="note" maxlength="500" placeholder=${t(lang, 'transferNotePlaceholder')}></textarea>
          </label>
          <div class="buttons">
            <button type="button" @click=${this.cancel}>${t(lang, 'cancel')}</button>
            <button type="submit" class="primary" ?disabled=${!chosen || this.busy}>${t(lang, 'transferSubmit')}</button>
          </div>
        </form>
      </dialog>
    `
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault()
    const note = (this.renderRoot.querySelector('textarea')?.value ?? '').trim()
    const choice: TransferChoice = { toServiceId: this.toServiceId, toCounterId: this.toCounterId, note: note || null }
    this.dispatchEvent(new CustomEvent<TransferChoice>('qms-transfer', { detail: choice, bubbles: true, composed: true }))
  }

  private cancel(event?: Event): void {
    event?.preventDefault()
    this.dispatchEvent(new CustomEvent('qms-dialog-cancel', { bubbles: true, composed: true }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-transfer-dialog': QmsTransferDialog
  }
}
