/** Services: the list, and a dialog to add or edit one (names, numbering, hours, cap, targets). */
import { html, nothing } from 'lit'
import { customElement, query, state } from 'lit/decorators.js'
import type { AdminServiceView, DeleteResult, ServiceInput } from '../../../shared/admin.js'
import type { OpeningHours, OpeningPeriod } from '../../../shared/types.js'
import { controls, tokens } from '../console/styles.js'
import { AdminScreen, codeOf } from './admin-screen.js'
import { adminStyles, formPageStyles } from './admin-styles.js'
import { refusal, type AdminKey } from './messages.js'
import './qms-admin-confirm.js'

interface Draft {
  id: number | null
  code: string
  nameVi: string
  nameEn: string
  numbering: 'prefix' | 'block'
  prefix: string
  digits: number
  blockStart: number
  blockEnd: number
  limitedHours: boolean
  days: number[]
  periods: OpeningPeriod[]
  dailyCap: string
  targetWaitMinutes: number
  defaultServiceMinutes: number
  active: boolean
  sortOrder: number
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const
const DEFAULT_PERIODS: OpeningPeriod[] = [
  { from: '07:30', to: '11:15' },
  { from: '13:30', to: '16:45' },
]

function toDraft(s: AdminServiceView | null, nextOrder: number): Draft {
  return {
    id: s?.id ?? null,
    code: s?.code ?? '',
    nameVi: s?.nameVi ?? '',
    nameEn: s?.nameEn ?? '',
    numbering: s?.numbering ?? 'prefix',
    prefix: s?.prefix ?? '',
    digits: s?.digits ?? 3,
    blockStart: s?.blockStart ?? 1,
    blockEnd: s?.blockEnd ?? 999,
    limitedHours: !!s?.hours,
    days: s?.hours?.days ?? [1, 2, 3, 4, 5],
    periods: s?.hours?.periods ?? DEFAULT_PERIODS,
    dailyCap: s?.dailyCap ? String(s.dailyCap) : '',
    targetWaitMinutes: s?.targetWaitMinutes ?? 15,
    defaultServiceMinutes: s?.defaultServiceMinutes ?? 8,
    active: s?.active ?? true,
    sortOrder: s?.sortOrder ?? nextOrder,
  }
}

function toInput(d: Draft): ServiceInput {
  const hours: OpeningHours | null = d.limitedHours ? { days: [...d.days].sort(), periods: d.periods } : null
  return {
    code: d.code.trim(),
    nameVi: d.nameVi.trim(),
    nameEn: d.nameEn.trim(),
    numbering: d.numbering,
    ...(d.numbering === 'prefix' ? { prefix: d.prefix.trim(), digits: d.digits } : { blockStart: d.blockStart, blockEnd: d.blockEnd }),
    hours,
    dailyCap: d.dailyCap.trim() === '' ? null : Number(d.dailyCap),
    targetWaitMinutes: d.targetWaitMinutes,
    defaultServiceMinutes: d.defaultServiceMinutes,
    active: d.active,
    sortOrder: d.sortOrder,
  }
}

/** The first numbers a rule prints, as a hint under the numbering fields. */
export function sampleNumbers(s: Pick<Draft, 'numbering' | 'prefix' | 'digits' | 'blockStart'>): [string, string] {
  if (s.numbering === 'block') return [String(s.blockStart), String(s.blockStart + 1)]
  const pad = (n: number) => `${s.prefix.toUpperCase()}${String(n).padStart(s.digits, '0')}`
  return [pad(1), pad(2)]
}

@customElement('qms-admin-services')
export class QmsAdminServices extends AdminScreen {
  @state() private services: AdminServiceView[] | null = null
  @state() private draft: Draft | null = null
  @state() private formError = ''
  @state() private saving = false
  @state() private notice: { kind: 'ok' | 'error' | 'info'; text: string } | null = null
  @query('dialog') private dialog!: HTMLDialogElement

  static override styles = [tokens, controls, adminStyles, formPageStyles]

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  private async load(): Promise<void> {
    try {
      this.services = (await this.call<{ services: AdminServiceView[] }>('/api/admin/services')).services
    } catch (err) {
      this.notice = { kind: 'error', text: refusal(this.uiLang, codeOf(err)) }
    }
  }

  private open(service: AdminServiceView | null): void {
    const nextOrder = Math.max(0, ...(this.services ?? []).map((s) => s.sortOrder + 1))
    this.draft = toDraft(service, nextOrder)
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

  private async save(event: Event): Promise<void> {
    event.preventDefault()
    const draft = this.draft
    if (!draft || this.saving) return
    this.saving = true
    this.formError = ''
    try {
      const body = toInput(draft)
      if (draft.id === null) await this.call('/api/admin/services', { method: 'POST', body })
      else await this.call(`/api/admin/services/${draft.id}`, { method: 'PATCH', body })
      this.closeDialog()
      this.notice = { kind: 'ok', text: this.tr('saved') }
      await this.load()
    } catch (err) {
      this.formError = refusal(this.uiLang, codeOf(err), 'conflictService')
    } finally {
      this.saving = false
    }
  }

  private async removeItem(service: AdminServiceView): Promise<void> {
    const ok = await this.confirmAction(this.tr('confirmDeleteService', { name: service.nameVi }), this.tr('delete'))
    if (!ok) return
    try {
      const res = await this.call<DeleteResult<AdminServiceView>>(`/api/admin/services/${service.id}`, { method: 'DELETE' })
      this.notice = res.deleted ? { kind: 'ok', text: this.tr('serviceDeleted') } : { kind: 'info', text: this.tr('serviceDeactivated') }
      await this.load()
    } catch (err) {
      this.notice = { kind: 'error', text: refusal(this.uiLang, codeOf(err), 'conflictService') }
    }
  }

  override render() {
    return html`
      <div class="page-head">
        <div>
          <h1>${this.tr('servicesHeading')}</h1>
          <p class="lead">${this.tr('servicesHint')}</p>
        </div>
        ${this.canEdit
          ? html`<div class="head-actions"><button class="primary" data-action="new" @click=${() => this.open(null)}>+ ${this.tr('newService')}</button></div>`
          : nothing}
      </div>
      ${this.notice ? html`<div class="notice ${this.notice.kind}" role="status">${this.notice.text}</div>` : nothing}
      <div class="card">${this.renderTable()}</div>
      ${this.renderDialog()}
      <qms-admin-confirm></qms-admin-confirm>
    `
  }

  private renderTable() {
    if (!this.services) return html`<p class="empty">${this.tr('loading')}</p>`
    if (this.services.length === 0) return html`<p class="empty">${this.tr('empty')}</p>`
    return html`<table>
      <thead>
        <tr>
          <th>${this.tr('code')}</th>
          <th>${this.tr('name')}</th>
          <th>${this.tr('numbersCol')}</th>
          <th>${this.tr('hoursCol')}</th>
          <th>${this.tr('capCol')}</th>
          <th>${this.tr('targetCol')}</th>
          <th>${this.tr('status')}</th>
          ${this.canEdit ? html`<th></th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${this.services.map(
          (s) => html`<tr class=${s.active ? '' : 'muted'} data-code=${s.code}>
            <td><span class="code">${s.code}</span></td>
            <td>${this.uiLang === 'en' ? s.nameEn : s.nameVi}<span class="sub">${this.uiLang === 'en' ? s.nameVi : s.nameEn}</span></td>
            <td class="num">${s.numbering === 'block' ? `${s.blockStart}–${s.blockEnd}` : `${sampleNumbers(s)[0]} …`}</td>
            <td>${this.hoursText(s.hours)}</td>
            <td class="num">${s.dailyCap ?? this.tr('unlimited')}</td>
            <td class="num">${this.tr('minutes', { n: s.targetWaitMinutes })}</td>
            <td><span class="badge ${s.active ? 'on' : 'off'}">${this.tr(s.active ? 'active' : 'inactive')}</span></td>
            ${this.canEdit
              ? html`<td class="actions">
                  <button @click=${() => this.open(s)}>${this.tr('edit')}</button>
                  <button class="danger" @click=${() => this.removeItem(s)}>${this.tr('delete')}</button>
                </td>`
              : nothing}
          </tr>`,
        )}
      </tbody>
    </table>`
  }

  private hoursText(hours: OpeningHours | null) {
    if (!hours) return this.tr('allDay')
    const days = hours.days.map((d) => this.tr(`day${d}` as AdminKey)).join(', ')
    return html`${days}<span class="sub">${hours.periods.map((p) => `${p.from}–${p.to}`).join(', ')}</span>`
  }

  private renderDialog() {
    const d = this.draft
    if (!d) return html`<dialog></dialog>`
    const [first, second] = sampleNumbers(d)
    const num = (e: Event) => Number((e.target as HTMLInputElement).value)
    const str = (e: Event) => (e.target as HTMLInputElement).value
    return html`<dialog @cancel=${() => (this.draft = null)} @close=${() => (this.draft = null)}>
      <form @submit=${this.save}>
        <h2>${d.id === null ? this.tr('newService') : this.tr('editService', { code: d.code })}</h2>
        ${this.formError ? html`<p class="form-error" role="alert">${this.formError}</p>` : nothing}
        <div class="grid three">
          <label class="field">${this.tr('code')}
            <input name="code" required maxlength="10" pattern="[A-Za-z0-9_\\-]{1,10}" .value=${d.code} @input=${(e: Event) => this.set('code', str(e).toUpperCase())} />
          </label>
          <label class="field">${this.tr('nameVi')}
            <input name="nameVi" required maxlength="120" .value=${d.nameVi} @input=${(e: Event) => this.set('nameVi', str(e))} />
          </label>
          <label class="field">${this.tr('nameEn')}
            <input name="nameEn" required maxlength="120" .value=${d.nameEn} @input=${(e: Event) => this.set('nameEn', str(e))} />
          </label>
        </div>
        <fieldset>
          <legend>${this.tr('numberingLegend')}</legend>
          <div class="grid three">
            <label class="field">${this.tr('numbering')}
              <select name="numbering" @change=${(e: Event) => this.set('numbering', str(e) as Draft['numbering'])}>
                <option value="prefix" ?selected=${d.numbering === 'prefix'}>${this.tr('numberingPrefix')}</option>
                <option value="block" ?selected=${d.numbering === 'block'}>${this.tr('numberingBlock')}</option>
              </select>
            </label>
            ${d.numbering === 'prefix'
              ? html`<label class="field">${this.tr('prefix')}
                    <input name="prefix" required maxlength="3" pattern="[A-Za-z]{1,3}" .value=${d.prefix} @input=${(e: Event) => this.set('prefix', str(e).toUpperCase())} />
                  </label>
                  <label class="field">${this.tr('digits')}
                    <input name="digits" type="number" required min="1" max="6" .value=${String(d.digits)} @input=${(e: Event) => this.set('digits', num(e))} />
                  </label>`
              : html`<label class="field">${this.tr('blockStart')}
                    <input name="blockStart" type="number" required min="1" max="999999" .value=${String(d.blockStart)} @input=${(e: Event) => this.set('blockStart', num(e))} />
                  </label>
                  <label class="field">${this.tr('blockEnd')}
                    <input name="blockEnd" type="number" required min="1" max="999999" .value=${String(d.blockEnd)} @input=${(e: Event) => this.set('blockEnd', num(e))} />
                  </label>`}
          </div>
          <p class="help">${this.tr('numbersExample', { first, second })}</p>
        </fieldset>
        <fieldset>
          <legend>${this.tr('hours')}</legend>
          <div class="row">
            <label class="check"><input type="radio" name="limited" .checked=${!d.limitedHours} @change=${() => this.set('limitedHours', false)} />${this.tr('hoursAlways')}</label>
            <label class="check"><input type="radio" name="limited" .checked=${d.limitedHours} @change=${() => this.set('limitedHours', true)} />${this.tr('hoursCustom')}</label>
          </div>
          ${d.limitedHours ? this.renderHours(d) : nothing}
        </fieldset>
        <div class="grid">
          <label class="field">${this.tr('dailyCap')}
            <input name="dailyCap" type="number" min="1" max="100000" placeholder=${this.tr('unlimited')} .value=${d.dailyCap} @input=${(e: Event) => this.set('dailyCap', str(e))} />
            <small>${this.tr('dailyCapHint')}</small>
          </label>
          <label class="field">${this.tr('sortOrder')}
            <input name="sortOrder" type="number" min="0" max="10000" .value=${String(d.sortOrder)} @input=${(e: Event) => this.set('sortOrder', num(e))} />
          </label>
          <label class="field">${this.tr('targetWaitMinutes')}
            <input name="targetWaitMinutes" type="number" required min="1" max="600" .value=${String(d.targetWaitMinutes)} @input=${(e: Event) => this.set('targetWaitMinutes', num(e))} />
          </label>
          <label class="field">${this.tr('defaultServiceMinutes')}
            <input name="defaultServiceMinutes" type="number" required min="1" max="480" .value=${String(d.defaultServiceMinutes)} @input=${(e: Event) => this.set('defaultServiceMinutes', num(e))} />
          </label>
        </div>
        <label class="check"><input type="checkbox" name="active" .checked=${d.active} @change=${(e: Event) => this.set('active', (e.target as HTMLInputElement).checked)} />${this.tr('serviceActive')}</label>
        <div class="dialog-actions">
          <button type="button" @click=${() => this.closeDialog()}>${this.tr('cancel')}</button>
          <button class="primary" type="submit" ?disabled=${this.saving}>${this.saving ? this.tr('saving') : this.tr('save')}</button>
        </div>
      </form>
    </dialog>`
  }

  private renderHours(d: Draft) {
    const toggleDay = (day: number) => this.set('days', d.days.includes(day) ? d.days.filter((x) => x !== day) : [...d.days, day])
    const setPeriod = (i: number, key: 'from' | 'to', value: string) =>
      this.set('periods', d.periods.map((p, j) => (j === i ? { ...p, [key]: value } : p)))
    return html`
      <p class="help">${this.tr('days')}</p>
      <div class="row">
        ${WEEKDAYS.map(
          (day) => html`<label class="check"><input type="checkbox" .checked=${d.days.includes(day)} @change=${() => toggleDay(day)} />${this.tr(`day${day}` as AdminKey)}</label>`,
        )}
      </div>
      <p class="help">${this.tr('periods')}</p>
      ${d.periods.map(
        (p, i) => html`<div class="row">
          ${this.tr('from')} <input type="time" required style="width:auto" .value=${p.from} @input=${(e: Event) => setPeriod(i, 'from', (e.target as HTMLInputElement).value)} />
          ${this.tr('to')} <input type="time" required style="width:auto" .value=${p.to} @input=${(e: Event) => setPeriod(i, 'to', (e.target as HTMLInputElement).value)} />
          ${d.periods.length > 1
            ? html`<button type="button" class="ghost" @click=${() => this.set('periods', d.periods.filter((_, j) => j !== i))}>${this.tr('remove')}</button>`
            : nothing}
        </div>`,
      )}
      ${d.periods.length < 6
        ? html`<div><button type="button" @click=${() => this.set('periods', [...d.periods, { from: '13:30', to: '16:45' }])}>+ ${this.tr('addPeriod')}</button></div>`
        : nothing}
    `
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-admin-services': QmsAdminServices
  }
}
