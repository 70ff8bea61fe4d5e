/** Staff accounts: create with an initial password, rename, change role, reset password, disable. */
import { html, nothing } from 'lit'
import { customElement, query, state } from 'lit/decorators.js'
import type { Role } from '../../../shared/constants.js'
import type { UserView } from '../../../shared/types.js'
import { controls, tokens } from '../console/styles.js'
import { AdminScreen, codeOf } from './admin-screen.js'
import { adminStyles, formPageStyles } from './admin-styles.js'
import { refusal, type AdminKey } from './messages.js'
import './qms-admin-confirm.js'

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
  @state() private users: UserView[] | null = null
  @state() private draft: Draft | null = null
  /** The account whose password is being reset. */
  @state() private resetting: UserView | null = null
  @state() private formError = ''
  @state() private saving = false
  @state() private notice: { kind: 'ok' | 'error'; text: string } | null = null
  @query('dialog.edit') private editDialog!: HTMLDialogElement
  @query('dialog.reset') private resetDialog!: HTMLDialogElement

  static override styles = [tokens, controls, adminStyles, formPageStyles]

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  private async load(): Promise<void> {
    try {
      this.users = (await this.call<{ users: UserView[] }>('/api/admin/users')).users
    } catch (err) {
      this.notice = { kind: 'error', text: refusal(this.uiLang, codeOf(err)) }
    }
  }

  private open(user: UserView | null): void {
    this.draft = user
      ? { id: user.id, username: user.username, displayName: user.displayName, role: user.role, password: '' }
      : { id: null, username: '', displayName: '', role: 'staff', password: '' }
    this.formError = ''
    void this.updateComplete.then(() => this.editDialog.showModal())
  }

  private openReset(user: UserView): void {
    this.resetting = user
    this.formError = ''
    void this.updateComplete.then(() => this.resetDialog.showModal())
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
    try {
      if (d.id === null) {
        await this.call('/api/admin/users', { method: 'POST', body: { username: d.username.trim(), displayName: d.displayName.trim(), role: d.role, password: d.password } })
      } else {
        await this.call(`/api/admin/users/${d.id}`, { method: 'PATCH', body: { displayName: d.displayName.trim(), role: d.role } })
      }
      this.editDialog.close()
      this.draft = null
      this.notice = { kind: 'ok', text: this.tr('saved') }
      await this.load()
    } catch (err) {
      this.formError = refusal(this.uiLang, codeOf(err), 'conflictUser')
    } finally {
      this.saving = false
    }
  }

  private async reset(event: Event): Promise<void> {
    event.preventDefault()
    const user = this.resetting
    const input = (event.target as HTMLFormElement).elements.namedItem('password') as HTMLInputElement
    if (!user || this.saving) return
    this.saving = true
    try {
      await this.call(`/api/admin/users/${user.id}/password`, { method: 'POST', body: { password: input.value } })
      this.resetDialog.close()
      this.resetting = null
      this.notice = { kind: 'ok', text: this.tr('passwordReset', { name: user.displayName }) }
    } catch (err) {
      this.formError = refusal(this.uiLang, codeOf(err))
    } finally {
      this.saving = false
    }
  }

  private async setActive(user: UserView, active: boolean): Promise<void> {
    if (!active && !(await this.confirmAction(this.tr('confirmDisable', { name: user.displayName }), this.tr('disable')))) return
    try {
      await this.call(`/api/admin/users/${user.id}`, { method: 'PATCH', body: { active } })
      await this.load()
    } catch (err) {
      this.notice = { kind: 'error', text: refusal(this.uiLang, codeOf(err)) }
    }
  }

  override render() {
    return html`
      <div class="page-head">
        <div>
          <h1>${this.tr('staffHeading')}</h1>
          <p class="lead">${this.tr('staffHint')}</p>
        </div>
        ${this.canEdit
          ? html`<div class="head-actions"><button class="primary" data-action="new" @click=${() => this.open(null)}>+ ${this.tr('newUser')}</button></div>`
          : nothing}
      </div>
      ${this.notice ? html`<div class="notice ${this.notice.kind}" role="status">${this.notice.text}</div>` : nothing}
      <div class="card">${this.renderTable()}</div>
      ${this.renderEdit()} ${this.renderReset()}
      <qms-admin-confirm></qms-admin-confirm>
    `
  }

  private renderTable() {
    if (!this.users) return html`<p class="empty">${this.tr('loading')}</p>`
    const me = this.session?.user.id
    return html`<table>
      <thead>
        <tr>
          <th>${this.tr('displayName')}</th>
          <th>${this.tr('username')}</th>
          <th>${this.tr('role')}</th>
          <th>${this.tr('status')}</th>
          ${this.canEdit ? html`<th></th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${this.users.map(
          (u) => html`<tr class=${u.active ? '' : 'muted'} data-username=${u.username}>
            <td><strong>${u.displayName}</strong> ${u.id === me ? html`<span class="sub" style="display:inline">${this.tr('you')}</span>` : nothing}</td>
            <td>${u.username}</td>
            <td><span class="badge role-${u.role}">${this.tr(ROLE_KEY[u.role])}</span></td>
            <td><span class="badge ${u.active ? 'on' : 'bad'}">${this.tr(u.active ? 'active' : 'disabled')}</span></td>
            ${this.canEdit
              ? html`<td class="actions">
                  <button @click=${() => this.open(u)}>${this.tr('edit')}</button>
                  <button @click=${() => this.openReset(u)}>${this.tr('resetPassword')}</button>
                  ${u.id === me
                    ? nothing
                    : u.active
                      ? html`<button class="danger" @click=${() => this.setActive(u, false)}>${this.tr('disable')}</button>`
                      : html`<button @click=${() => this.setActive(u, true)}>${this.tr('enable')}</button>`}
                </td>`
              : nothing}
          </tr>`,
        )}
      </tbody>
    </table>`
  }

  private renderEdit() {
    const d = this.draft
    if (!d) return html`<dialog class="edit narrow"></dialog>`
    const self = d.id !== null && d.id === this.session?.user.id
    const str = (e: Event) => (e.target as HTMLInputElement).value
    return html`<dialog class="edit narrow" @close=${() => (this.draft = null)}>
      <form @submit=${this.save}>
        <h2>${d.id === null ? this.tr('newUser') : this.tr('editUser', { username: d.username })}</h2>
        ${this.formError ? html`<p class="form-error" role="alert">${this.formError}</p>` : nothing}
        ${d.id === null
          ? html`<label class="field">${this.tr('username')}
              <input name="username" required autocomplete="off" pattern="[A-Za-z0-9._\\-]{3,32}" .value=${d.username} @input=${(e: Event) => this.set('username', str(e))} />
              <small>${this.tr('usernameHint')}</small>
            </label>`
          : nothing}
        <label class="field">${this.tr('displayName')}
          <input name="displayName" required maxlength="100" .value=${d.displayName} @input=${(e: Event) => this.set('displayName', str(e))} />
        </label>
        <label class="field">${this.tr('role')}
          <select name="role" ?disabled=${self} @change=${(e: Event) => this.set('role', (e.target as HTMLSelectElement).value as Role)}>
            ${(['staff', 'manager', 'admin'] as const).map((r) => html`<option value=${r} ?selected=${d.role === r}>${this.tr(ROLE_KEY[r])}</option>`)}
          </select>
        </label>
        ${d.id === null
          ? html`<label class="field">${this.tr('initialPassword')}
              <input name="password" type="text" required minlength="8" maxlength="200" autocomplete="new-password" .value=${d.password} @input=${(e: Event) => this.set('password', str(e))} />
              <small>${this.tr('passwordHint')}</small>
            </label>`
          : nothing}
        <div class="dialog-actions">
          <button type="button" @click=${() => this.editDialog.close()}>${this.tr('cancel')}</button>
          <button class="primary" type="submit" ?disabled=${this.saving}>${this.saving ? this.tr('saving') : this.tr('save')}</button>
        </div>
      </form>
    </dialog>`
  }

  private renderReset() {
    const u = this.resetting
    if (!u) return html`<dialog class="reset narrow"></dialog>`
    return html`<dialog class="reset narrow" @close=${() => (this.resetting = null)}>
      <form @submit=${this.reset}>
        <h2>${this.tr('resetPasswordFor', { name: u.displayName })}</h2>
        <p class="help" style="margin:0">${this.tr('resetPasswordHint')}</p>
        ${this.formError ? html`<p class="form-error" role="alert">${this.formError}</p>` : nothing}
        <label class="field">${this.tr('newPassword')}
          <input name="password" type="text" required minlength="8" maxlength="200" autocomplete="new-password" />
          <small>${this.tr('passwordHint')}</small>
        </label>
        <div class="dialog-actions">
          <button type="button" @click=${() => this.resetDialog.close()}>${this.tr('cancel')}</button>
          <button class="primary" type="submit" ?disabled=${this.saving}>${this.tr('resetPassword')}</button>
        </div>
      </form>
    </dialog>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-admin-staff': QmsAdminStaff
  }
}
