/** Services: the list, and a dialog to add or edit one (names, numbering, hours, cap, targets). */
import { html, nothing } from 'lit'
import { customElement } from 'lit/decorators.js'
import type { AdminServiceView, DeleteResult, ServiceInput } from '../../../shared/admin.js'
import type { OpeningHours, OpeningPeriod } from '../../../shared/types.js'
import { nameIn } from '../console/format.js'
import { AdminData } from './admin-data.js'
import { AdminScreen } from './admin-screen.js'
import { activeBadge, editDeleteButtons, formDialog, headActions, listPage, listTable, newButton, pageHead, rowActions } from './admin-templates.js'
import { DraftDialog } from './draft-dialog.js'
import type { AdminKey } from './messages.js'
import { nextSortOrder } from './sort-order.js'
import { timeField } from './local-inputs.js'

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
  private readonly list = new AdminData(this, async () => (await this.call<{ services: AdminServiceView[] }>('/api/admin/services')).services)
  private readonly form = new DraftDialog<Draft>(this)

  private open(service: AdminServiceView | null): void {
    this.form.open(toDraft(service, nextSortOrder(this.list.data)))
  }

  private save(event: Event): Promise<void> {
    return this.form.submit(
      event,
      async (draft) => {
        const body = toInput(draft)
        if (draft.id === null) await this.call('/api/admin/services', { method: 'POST', body })
        else await this.call(`/api/admin/services/${draft.id}`, { method: 'PATCH', body })
      },
      () => this.list.reloadWith({ kind: 'ok', text: this.tr('saved') }),
    )
  }

  private async removeItem(service: AdminServiceView): Promise<void> {
    const ok = await this.confirmAction(this.tr('confirmDeleteService', { name: service.nameVi }), this.tr('delete'))
    if (!ok) return
    await this.list.act(async () => {
      const res = await this.call<DeleteResult<AdminServiceView>>(`/api/admin/services/${service.id}`, { method: 'DELETE' })
      return res.deleted ? { kind: 'ok', text: this.tr('serviceDeleted') } : { kind: 'info', text: this.tr('serviceDeactivated') }
    })
  }

  override render() {
    return listPage(
      pageHead(
        this.tr('servicesHeading'),
        this.tr('servicesHint'),
        headActions(
          this.canEdit,
          newButton(this.tr('newService'), () => this.open(null)),
        ),
      ),
      this.list.notice,
      this.renderTable(),
      this.renderDialog(),
    )
  }

  private renderTable() {
    const headers = [this.tr('code'), this.tr('name'), this.tr('numbersCol'), this.tr('hoursCol'), this.tr('capCol'), this.tr('targetCol'), this.tr('status')]
    return listTable(
      this.uiLang,
      this.list.data,
      headers,
      this.canEdit,
      (s) => html`<tr class=${s.active ? '' : 'muted'} data-code=${s.code}>
      <td><span class="code">${s.code}</span></td>
      <td>${nameIn(this.uiLang, s)}<span class="sub">${this.uiLang === 'en' ? s.nameVi : s.nameEn}</span></td>
      <td class="num">${s.numbering === 'block' ? `${s.blockStart}–${s.blockEnd}` : `${sampleNumbers(s)[0]} …`}</td>
      <td>${this.hoursText(s.hours)}</td>
      <td class="num">${s.dailyCap ?? this.tr('unlimited')}</td>
      <td class="num">${this.tr('minutes', { n: s.targetWaitMinutes })}</td>
      <td>${activeBadge(this.uiLang, s.active)}</td>
      ${rowActions(
        this.canEdit,
        editDeleteButtons(
          this.uiLang,
          () => this.open(s),
          () => void this.removeItem(s),
        ),
      )}
    </tr>`,
    )
  }

  private hoursText(hours: OpeningHours | null) {
    if (!hours) return this.tr('allDay')
    const days = hours.days.map((d) => this.tr(`day${d}` as AdminKey)).join(', ')
    return html`${days}<span class="sub">${hours.periods.map((p) => `${p.from}–${p.to}`).join(', ')}</span>`
  }

  private renderDialog() {
    const num = (e: Event) => Number((e.target as HTMLInputElement).value)
    const str = (e: Event) => (e.target as HTMLInputElement).value
    const set = this.form.set.bind(this.form)
    return formDialog(
      this.uiLang,
      this.form,
      undefined,
      (e) => void this.save(e),
      (d) => {
        const [first, second] = sampleNumbers(d)
        return {
          title: d.id === null ? this.tr('newService') : this.tr('editService', { code: d.code }),
          body: html`<div class="grid three">
          <label class="field">${this.tr('code')}
            <input name="code" required maxlength="10" pattern="[A-Za-z0-9_\\-]{1,10}" .value=${d.code} @input=${(e: Event) => set('code', str(e).toUpperCase())} />
          </label>
          <label class="field">${this.tr('nameVi')}
            <input name="nameVi" required maxlength="120" .value=${d.nameVi} @input=${(e: Event) => set('nameVi', str(e))} />
          </label>
          <label class="field">${this.tr('nameEn')}
            <input name="nameEn" required maxlength="120" .value=${d.nameEn} @input=${(e: Event) => set('nameEn', str(e))} />
          </label>
        </div>
        <fieldset>
          <legend>${this.tr('numberingLegend')}</legend>
          <div class="grid three">
            <label class="field">${this.tr('numbering')}
              <select name="numbering" @change=${(e: Event) => set('numbering', str(e) as Draft['numbering'])}>
                <option value="prefix" ?selected=${d.numbering === 'prefix'}>${this.tr('numberingPrefix')}</option>
                <option value="block" ?selected=${d.numbering === 'block'}>${this.tr('numberingBlock')}</option>
              </select>
            </label>
            ${
              d.numbering === 'prefix'
                ? html`<label class="field">${this.tr('prefix')}
                    <input name="prefix" required maxlength="3" pattern="[A-Za-z]{1,3}" .value=${d.prefix} @input=${(e: Event) => set('prefix', str(e).toUpperCase())} />
                  </label>
                  <label class="field">${this.tr('digits')}
                    <input name="digits" type="number" required min="1" max="6" .value=${String(d.digits)} @input=${(e: Event) => set('digits', num(e))} />
                  </label>`
                : html`<label class="field">${this.tr('blockStart')}
                    <input name="blockStart" type="number" required min="1" max="999999" .value=${String(d.blockStart)} @input=${(e: Event) => set('blockStart', num(e))} />
                  </label>
                  <label class="field">${this.tr('blockEnd')}
                    <input name="blockEnd" type="number" required min="1" max="999999" .value=${String(d.blockEnd)} @input=${(e: Event) => set('blockEnd', num(e))} />
                  </label>`
            }
          </div>
          <p class="help">${this.tr('numbersExample', { first, second })}</p>
        </fieldset>
        <fieldset>
          <legend>${this.tr('hours')}</legend>
          <div class="row">
            <label class="check"><input type="radio" name="limited" .checked=${!d.limitedHours} @change=${() => set('limitedHours', false)} />${this.tr('hoursAlways')}</label>
            <label class="check"><input type="radio" name="limited" .checked=${d.limitedHours} @change=${() => set('limitedHours', true)} />${this.tr('hoursCustom')}</label>
          </div>
          ${d.limitedHours ? this.renderHours(d) : nothing}
        </fieldset>
        <div class="grid">
          <label class="field">${this.tr('dailyCap')}
            <input name="dailyCap" type="number" min="1" max="100000" placeholder=${this.tr('unlimited')} .value=${d.dailyCap} @input=${(e: Event) => set('dailyCap', str(e))} />
            <small>${this.tr('dailyCapHint')}</small>
          </label>
          <label class="field">${this.tr('sortOrder')}
            <input name="sortOrder" type="number" min="0" max="10000" .value=${String(d.sortOrder)} @input=${(e: Event) => set('sortOrder', num(e))} />
          </label>
          <label class="field">${this.tr('targetWaitMinutes')}
            <input name="targetWaitMinutes" type="number" required min="1" max="600" .value=${String(d.targetWaitMinutes)} @input=${(e: Event) => set('targetWaitMinutes', num(e))} />
          </label>
          <label class="field">${this.tr('defaultServiceMinutes')}
            <input name="defaultServiceMinutes" type="number" required min="1" max="480" .value=${String(d.defaultServiceMinutes)} @input=${(e: Event) => set('defaultServiceMinutes', num(e))} />
          </label>
        </div>
        <label class="check"><input type="checkbox" name="active" .checked=${d.active} @change=${(e: Event) => set('active', (e.target as HTMLInputElement).checked)} />${this.tr('serviceActive')}</label>`,
        }
      },
    )
  }

  private renderHours(d: Draft) {
    const toggleDay = (day: number) => this.form.set('days', d.days.includes(day) ? d.days.filter((x) => x !== day) : [...d.days, day])
    const setPeriod = (i: number, key: 'from' | 'to', value: string) =>
      this.form.set(
        'periods',
        d.periods.map((p, j) => (j === i ? { ...p, [key]: value } : p)),
      )
    return html`
      <p class="help">${this.tr('days')}</p>
      <div class="row">
        ${WEEKDAYS.map(
          (day) =>
            html`<label class="check"><input type="checkbox" .checked=${d.days.includes(day)} @change=${() => toggleDay(day)} />${this.tr(`day${day}` as AdminKey)}</label>`,
        )}
      </div>
      <p class="help">${this.tr('periods')}</p>
      ${d.periods.map(
        (p, i) => html`<div class="row">
          ${this.tr('from')} ${timeField(p.from, { name: 'periodFrom', label: `${this.tr('from')} (${i + 1})`, invalid: this.tr('timeInvalid') }, (v) => setPeriod(i, 'from', v))}
          ${this.tr('to')} ${timeField(p.to, { name: 'periodTo', label: `${this.tr('to')} (${i + 1})`, invalid: this.tr('timeInvalid') }, (v) => setPeriod(i, 'to', v))}
          ${
            d.periods.length > 1
              ? html`<button type="button" class="ghost" @click=${() =>
                  this.form.set(
                    'periods',
                    d.periods.filter((_, j) => j !== i),
                  )}>${this.tr('remove')}</button>`
              : nothing
          }
        </div>`,
      )}
      ${
        d.periods.length < 6
          ? html`<div><button type="button" @click=${() => this.form.set('periods', [...d.periods, { from: '13:30', to: '16:45' }])}>+ ${this.tr('addPeriod')}</button></div>`
          : nothing
      }
    `
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-admin-services': QmsAdminServices
  }
}
