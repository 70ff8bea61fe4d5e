/** Staff accounts: create with an initial password, rename, change role, reset password, disable. */
import { html, nothing } from 'lit'
import { customElement } from 'lit/decorators.js'
import type { UserInput } from '../../../shared/admin.js'
import type { Role } from '../../../shared/constants.js'
import type { UserView } from '../../../shared/types.js'
import { AdminData } from './admin-data.js'
import { AdminScreen } from './admin-screen.js'
import { formDialog, headActions, listPage, listTable, newButton, pageHead, rowActions } from './admin-templates.js'
import { DraftDialog } from './draft-dialog.js'
import type { AdminKey } from './messages.js'

interface Draft {
  id: number | null
  username: string
  displayName: string
  role: Role
  password: string
}

const ROLE_KEY: Record<Role, AdminKey> = { admin: 'roleAdmin', manager: 'roleManager', staff: 'roleStaff' }

@customElement('qms-admin-staff')
export class QmsAdminStaff extends AdminScreen {
  private readonly list = new AdminData(this, async () => (await this.call<{ users: UserView[] }>('/api/admin/users')).users)
  private readonly form = new DraftDialog<Draft>(this, 'dialog.edit')
  /** The account whose password is being reset. */
  private readonly resetting = new DraftDialog<UserView>(this, 'dialog.reset')

  private open(user: UserView | null): void {
    this.form.open(
      user
        ? { id: user.id, username: user.username, displayName: user.displayName, role: user.role, password: '' }
        : { id: null, username: '', displayName: '', role: 'staff', password: '' },
    )
  }

  private save(event: Event): Promise<void> {
    return this.form.submit(
      event,
      async (d) => {
        if (d.id === null) {
          const body: UserInput = { username: d.username.trim(), displayName: d.displayName.trim(), role: d.role, password: d.password }
          await this.call('/api/admin/users', { method: 'POST', body })
        } else {
          await this.call(`/api/admin/users/${d.id}`, { method: 'PATCH', body: { displayName: d.displayName.trim(), role: d.role } })
        }
      },
      () => this.list.reloadWith({ kind: 'ok', text: this.tr('saved') }),
    )
  }

  private reset(event: Event): Promise<void> {
    return this.resetting.submit(
      event,
      async (user, form) => {
        const input = form.elements.namedItem('password') as HTMLInputElement
        await this.call(`/api/admin/users/${user.id}/password`, { method: 'POST', body: { password: input.value } })
        return user
      },
      (user) => {
        this.list.notice = { kind: 'ok', text: this.tr('passwordReset', { name: user.displayName }) }
      },
    )
  }

  private async setActive(user: UserView, active: boolean): Promise<void> {
    if (!active && !(await this.confirmAction(this.tr('confirmDisable', { name: user.displayName }), this.tr('disable')))) return
    await this.list.act(async () => {
      await this.call(`/api/admin/users/${user.id}`, { method: 'PATCH', body: { active } })
    })
  }

  override render() {
    return listPage(
      pageHead(
        this.tr('staffHeading'),
        this.tr('staffHint'),
        headActions(
          this.canEdit,
          newButton(this.tr('newUser'), () => this.open(null)),
        ),
      ),
      this.list.notice,
      this.renderTable(),
      html`${this.renderEdit()} ${this.renderReset()}`,
    )
  }

  private renderTable() {
    const me = this.session?.user.id
    const headers = [this.tr('displayName'), this.tr('username'), this.tr('role'), this.tr('status')]
    return listTable(this.uiLang, this.list.data, headers, this.canEdit, (u) => {
      // Someone on rotation here: their account belongs to their home centre, which edits it.
      const visiting = this.session !== null && u.siteId !== this.session.user.siteId
      return html`<tr class=${u.active ? '' : 'muted'} data-username=${u.username}>
      <td><strong>${u.displayName}</strong> ${u.id === me ? html`<span class="sub" style="display:inline">${this.tr('you')}</span>` : nothing}
        ${visiting ? html`<span class="sub" data-rotation>${this.tr('onRotation')}</span>` : nothing}</td>
      <td>${u.username}</td>
      <td><span class="badge role-${u.role}">${this.tr(ROLE_KEY[u.role])}</span></td>
      <td><span class="badge ${u.active ? 'on' : 'bad'}">${this.tr(u.active ? 'active' : 'disabled')}</span></td>
      ${
        visiting && this.canEdit
          ? html`<td class="actions"></td>`
          : rowActions(
              this.canEdit,
              html`<button @click=${() => this.open(u)}>${this.tr('edit')}</button>
          <button @click=${() => this.resetting.open(u)}>${this.tr('resetPassword')}</button>
          ${
            u.id === me
              ? nothing
              : u.active
                ? html`<button class="danger" @click=${() => this.setActive(u, false)}>${this.tr('disable')}</button>`
                : html`<button @click=${() => this.setActive(u, true)}>${this.tr('enable')}</button>`
          }`,
            )
      }
    </tr>`
    })
  }

  private renderEdit() {
    const str = (e: Event) => (e.target as HTMLInputElement).value
    const set = this.form.set.bind(this.form)
    return formDialog(
      this.uiLang,
      this.form,
      'edit narrow',
      (e) => void this.save(e),
      (d) => {
        const self = d.id !== null && d.id === this.session?.user.id
        return {
          title: d.id === null ? this.tr('newUser') : this.tr('editUser', { username: d.username }),
          body: html`${
            d.id === null
              ? html`<label class="field">${this.tr('username')}
                <input name="username" required autocomplete="off" pattern="[A-Za-z0-9._\\-]{3,32}" .value=${d.username} @input=${(e: Event) => set('username', str(e))} />
                <small>${this.tr('usernameHint')}</small>
              </label>`
              : nothing
          }
          <label class="field">${this.tr('displayName')}
            <input name="displayName" required maxlength="100" .value=${d.displayName} @input=${(e: Event) => set('displayName', str(e))} />
          </label>
          <label class="field">${this.tr('role')}
            <select name="role" ?disabled=${self} @change=${(e: Event) => set('role', (e.target as HTMLSelectElement).value as Role)}>
              ${(['staff', 'manager', 'admin'] as const).map((r) => html`<option value=${r} ?selected=${d.role === r}>${this.tr(ROLE_KEY[r])}</option>`)}
            </select>
          </label>
          ${
            d.id === null
              ? html`<label class="field">${this.tr('initialPassword')}
                <input name="password" type="text" required minlength="8" maxlength="200" autocomplete="new-password" .value=${d.password} @input=${(e: Event) => set('password', str(e))} />
                <small>${this.tr('passwordHint')}</small>
              </label>`
              : nothing
          }`,
        }
      },
    )
  }

  private renderReset() {
    return formDialog(
      this.uiLang,
      this.resetting,
      'reset narrow',
      (e) => void this.reset(e),
      (u) => ({
        title: this.tr('resetPasswordFor', { name: u.displayName }),
        lead: html`<p class="help" style="margin:0">${this.tr('resetPasswordHint')}</p>`,
        body: html`<label class="field">${this.tr('newPassword')}
        <input name="password" type="text" required minlength="8" maxlength="200" autocomplete="new-password" />
        <small>${this.tr('passwordHint')}</small>
      </label>`,
        submit: this.tr('resetPassword'),
        submitting: this.tr('resetPassword'),
      }),
    )
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-admin-staff': QmsAdminStaff
  }
}
