/**
 * Counters: number, name, calling order and the services served, put in order with up/down. A counter
 * another staff member still holds (a crashed PC, someone gone home) is released here by a manager or
 * an administrator, with a reason for the audit log.
 */
import { css, html, nothing } from 'lit'
import { customElement } from 'lit/decorators.js'
import type { AdminServiceView, CounterInput } from '../../../shared/admin.js'
import { defaultCounterName, type CallStrategy } from '../../../shared/constants.js'
import type { CounterView } from '../../../shared/types.js'
import { nameIn } from '../console/format.js'
import { AdminData } from './admin-data.js'
import { AdminScreen } from './admin-screen.js'
import { editDeleteButtons, formDialog, headActions, listPage, listTable, newButton, pageHead, rowActions } from './admin-templates.js'
import { DraftDialog } from './draft-dialog.js'

interface Draft {
  id: number | null
  number: number
  name: string
  strategy: CallStrategy
  serviceIds: number[]
}

@customElement('qms-admin-counters')
export class QmsAdminCounters extends AdminScreen {
  static override styles = [
    ...AdminScreen.styles,
    css`
      button.release {
        margin-left: 0.5rem;
        padding: 0.25rem 0.7rem;
        font-size: 0.9rem;
      }
    `,
  ]

  private readonly list = new AdminData(this, async () => {
    const [counters, services] = await Promise.all([
      this.call<{ counters: CounterView[] }>('/api/admin/counters'),
      this.call<{ services: AdminServiceView[] }>('/api/admin/services'),
    ])
    return { counters: counters.counters, services: services.services }
  })
  private readonly form = new DraftDialog<Draft>(this, 'dialog.edit')
  private readonly releasing = new DraftDialog<{ counter: CounterView; reason: string }>(this, 'dialog.release')

  private get services(): AdminServiceView[] {
    return this.list.data?.services ?? []
  }

  private serviceName(id: number): string {
    const s = this.services.find((x) => x.id === id)
    if (!s) return `#${id}`
    return nameIn(this.uiLang, s)
  }

  private open(counter: CounterView | null): void {
    const next = Math.max(0, ...(this.list.data?.counters ?? []).map((c) => c.number)) + 1
    this.form.open(
      counter
        ? { id: counter.id, number: counter.number, name: counter.name, strategy: counter.strategy, serviceIds: [...counter.serviceIds] }
        : { id: null, number: next, name: defaultCounterName(next), strategy: 'service_order', serviceIds: [] },
    )
  }

  /** A name still at its default follows the number: counter 7 renumbered 8 is "Quầy 8". */
  private setNumber(number: number): void {
    const draft = this.form.draft
    if (draft && draft.name === defaultCounterName(draft.number)) this.form.set('name', defaultCounterName(number))
    this.form.set('number', number)
  }

  private move(index: number, by: -1 | 1): void {
    const ids = [...(this.form.draft?.serviceIds ?? [])]
    const target = index + by
    if (target < 0 || target >= ids.length) return
    ;[ids[index], ids[target]] = [ids[target] as number, ids[index] as number]
    this.form.set('serviceIds', ids)
  }

  private save(event: Event): Promise<void> {
    return this.form.submit(
      event,
      async (d) => {
        const body: CounterInput = { number: d.number, name: d.name.trim(), strategy: d.strategy, serviceIds: d.serviceIds }
        if (d.id === null) await this.call('/api/admin/counters', { method: 'POST', body })
        else await this.call(`/api/admin/counters/${d.id}`, { method: 'PATCH', body })
      },
      () => this.list.reloadWith({ kind: 'ok', text: this.tr('saved') }),
    )
  }

  private async removeItem(counter: CounterView): Promise<void> {
    if (!(await this.confirmAction(this.tr('confirmDeleteCounter', { n: counter.number }), this.tr('delete')))) return
    await this.list.act(async () => {
      await this.call(`/api/admin/counters/${counter.id}`, { method: 'DELETE' })
      return { kind: 'ok', text: this.tr('counterDeleted') }
    })
  }

  override render() {
    return listPage(
      pageHead(
        this.tr('countersHeading'),
        this.tr('countersHint'),
        headActions(
          this.canEdit,
          newButton(this.tr('newCounter'), () => this.open(null)),
        ),
      ),
      this.list.notice,
      this.renderTable(),
      html`${this.renderDialog()}${this.renderRelease()}`,
    )
  }

  private renderTable() {
    const stateKey = { open: 'stateOpen', paused: 'statePaused', closed: 'stateClosed' } as const
    const stateClass = { open: 'on', paused: 'warn', closed: 'off' } as const
    const headers = [this.tr('counterNumber'), this.tr('name'), this.tr('counterServices'), this.tr('strategy'), this.tr('status')]
    return listTable(
      this.uiLang,
      this.list.data?.counters ?? null,
      headers,
      this.canEdit,
      (c) => html`<tr data-number=${c.number}>
      <td><span class="code">${c.number}</span></td>
      <td>${c.name}${c.staffName ? html`<span class="sub">${c.staffName}</span>` : nothing}</td>
      <td>${c.serviceIds.length ? c.serviceIds.map((id, i) => html`${i ? ' → ' : ''}${this.serviceName(id)}`) : this.tr('none')}</td>
      <td>${this.tr(c.strategy === 'longest_wait' ? 'strategyLongestWait' : 'strategyServiceOrder')}</td>
      <td>
        <span class="badge ${stateClass[c.status]}">${this.tr(stateKey[c.status])}</span>
        ${
          c.staffId !== null && c.status !== 'closed'
            ? html`<button class="release" data-release=${c.number} @click=${() => this.releasing.open({ counter: c, reason: '' })}>${this.tr('releaseCounter')}</button>`
            : nothing
        }
      </td>
      ${rowActions(
        this.canEdit,
        editDeleteButtons(
          this.uiLang,
          () => this.open(c),
          () => void this.removeItem(c),
        ),
      )}
    </tr>`,
    )
  }

  private release(event: Event): Promise<void> {
    return this.releasing.submit(
      event,
      async ({ counter, reason }) => {
        await this.call(`/api/counters/${counter.id}/release`, { method: 'POST', body: { reason: reason.trim() } })
        return counter
      },
      (counter) => this.list.reloadWith({ kind: 'ok', text: this.tr('counterReleased', { n: counter.number }) }),
    )
  }

  private renderRelease() {
    return formDialog(
      this.uiLang,
      this.releasing,
      'release',
      (e) => void this.release(e),
      ({ counter, reason }) => ({
        title: this.tr('releaseTitle', { n: counter.number }),
        lead: html`<p class="help">${this.tr('releaseLead', { n: counter.number, name: counter.staffName ?? '' })}</p>`,
        body: html`<label class="field full">${this.tr('releaseReason')}
        <textarea name="reason" required maxlength="200" rows="2" .value=${reason}
          @input=${(e: Event) => this.releasing.set('reason', (e.target as HTMLTextAreaElement).value)}></textarea>
      </label>`,
        submit: this.tr('releaseCounter'),
      }),
    )
  }

  private renderDialog() {
    const set = this.form.set.bind(this.form)
    return formDialog(
      this.uiLang,
      this.form,
      'edit',
      (e) => void this.save(e),
      (d) => {
        const unused = this.services.filter((s) => !d.serviceIds.includes(s.id))
        return {
          title: d.id === null ? this.tr('newCounter') : this.tr('editCounter', { n: d.number }),
          body: html`<div class="grid">
          <label class="field">${this.tr('counterNumber')}
            <input name="number" type="number" required min="1" max="999" .value=${String(d.number)} @input=${(e: Event) => this.setNumber(Number((e.target as HTMLInputElement).value))} />
          </label>
          <label class="field">${this.tr('name')}
            <input name="name" required maxlength="80" .value=${d.name} @input=${(e: Event) => set('name', (e.target as HTMLInputElement).value)} />
          </label>
          <label class="field full">${this.tr('strategy')}
            <select name="strategy" @change=${(e: Event) => set('strategy', (e.target as HTMLSelectElement).value as CallStrategy)}>
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
                <button type="button" class="danger" @click=${() =>
                  set(
                    'serviceIds',
                    d.serviceIds.filter((x) => x !== id),
                  )}>${this.tr('remove')}</button>
              </li>`,
            )}
          </ol>
          ${
            unused.length
              ? html`<select
                name="addService"
                @change=${(e: Event) => {
                  const select = e.target as HTMLSelectElement
                  if (select.value) set('serviceIds', [...d.serviceIds, Number(select.value)])
                  select.value = ''
                }}
              >
                <option value="">${this.tr('addServiceToCounter')}</option>
                ${unused.map((s) => html`<option value=${s.id}>${s.code} – ${nameIn(this.uiLang, s)}</option>`)}
              </select>`
              : nothing
          }
        </fieldset>`,
        }
      },
    )
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-admin-counters': QmsAdminCounters
  }
}
