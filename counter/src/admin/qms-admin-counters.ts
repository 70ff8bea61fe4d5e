/** Counters: number, name, calling order and the services served, put in order with up/down. */
import { html, nothing } from 'lit'
import { customElement, query, state } from 'lit/decorators.js'
import type { AdminServiceView, CounterInput } from '../../../shared/admin.js'
import type { CallStrategy } from '../../../shared/constants.js'
import type { CounterView } from '../../../shared/types.js'
import { controls, tokens } from '../console/styles.js'
import { AdminScreen, codeOf } from './admin-screen.js'
import { adminStyles, formPageStyles } from './admin-styles.js'
import { refusal } from './messages.js'
import './qms-admin-confirm.js'

interface Draft {
  id: number | null
  number: number
  name: string
  strategy: CallStrategy
  serviceIds: number[]
}

@customElement('qms-admin-counters')
export class QmsAdminCounters extends AdminScreen {
  @state() private counters: CounterView[] | null = null
  @state() private services: AdminServiceView[] = []
  @state() private draft: Draft | null = null
  @state() private formError = ''
  @state() private saving = false
  @state() private notice: { kind: 'ok' | 'error'; text: string } | null = null
  @query('dialog') private dialog!: HTMLDialogElement

  static override styles = [tokens, controls, adminStyles, formPageStyles]

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  private async load(): Promise<void> {
    try {
      const [counters, services] = await Promise.all([
        this.call<{ counters: CounterView[] }>('/api/admin/counters'),
        this.call<{ services: AdminServiceView[] }>('/api/admin/services'),
      ])
      this.counters = counters.counters
      this.services = services.services
    } catch (err) {
      this.notice = { kind: 'error', text: refusal(this.uiLang, codeOf(err)) }
    }
  }

  private serviceName(id: number): string {
    const s = this.services.find((x) => x.id === id)
    if (!s) return `#${id}`
    return this.uiLang === 'en' ? s.nameEn : s.nameVi
  }

  private open(counter: CounterView | null): void {
    const next = Math.max(0, ...(this.counters ?? []).map((c) => c.number)) + 1
    this.draft = counter
      ? { id: counter.id, number: counter.number, name: counter.name, strategy: counter.strategy, serviceIds: [...counter.serviceIds] }
      : { id: null, number: next, name: this.uiLang === 'en' ? `Counter ${next}` : `Quầy ${next}`, strategy: 'service_order', serviceIds: [] }
    this.formError = ''
    void this.updateComplete.then(() => this.dialog.showModal())
  }

  private closeDialog(): void {
    this.dialog?.close()
    this.draft = null
  }

  private set<K extends keyof Draft>(key: K, value: Draft[K]): void {
    if (this.draft) this.draft = { ...this.draft, [key]: value }
  }

  private move(index: number, by: -1 | 1): void {
    const ids = [...(this.draft?.serviceIds ?? [])]
    const target = index + by
    if (target < 0 || target >= ids.length) return
    ;[ids[index], ids[target]] = [ids[target] as number, ids[index] as number]
    this.set('serviceIds', ids)
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault()
    const d = this.draft
    if (!d || this.saving) return
    this.saving = true
    this.formError = ''
    const body: CounterInput = { number: d.number, name: d.name.trim(), strategy: d.strategy, serviceIds: d.serviceIds }
    try {
      if (d.id === null) await this.call('/api/admin/counters', { method: 'POST', body })
      else await this.call(`/api/admin/counters/${d.id}`, { method: 'PATCH', body })
      this.closeDialog()
      this.notice = { kind: 'ok', text: this.tr('saved') }
      await this.load()
    } catch (err) {
      this.formError = refusal(this.uiLang, codeOf(err), 'conflictCounter')
    } finally {
      this.saving = false
    }
  }

  private async removeItem(counter: CounterView): Promise<void> {
    if (!(await this.confirmAction(this.tr('confirmDeleteCounter', { n: counter.number }), this.tr('delete')))) return
    try {
      await this.call(`/api/admin/counters/${counter.id}`, { method: 'DELETE' })
      this.notice = { kind: 'ok', text: this.tr('counterDeleted') }
      await this.load()
    } catch (err) {
      this.notice = { kind: 'error', text: refusal(this.uiLang, codeOf(err), 'conflictCounter') }
    }
  }

  override render() {
    return html`
      <div class="page-head">
        <div>
          <h1>${this.tr('countersHeading')}</h1>
          <p class="lead">${this.tr('countersHint')}</p>
        </div>
        ${this.canEdit
          ? html`<div class="head-actions"><button class="primary" data-action="new" @click=${() => this.open(null)}>+ ${this.tr('newCounter')}</button></div>`
          : nothing}
      </div>
      ${this.notice ? html`<div class="notice ${this.notice.kind}" role="status">${this.notice.text}</div>` : nothing}
      <div class="card">${this.renderTable()}</div>
      ${this.renderDialog()}
      <qms-admin-confirm></qms-admin-confirm>
    `
  }

  private renderTable() {
    if (!this.counters) return html`<p class="empty">${this.tr('loading')}</p>`
    if (this.counters.length === 0) return html`<p class="empty">${this.tr('empty')}</p>`
    const stateKey = { open: 'stateOpen', paused: 'statePaused', closed: 'stateClosed' } as const
    const stateClass = { open: 'on', paused: 'warn', closed: 'off' } as const
    return html`<table>
      <thead>
        <tr>
          <th>${this.tr('counterNumber')}</th>
          <th>${this.tr('name')}</th>
          <th>${this.tr('counterServices')}</th>
          <th>${this.tr('strategy')}</th>
          <th>${this.tr('status')}</th>
          ${this.canEdit ? html`<th></th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${this.counters.map(
          (c) => html`<tr data-number=${c.number}>
            <td><span class="code">${c.number}</span></td>
            <td>${c.name}${c.staffName ? html`<span class="sub">${c.staffName}</span>` : nothing}</td>
            <td>${c.serviceIds.length ? c.serviceIds.map((id, i) => html`${i ? ' → ' : ''}${this.serviceName(id)}`) : this.tr('none')}</td>
            <td>${this.tr(c.strategy === 'longest_wait' ? 'strategyLongestWait' : 'strategyServiceOrder')}</td>
            <td><span class="badge ${stateClass[c.status]}">${this.tr(stateKey[c.status])}</span></td>
            ${this.canEdit
              ? html`<td class="actions">
                  <button @click=${() => this.open(c)}>${this.tr('edit')}</button>
                  <button class="danger" @click=${() => this.removeItem(c)}>${this.tr('delete')}</button>
                </td>`
              : nothing}
          </tr>`,
        )}
      </tbody>
    </table>`
  }

  private renderDialog() {
    const d = this.draft
    if (!d) return html`<dialog></dialog>`
    const unused = this.services.filter((s) => !d.serviceIds.includes(s.id))
    return html`<dialog @close=${() => (this.draft = null)}>
      <form @submit=${this.save}>
        <h2>${d.id === null ? this.tr('newCounter') : this.tr('editCounter', { n: d.number })}</h2>
        ${this.formError ? html`<p class="form-error" role="alert">${this.formError}</p>` : nothing}
        <div class="grid">
          <label class="field">${this.tr('counterNumber')}
            <input name="number" type="number" required min="1" max="999" .value=${String(d.number)} @input=${(e: Event) => this.set('number', Number((e.target as HTMLInputElement).value))} />
          </label>
          <label class="field">${this.tr('name')}
            <input name="name" required maxlength="80" .value=${d.name} @input=${(e: Event) => this.set('name', (e.target as HTMLInputElement).value)} />
          </label>
          <label class="field full">${this.tr('strategy')}
            <select name="strategy" @change=${(e: Event) => this.set('strategy', (e.target as HTMLSelectElement).value as CallStrategy)}>
              <option value="service_order" ?selected=${d.strategy === 'service_order'}>${this.tr('strategyServiceOrder')}</option>
              <option value="longest_wait" ?selected=${d.strategy === 'longest_wait'}>${this.tr('strategyLongestWait')}</option>
            </select>
          </label>
        </div>
        <fieldset>
          <legend>${this.tr('counterServices')}</legend>
          ${d.serviceIds.length === 0 ? html`<p class="help">${this.tr('noServicesYet')}</p>` : nothing}
          <ol class="ordered">
            ${d.serviceIds.map(
              (id, i) => html`<li class="row" data-service-id=${id}>
                <strong style="flex:1">${i + 1}. ${this.serviceName(id)}</strong>
                <button type="button" ?disabled=${i === 0} @click=${() => this.move(i, -1)} aria-label=${this.tr('moveUp')}>↑ ${this.tr('moveUp')}</button>
                <button type="button" ?disabled=${i === d.serviceIds.length - 1} @click=${() => this.move(i, 1)} aria-label=${this.tr('moveDown')}>↓ ${this.tr('moveDown')}</button>
                <button type="button" class="danger" @click=${() => this.set('serviceIds', d.serviceIds.filter((x) => x !== id))}>${this.tr('remove')}</button>
              </li>`,
            )}
          </ol>
          ${unused.length
            ? html`<select
                name="addService"
                @change=${(e: Event) => {
                  const select = e.target as HTMLSelectElement
                  if (select.value) this.set('serviceIds', [...d.serviceIds, Number(select.value)])
                  select.value = ''
                }}
              >
                <option value="">${this.tr('addServiceToCounter')}</option>
                ${unused.map((s) => html`<option value=${s.id}>${s.code} – ${this.uiLang === 'en' ? s.nameEn : s.nameVi}</option>`)}
              </select>`
            : nothing}
        </fieldset>
        <div class="dialog-actions">
          <button type="button" @click=${() => this.closeDialog()}>${this.tr('cancel')}</button>
          <button class="primary" type="submit" ?disabled=${this.saving}>${this.saving ? this.tr('saving') : this.tr('save')}</button>
        </div>
      </form>
    </dialog>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-admin-counters': QmsAdminCounters
  }
}
