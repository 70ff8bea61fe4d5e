/** Priority groups (đối tượng ưu tiên): code, names, order, active. */
import { html, nothing } from 'lit'
import { customElement, query, state } from 'lit/decorators.js'
import type { DeleteResult } from '../../../shared/admin.js'
import type { PriorityGroupView } from '../../../shared/types.js'
import { controls, tokens } from '../console/styles.js'
import { AdminScreen, codeOf } from './admin-screen.js'
import { adminStyles, formPageStyles } from './admin-styles.js'
import { refusal } from './messages.js'
import './qms-admin-confirm.js'

type Draft = Omit<PriorityGroupView, 'id'> & { id: number | null }

@customElement('qms-admin-groups')
export class QmsAdminGroups extends AdminScreen {
  @state() private groups: PriorityGroupView[] | null = null
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
      this.groups = (await this.call<{ groups: PriorityGroupView[] }>('/api/admin/priority-groups')).groups
    } catch (err) {
      this.notice = { kind: 'error', text: refusal(this.uiLang, codeOf(err)) }
    }
  }

  private open(group: PriorityGroupView | null): void {
    const nextOrder = Math.max(0, ...(this.groups ?? []).map((g) => g.sortOrder + 1))
    this.draft = group ? { ...group } : { id: null, code: '', nameVi: '', nameEn: '', active: true, sortOrder: nextOrder }
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
    const d = this.draft
    if (!d || this.saving) return
    this.saving = true
    this.formError = ''
    const body = { code: d.code.trim(), nameVi: d.nameVi.trim(), nameEn: d.nameEn.trim(), active: d.active, sortOrder: d.sortOrder }
    try {
      if (d.id === null) await this.call('/api/admin/priority-groups', { method: 'POST', body })
      else await this.call(`/api/admin/priority-groups/${d.id}`, { method: 'PATCH', body })
      this.closeDialog()
      this.notice = { kind: 'ok', text: this.tr('saved') }
      await this.load()
    } catch (err) {
      this.formError = refusal(this.uiLang, codeOf(err), 'conflictGroup')
    } finally {
      this.saving = false
    }
  }

  private async removeItem(group: PriorityGroupView): Promise<void> {
    if (!(await this.confirmAction(this.tr('confirmDeleteGroup', { name: group.nameVi }), this.tr('delete')))) return
    try {
      const res = await this.call<DeleteResult<PriorityGroupView>>(`/api/admin/priority-groups/${group.id}`, { method: 'DELETE' })
      this.notice = res.deleted ? { kind: 'ok', text: this.tr('groupDeleted') } : { kind: 'info', text: this.tr('groupDeactivated') }
      await this.load()
    } catch (err) {
      this.notice = { kind: 'error', text: refusal(this.uiLang, codeOf(err)) }
    }
  }

  override render() {
    return html`
      <div class="page-head">
        <div>
          <h1>${this.tr('groupsHeading')}</h1>
          <p class="lead">${this.tr('groupsHint')}</p>
        </div>
        ${this.canEdit
          ? html`<div class="head-actions"><button class="primary" data-action="new" @click=${() => this.open(null)}>+ ${this.tr('newGroup')}</button></div>`
          : nothing}
      </div>
      ${this.notice ? html`<div class="notice ${this.notice.kind}" role="status">${this.notice.text}</div>` : nothing}
      <div class="card">${this.renderTable()}</div>
      ${this.renderDialog()}
      <qms-admin-confirm></qms-admin-confirm>
    `
  }

  private renderTable() {
    if (!this.groups) return html`<p class="empty">${this.tr('loading')}</p>`
    if (this.groups.length === 0) return html`<p class="empty">${this.tr('empty')}</p>`
    return html`<table>
      <thead>
        <tr>
          <th>${this.tr('code')}</th>
          <th>${this.tr('nameVi')}</th>
          <th>${this.tr('nameEn')}</th>
          <th>${this.tr('sortOrder')}</th>
          <th>${this.tr('status')}</th>
          ${this.canEdit ? html`<th></th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${this.groups.map(
          (g) => html`<tr class=${g.active ? '' : 'muted'}>
            <td><span class="code">${g.code}</span></td>
            <td>${g.nameVi}</td>
            <td>${g.nameEn}</td>
            <td class="num">${g.sortOrder}</td>
            <td><span class="badge ${g.active ? 'on' : 'off'}">${this.tr(g.active ? 'active' : 'inactive')}</span></td>
            ${this.canEdit
              ? html`<td class="actions">
                  <button @click=${() => this.open(g)}>${this.tr('edit')}</button>
                  <button class="danger" @click=${() => this.removeItem(g)}>${this.tr('delete')}</button>
                </td>`
              : nothing}
          </tr>`,
        )}
      </tbody>
    </table>`
  }

  private renderDialog() {
    const d = this.draft
    if (!d) return html`<dialog class="narrow"></dialog>`
    const str = (e: Event) => (e.target as HTMLInputElement).value
    return html`<dialog class="narrow" @close=${() => (this.draft = null)}>
      <form @submit=${this.save}>
        <h2>${d.id === null ? this.tr('newGroup') : this.tr('editGroup', { code: d.code })}</h2>
        ${this.formError ? html`<p class="form-error" role="alert">${this.formError}</p>` : nothing}
        <div class="grid">
          <label class="field">${this.tr('code')}
            <input name="code" required maxlength="10" pattern="[A-Za-z0-9_\\-]{1,10}" .value=${d.code} @input=${(e: Event) => this.set('code', str(e).toUpperCase())} />
          </label>
          <label class="field">${this.tr('sortOrder')}
            <input name="sortOrder" type="number" min="0" max="10000" .value=${String(d.sortOrder)} @input=${(e: Event) => this.set('sortOrder', Number(str(e)))} />
          </label>
          <label class="field full">${this.tr('nameVi')}
            <input name="nameVi" required maxlength="120" .value=${d.nameVi} @input=${(e: Event) => this.set('nameVi', str(e))} />
          </label>
          <label class="field full">${this.tr('nameEn')}
            <input name="nameEn" required maxlength="120" .value=${d.nameEn} @input=${(e: Event) => this.set('nameEn', str(e))} />
          </label>
        </div>
        <label class="check"><input type="checkbox" .checked=${d.active} @change=${(e: Event) => this.set('active', (e.target as HTMLInputElement).checked)} />${this.tr('active')}</label>
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
    'qms-admin-groups': QmsAdminGroups
  }
}
