/**
 * What was done in a visit, recorded as the staff member finishes it: one row per procedure handled
 * (the ticket's own first; others of the counter's fields can be added), each with its outcome, the
 * dossier's case code where one was received or returned, and the reason of a refusal. A barcode
 * scanner is a keyboard that types the code and then Enter: Enter in a case-code field checks the
 * code and moves on (to the next empty code, or to the finish button), so a scan never submits a
 * half-filled form. Dispatches `qms-finish` (detail: the outcomes) or `qms-dialog-cancel`.
 */
import { LitElement, css, html, nothing } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { CASE_CODE_PATTERN, OUTCOME_KINDS, OUTCOMES_WITH_CASE_CODE, type OutcomeKind } from '../../../shared/constants.js'
import type { OutcomeView, ProcedureView, ServiceView, TicketView } from '../../../shared/types.js'
import type { Lang } from '../../../shared/web/i18n.js'
import { t, type MessageKey } from '../messages.js'
import { dialogStyles } from './dialog-styles.js'
import { controls, tokens } from './styles.js'

interface Row {
  key: number
  procedureId: number | null
  outcome: OutcomeKind | null
  caseCode: string
  reason: string
}

const CASE_CODE = new RegExp(CASE_CODE_PATTERN)
const OUTCOME_LABEL: Record<OutcomeKind, MessageKey> = {
  received: 'outcomeReceived',
  returned: 'outcomeReturned',
  supplement: 'outcomeSupplement',
  refused: 'outcomeRefused',
  information: 'outcomeInformation',
}

/** What a row lacks before it can be sent, as a message key, or null when it is complete. */
function rowProblem(row: Row): MessageKey | null {
  if (!row.outcome) return 'finishPickOutcome'
  if (OUTCOMES_WITH_CASE_CODE.includes(row.outcome)) {
    const code = row.caseCode.trim()
    if (!code) return 'finishCaseCodeMissing'
    if (!CASE_CODE.test(code)) return 'finishCaseCodeInvalid'
  }
  if (row.outcome === 'refused' && !row.reason.trim()) return 'finishReasonMissing'
  return null
}

@customElement('qms-finish-dialog')
export class QmsFinishDialog extends LitElement {
  @property({ attribute: false }) ticket: TicketView | null = null
  /** The procedures of the fields this counter serves (and the ticket's own). */
  @property({ attribute: false }) procedures: ProcedureView[] = []
  @property({ attribute: false }) services: ServiceView[] = []
  /** The centre requires an outcome: no "finish without recording". */
  @property({ type: Boolean }) required = false
  @property() language: Lang = 'vi'
  @property({ type: Boolean }) busy = false
  /** Why the server refused the last try (shown here: the modal hides the console's notice). */
  @property() error = ''

  @state() private rows: Row[] = []
  /** Problems are shown once the staff member tried to finish. */
  @state() private tried = false
  private nextKey = 1

  static override styles = [
    tokens,
    controls,
    dialogStyles,
    css`
      dialog {
        width: min(60rem, 96vw);
      }
      .rows {
        display: grid;
        gap: 0.8rem;
        max-height: 58vh;
        overflow-y: auto;
      }
      .row {
        display: grid;
        gap: 0.55rem;
        padding: 0.8rem 0.9rem;
        border: 2px solid var(--qms-line);
        border-radius: 0.7rem;
      }
      .row.problem {
        border-color: var(--qms-danger, #b42318);
      }
      .row-head {
        display: flex;
        gap: 0.6rem;
        align-items: center;
      }
      .row-head select {
        flex: 1;
        min-width: 0;
      }
      .outcomes {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
      }
      .outcomes .tile {
        padding: 0.45rem 0.75rem;
      }
      .detail {
        display: grid;
        grid-template-columns: 8.5rem 1fr;
        align-items: center;
        gap: 0.6rem;
        font-weight: 600;
      }
      .detail input {
        font-size: 1.05rem;
      }
      .detail input.code {
        font-family: ui-monospace, 'Consolas', monospace;
        letter-spacing: 0.02em;
      }
      .problem-text {
        color: var(--qms-danger, #b42318);
        font-weight: 600;
        margin: 0;
      }
      .add {
        justify-self: start;
      }
      .buttons .spacer {
        flex: 1;
      }
    `,
  ]

  override connectedCallback(): void {
    super.connectedCallback()
    if (this.rows.length === 0) this.rows = [this.newRow(this.ticket?.procedureId ?? null)]
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector('dialog')?.showModal()
    // The first outcome is one key away: focus the first outcome button.
    this.renderRoot.querySelector<HTMLButtonElement>('.outcomes .tile')?.focus()
  }

  private newRow(procedureId: number | null): Row {
    return { key: this.nextKey++, procedureId, outcome: null, caseCode: '', reason: '' }
  }

  private change(key: number, changes: Partial<Row>): void {
    this.rows = this.rows.map((r) => (r.key === key ? { ...r, ...changes } : r))
  }

  private name(x: { nameVi: string; nameEn: string }): string {
    return this.language === 'en' && x.nameEn ? x.nameEn : x.nameVi
  }

  private renderProcedureSelect(row: Row) {
    const lang = this.language
    const taken = new Set(this.rows.filter((r) => r.key !== row.key).map((r) => r.procedureId))
    const byService = this.services.filter((s) => this.procedures.some((p) => p.serviceId === s.id))
    return html`<select
      data-field="procedure"
      aria-label=${t(lang, 'finishProcedure')}
      @change=${(e: Event) => {
        const v = (e.target as HTMLSelectElement).value
        this.change(row.key, { procedureId: v === '' ? null : Number(v) })
      }}
    >
      <option value="" ?selected=${row.procedureId === null} ?disabled=${taken.has(null)}>${t(lang, 'finishNoProcedure')}</option>
      ${byService.map(
        (s) => html`<optgroup label=${this.name(s)}>
          ${this.procedures
            .filter((p) => p.serviceId === s.id)
            .map((p) => html`<option value=${p.id} ?selected=${row.procedureId === p.id} ?disabled=${taken.has(p.id)}>${this.name(p)}</option>`)}
        </optgroup>`,
      )}
    </select>`
  }

  /** Enter in a case-code field (a scanner's last key) moves on instead of submitting. */
  private onCodeKey(event: KeyboardEvent, row: Row): void {
    if (event.key !== 'Enter') return
    event.preventDefault()
    event.stopPropagation()
    const input = event.target as HTMLInputElement
    this.change(row.key, { caseCode: input.value.trim() })
    void this.updateComplete.then(() => {
      const next = [...this.renderRoot.querySelectorAll<HTMLInputElement>('input[data-field="caseCode"]')].find((el) => el !== input && el.value.trim() === '')
      const target = next ?? this.renderRoot.querySelector<HTMLButtonElement>('button[type="submit"]')
      target?.focus()
    })
  }

  private renderRow(row: Row, index: number) {
    const lang = this.language
    const problem = this.tried ? rowProblem(row) : null
    const withCode = row.outcome !== null && OUTCOMES_WITH_CASE_CODE.includes(row.outcome)
    const withReason = row.outcome === 'refused' || row.outcome === 'supplement'
    return html`<div class="row ${problem ? 'problem' : ''}" data-row=${index}>
      <div class="row-head">
        ${this.renderProcedureSelect(row)}
        ${
          this.rows.length > 1
            ? html`<button type="button" class="ghost" data-remove-row @click=${() => (this.rows = this.rows.filter((r) => r.key !== row.key))}>
              ${t(lang, 'finishRemoveRow')}
            </button>`
            : nothing
        }
      </div>
      <div class="outcomes" role="group" aria-label=${t(lang, 'finishOutcome')}>
        ${OUTCOME_KINDS.map(
          (kind) => html`<button
            type="button"
            class="tile"
            data-outcome=${kind}
            aria-pressed=${row.outcome === kind ? 'true' : 'false'}
            @click=${() => {
              this.change(row.key, { outcome: kind })
              // Straight to the code (for a scanner) or the reason.
              void this.updateComplete.then(() =>
                this.renderRoot
                  .querySelector<HTMLInputElement>(`[data-row="${index}"] input[data-field="caseCode"], [data-row="${index}"] input[data-field="reason"]`)
                  ?.focus(),
              )
            }}
          >
            ${t(lang, OUTCOME_LABEL[kind])}
          </button>`,
        )}
      </div>
      ${
        withCode
          ? html`<label class="detail"
            >${t(lang, 'finishCaseCode')}
            <input
              class="code"
              data-field="caseCode"
              maxlength="40"
              autocomplete="off"
              spellcheck="false"
              placeholder=${t(lang, 'finishCaseCodeHint')}
              .value=${row.caseCode}
              @input=${(e: Event) => this.change(row.key, { caseCode: (e.target as HTMLInputElement).value })}
              @keydown=${(e: KeyboardEvent) => this.onCodeKey(e, row)}
          /></label>`
          : nothing
      }
      ${
        withReason
          ? html`<label class="detail"
            >${t(lang, row.outcome === 'refused' ? 'finishReason' : 'finishMissing')}
            <input
              data-field="reason"
              maxlength="300"
              autocomplete="off"
              .value=${row.reason}
              @input=${(e: Event) => this.change(row.key, { reason: (e.target as HTMLInputElement).value })}
          /></label>`
          : nothing
      }
      ${problem ? html`<p class="problem-text" data-problem>${t(lang, problem)}</p>` : nothing}
    </div>`
  }

  override render() {
    const lang = this.language
    const free = this.procedures.some((p) => !this.rows.some((r) => r.procedureId === p.id))
    return html`
      <dialog @cancel=${this.cancel} aria-labelledby="title">
        <form method="dialog" @submit=${this.submit}>
          <h2 id="title">${t(lang, 'finishTitle', { number: this.ticket?.number ?? '' })}</h2>
          <p class="hint">${t(lang, 'finishHint')}</p>
          <div class="rows">${this.rows.map((r, i) => this.renderRow(r, i))}</div>
          ${this.error ? html`<p class="problem-text" role="alert" data-finish-error>${this.error}</p>` : nothing}
          ${
            free
              ? html`<button type="button" class="add" data-add-row @click=${() => (this.rows = [...this.rows, this.newRow(null)])}>
                + ${t(lang, 'finishAddRow')}
              </button>`
              : nothing
          }
          <div class="buttons">
            ${
              this.required
                ? nothing
                : html`<button type="button" class="ghost" data-finish-bare ?disabled=${this.busy} @click=${this.finishBare}>${t(lang, 'finishWithout')}</button>`
            }
            <span class="spacer"></span>
            <button type="button" @click=${this.cancel}>${t(lang, 'cancel')}</button>
            <button type="submit" class="primary" ?disabled=${this.busy}>${t(lang, 'finishSubmit')}</button>
          </div>
        </form>
      </dialog>
    `
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault()
    this.tried = true
    if (this.rows.some((r) => rowProblem(r) !== null)) return
    const outcomes: OutcomeView[] = this.rows.map((r) => ({
      procedureId: r.procedureId,
      outcome: r.outcome!,
      caseCode: OUTCOMES_WITH_CASE_CODE.includes(r.outcome!) ? r.caseCode.trim() : null,
      reason: r.reason.trim() || null,
    }))
    this.dispatchEvent(new CustomEvent<OutcomeView[]>('qms-finish', { detail: outcomes, bubbles: true, composed: true }))
  }

  private finishBare(): void {
    this.dispatchEvent(new CustomEvent<OutcomeView[]>('qms-finish', { detail: [], bubbles: true, composed: true }))
  }

  private cancel(event?: Event): void {
    event?.preventDefault()
    this.dispatchEvent(new CustomEvent('qms-dialog-cancel', { bubbles: true, composed: true }))
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-finish-dialog': QmsFinishDialog
  }
}
