/**
 * The province's people: every account of every centre with its home centre, role there, province
 * role and the other centres it works at. A province administrator sets a person's province role
 * and the other centres they work at (rotation), with the role at each.
 */
import { css, html, nothing } from 'lit'
import { customElement } from 'lit/decorators.js'
import type { ProvinceRole, Role } from '../../../shared/constants.js'
import type { ProvinceUserView, SiteView } from '../../../shared/types.js'
import { AdminData } from '../admin/admin-data.js'
import { formDialog, listPage, pageHead } from '../admin/admin-templates.js'
import { DraftDialog } from '../admin/draft-dialog.js'
import { sessionChangedEvent } from '../session.js'
import type { ProvinceKey } from './messages.js'
import { ProvinceScreen } from './province-screen.js'

const ROLE_KEY: Record<Role, ProvinceKey> = { admin: 'roleAdmin', manager: 'roleManager', staff: 'roleStaff' }
const PROVINCE_ROLE_KEY: Record<ProvinceRole, ProvinceKey> = { admin: 'provinceAdmin', manager: 'provinceManager' }

interface AssignDraft {
  user: ProvinceUserView
  provinceRole: ProvinceRole | null
  /** The role at each other centre the person works at; a centre left out is not theirs. */
  roles: Record<number, Role>
}

@customElement('qms-province-people')
export class QmsProvincePeople extends ProvinceScreen {
  static override styles = [
    ...ProvinceScreen.styles,
    css`
      ul.places {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.15rem;
        font-size: 0.92rem;
      }
      .places .role {
        color: var(--qms-muted);
      }
      .assignments {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 11rem;
        gap: 0.45rem 1rem;
        align-items: center;
      }
      .assignments select:disabled {
        opacity: 0.45;
      }
      td.actions {
        width: 1%;
      }
      td.person strong {
        white-space: nowrap;
      }
    `,
  ]

  private readonly people = new AdminData(this, async () => {
    const [{ users }, { sites }] = await Promise.all([
      this.call<{ users: ProvinceUserView[] }>('/api/province/users'),
      this.call<{ sites: SiteView[] }>('/api/province/sites'),
    ])
    return { users, sites }
  })
  private readonly form = new DraftDialog<AssignDraft>(this, 'dialog.assign')

  private siteName(id: number): string {
    return this.people.data?.sites.find((s) => s.id === id)?.name ?? `#${id}`
  }

  private open(user: ProvinceUserView): void {
    this.form.open({ user, provinceRole: user.provinceRole, roles: Object.fromEntries(user.assignments.map((a) => [a.siteId, a.role])) })
  }

  private save(event: Event): Promise<void> {
    return this.form.submit(
      event,
      async (d) => {
        const assignments = Object.entries(d.roles).map(([siteId, role]) => ({ siteId: Number(siteId), role }))
        await this.call(`/api/province/users/${d.user.id}/assignments`, { method: 'PUT', body: { assignments } })
        if (d.provinceRole !== d.user.provinceRole) {
          await this.call(`/api/province/users/${d.user.id}`, { method: 'PATCH', body: { provinceRole: d.provinceRole } })
        }
        return d.user
      },
      async (user) => {
        if (user.id === this.session?.user.id) this.dispatchEvent(sessionChangedEvent())
        await this.people.reloadWith({ kind: 'ok', text: this.p('assigned', { name: user.displayName }) })
      },
    )
  }

  override render() {
    return listPage(pageHead(this.p('peopleHeading'), this.p('peopleHint')), this.people.notice, this.renderTable(), this.renderDialog())
  }

  private renderTable() {
    const data = this.people.data
    if (!data) return html`<p class="empty">${this.tr('loading')}</p>`
    const me = this.session?.user.id
    return html`<table data-people>
      <thead>
        <tr>
          <th>${this.p('colPerson')}</th>
          <th>${this.p('colUsername')}</th>
          <th>${this.p('colHome')}</th>
          <th>${this.p('colRole')}</th>
          <th>${this.p('colProvinceRole')}</th>
          <th>${this.p('colOther')}</th>
          ${this.canEdit ? html`<th></th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${data.users.map(
          (u) => html`<tr class=${u.active ? '' : 'muted'} data-username=${u.username}>
            <td class="person">
              <strong>${u.displayName}</strong> ${u.id === me ? html`<span class="sub" style="display:inline">${this.p('you')}</span>` : nothing}
              ${u.active ? nothing : html`<span class="badge bad">${this.p('disabled')}</span>`}
            </td>
            <td>${u.username}</td>
            <td>${this.siteName(u.siteId)}</td>
            <td><span class="badge role-${u.role}">${this.p(ROLE_KEY[u.role])}</span></td>
            <td>${u.provinceRole ? html`<span class="badge role-${u.provinceRole}">${this.p(PROVINCE_ROLE_KEY[u.provinceRole])}</span>` : '—'}</td>
            <td>${this.renderPlaces(u)}</td>
            ${this.canEdit ? html`<td class="actions"><button data-action="assign" @click=${() => this.open(u)}>${this.p('assign')}</button></td>` : nothing}
          </tr>`,
        )}
      </tbody>
    </table>`
  }

  private renderPlaces(u: ProvinceUserView) {
    const others = u.assignments.filter((a) => a.siteId !== u.siteId)
    if (u.provinceRole) return html`<span class="sub">${this.p('everyCentre')}</span>`
    if (others.length === 0) return '—'
    return html`<ul class="places">
      ${others.map((a) => html`<li data-assignment=${a.siteId}>${this.siteName(a.siteId)} <span class="role">· ${this.p(ROLE_KEY[a.role])}</span></li>`)}
    </ul>`
  }

  private renderDialog() {
    return formDialog(
      this.uiLang,
      this.form,
      'assign',
      (e) => void this.save(e),
      (d) => {
        const self = d.user.id === this.session?.user.id
        // Active centres besides the home one, and any inactive one still assigned (to take it away).
        const sites = (this.people.data?.sites ?? []).filter((s) => s.id !== d.user.siteId && (s.active || d.roles[s.id] !== undefined))
        const setRole = (siteId: number, role: Role | null) => {
          const roles = { ...d.roles }
          if (role === null) delete roles[siteId]
          else roles[siteId] = role
          this.form.set('roles', roles)
        }
        return {
          title: this.p('assignTitle', { name: d.user.displayName }),
          lead: html`<p class="help" style="margin:0">${this.p('assignHint', { home: this.siteName(d.user.siteId) })}</p>`,
          body: html`<label class="field">${this.p('provinceRole')}
              <select
                name="provinceRole"
                ?disabled=${self}
                @change=${(e: Event) => {
                  const v = (e.target as HTMLSelectElement).value
                  this.form.set('provinceRole', v === '' ? null : (v as ProvinceRole))
                }}
              >
                <option value="" ?selected=${d.provinceRole === null}>${this.p('provinceNone')}</option>
                ${(['manager', 'admin'] as const).map((r) => html`<option value=${r} ?selected=${d.provinceRole === r}>${this.p(PROVINCE_ROLE_KEY[r])}</option>`)}
              </select>
              <small>${this.p('provinceRoleHint')}</small>
            </label>
            <fieldset data-assignments>
              <legend>${this.p('otherCentres')}</legend>
              ${
                sites.length === 0
                  ? html`<p class="help">${this.p('noOtherCentres')}</p>`
                  : html`<div class="assignments">
                    ${sites.map((s) => {
                      const role = d.roles[s.id]
                      return html`<label class="check" data-site-id=${s.id}
                          ><input
                            type="checkbox"
                            name="site"
                            value=${s.id}
                            .checked=${role !== undefined}
                            @change=${(e: Event) => setRole(s.id, (e.target as HTMLInputElement).checked ? 'staff' : null)}
                          />${s.name} (${s.code})</label
                        >
                        <select
                          name="siteRole"
                          aria-label=${this.p('roleAt', { name: s.name })}
                          ?disabled=${role === undefined}
                          @change=${(e: Event) => setRole(s.id, (e.target as HTMLSelectElement).value as Role)}
                        >
                          ${(['staff', 'manager', 'admin'] as const).map((r) => html`<option value=${r} ?selected=${(role ?? 'staff') === r}>${this.p(ROLE_KEY[r])}</option>`)}
                        </select>`
                    })}
                  </div>`
              }
            </fieldset>`,
        }
      },
    )
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-province-people': QmsProvincePeople
  }
}
