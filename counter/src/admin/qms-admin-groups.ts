/** Priority groups (đối tượng ưu tiên): code, names, order, active. */
import { html } from 'lit'
import { customElement } from 'lit/decorators.js'
import type { DeleteResult } from '../../../shared/admin.js'
import type { PriorityGroupView } from '../../../shared/types.js'
import { AdminData } from './admin-data.js'
import { AdminScreen } from './admin-screen.js'
import { activeBadge, editDeleteButtons, formDialog, headActions, listPage, listTable, newButton, pageHead, rowActions } from './admin-templates.js'
import { DraftDialog } from './draft-dialog.js'
import { nextSortOrder } from './sort-order.js'

type Draft = Omit<PriorityGroupView, 'id'> & { id: number | null }

@customElement('qms-admin-groups')
export class QmsAdminGroups extends AdminScreen {
  private readonly list = new AdminData(this, async () => (await this.call<{ groups: PriorityGroupView[] }>('/api/admin/priority-groups')).groups)
  private readonly form = new DraftDialog<Draft>(this)

  private open(group: PriorityGroupView | null): void {
    const nextOrder = nextSortOrder(this.list.data)
    this.form.open(group ? { ...group } : { id: null, code: '', nameVi: '', nameEn: '', active: true, sortOrder: nextOrder })
  }

  private save(event: Event): Promise<void> {
    return this.form.submit(
      event,
      async (d) => {
        const body = { code: d.code.trim(), nameVi: d.nameVi.trim(), nameEn: d.nameEn.trim(), active: d.active, sortOrder: d.sortOrder }
        if (d.id === null) await this.call('/api/admin/priority-groups', { method: 'POST', body })
        else await this.call(`/api/admin/priority-groups/${d.id}`, { method: 'PATCH', body })
      },
      () => this.list.reloadWith({ kind: 'ok', text: this.tr('saved') }),
    )
  }

  private async removeItem(group: PriorityGroupView): Promise<void> {
    if (!(await this.confirmAction(this.tr('confirmDeleteGroup', { name: group.nameVi }), this.tr('delete')))) return
    await this.list.act(async () => {
      const res = await this.call<DeleteResult<PriorityGroupView>>(`/api/admin/priority-groups/${group.id}`, { method: 'DELETE' })
      return res.deleted ? { kind: 'ok', text: this.tr('groupDeleted') } : { kind: 'info', text: this.tr('groupDeactivated') }
    })
  }

  override render() {
    return listPage(
      pageHead(
        this.tr('groupsHeading'),
        this.tr('groupsHint'),
        headActions(
          this.canEdit,
          newButton(this.tr('newGroup'), () => this.open(null)),
        ),
      ),
      this.list.notice,
      this.renderTable(),
      this.renderDialog(),
    )
  }

  private renderTable() {
    const headers = [this.tr('code'), this.tr('nameVi'), this.tr('nameEn'), this.tr('sortOrder'), this.tr('status')]
    return listTable(
      this.uiLang,
      this.list.data,
      headers,
      this.canEdit,
      (g) => html`<tr class=${g.active ? '' : 'muted'}>
      <td><span class="code">${g.code}</span></td>
      <td>${g.nameVi}</td>
      <td>${g.nameEn}</td>
      <td class="num">${g.sortOrder}</td>
      <td>${activeBadge(this.uiLang, g.active)}</td>
      ${rowActions(
        this.canEdit,
        editDeleteButtons(
          this.uiLang,
          () => this.open(g),
          () => void this.removeItem(g),
        ),
      )}
    </tr>`,
    )
  }

  private renderDialog() {
    const str = (e: Event) => (e.target as HTMLInputElement).value
    const set = this.form.set.bind(this.form)
    return formDialog(
      this.uiLang,
      this.form,
      'narrow',
      (e) => void this.save(e),
      (d) => ({
        title: d.id === null ? this.tr('newGroup') : this.tr('editGroup', { code: d.code }),
        body: html`<div class="grid">
          <label class="field">${this.tr('code')}
            <input name="code" required maxlength="10" pattern="[A-Za-z0-9_\\-]{1,10}" .value=${d.code} @input=${(e: Event) => set('code', str(e).toUpperCase())} />
          </label>
          <label class="field">${this.tr('sortOrder')}
            <input name="sortOrder" type="number" min="0" max="10000" .value=${String(d.sortOrder)} @input=${(e: Event) => set('sortOrder', Number(str(e)))} />
          </label>
          <label class="field full">${this.tr('nameVi')}
            <input name="nameVi" required maxlength="120" .value=${d.nameVi} @input=${(e: Event) => set('nameVi', str(e))} />
          </label>
          <label class="field full">${this.tr('nameEn')}
            <input name="nameEn" required maxlength="120" .value=${d.nameEn} @input=${(e: Event) => set('nameEn', str(e))} />
          </label>
        </div>
        <label class="check"><input type="checkbox" .checked=${d.active} @change=${(e: Event) => set('active', (e.target as HTMLInputElement).checked)} />${this.tr('active')}</label>`,
      }),
    )
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-admin-groups': QmsAdminGroups
  }
}
