/** The audit log for administrators: newest first, filtered by action family, paged. */
import { html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import type { AuditEntryView, AuditPage } from '../../../shared/admin.js'
import { DEFAULT_TIME_ZONE } from '../../../shared/constants.js'
import { AdminScreen } from './admin-screen.js'
import { pageHead } from './admin-templates.js'
import { AuditSentences } from './audit-sentence.js'
import type { AdminKey } from './messages.js'

const PAGE_SIZE = 25
const FAMILIES: { value: string; label: AdminKey }[] = [
  { value: 'service.', label: 'navServices' },
  { value: 'counter.', label: 'navCounters' },
  { value: 'priority_group.', label: 'navGroups' },
  { value: 'user.', label: 'navStaff' },
  { value: 'device.', label: 'navDevices' },
  { value: 'site.', label: 'navSite' },
]

@customElement('qms-admin-audit')
export class QmsAdminAudit extends AdminScreen {
  @state() private page: AuditPage | null = null
  @state() private family = ''
  @state() private offset = 0
  @state() private error = ''
  /** Times are shown in the site's zone, not the browser's. */
  private timeZone = DEFAULT_TIME_ZONE

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  private async load(): Promise<void> {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(this.offset) })
    if (this.family) query.set('action', this.family)
    try {
      if (!this.page) this.timeZone = (await this.call<{ site: { timeZone: string } }>('/api/admin/site')).site.timeZone
      this.page = await this.call<AuditPage>(`/api/admin/audit?${query}`)
      this.error = ''
    } catch (err) {
      this.error = this.refusalOf(err)
    }
  }

  private go(offset: number): void {
    this.offset = Math.max(0, offset)
    void this.load()
  }

  private when(at: number): string {
    return new Intl.DateTimeFormat(this.uiLang === 'en' ? 'en-GB' : 'vi-VN', {
      timeZone: this.timeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).format(at)
  }

  override render() {
    const page = this.page
    return html`
      ${pageHead(
        this.tr('auditHeading'),
        this.tr('auditHint'),
        html`<div class="head-actions">
          <select
            name="family"
            aria-label=${this.tr('what')}
            @change=${(e: Event) => {
              this.family = (e.target as HTMLSelectElement).value
              this.go(0)
            }}
          >
            <option value="">${this.tr('filterAll')}</option>
            ${FAMILIES.map((f) => html`<option value=${f.value} ?selected=${this.family === f.value}>${this.tr(f.label)}</option>`)}
          </select>
        </div>`,
      )}
      ${this.error ? html`<div class="notice error" role="alert">${this.error}</div>` : nothing}
      <div class="card">
        ${
          !page
            ? html`<p class="empty">${this.tr('loading')}</p>`
            : page.entries.length === 0
              ? html`<p class="empty">${this.tr('empty')}</p>`
              : html`<table>
                <thead>
                  <tr>
                    <th>${this.tr('when')}</th>
                    <th>${this.tr('who')}</th>
                    <th>${this.tr('what')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${page.entries.map((e) => this.renderEntry(e, new AuditSentences(this.uiLang, page.names)))}
                </tbody>
              </table>`
        }
      </div>
      ${
        page && page.total > 0
          ? html`<div class="row" style="justify-content:flex-end;margin-top:0.8rem">
            <span class="help">${this.tr('pageOf', { from: page.offset + 1, to: page.offset + page.entries.length, total: page.total })}</span>
            <button ?disabled=${page.offset === 0} @click=${() => this.go(page.offset - PAGE_SIZE)}>← ${this.tr('prev')}</button>
            <button ?disabled=${page.offset + page.entries.length >= page.total} @click=${() => this.go(page.offset + PAGE_SIZE)}>${this.tr('next')} →</button>
          </div>`
          : nothing
      }
    `
  }

  private renderEntry(e: AuditEntryView, words: AuditSentences) {
    return html`<tr data-action=${e.action}>
      <td class="num" style="white-space:nowrap">${this.when(e.at)}</td>
      <td>${e.displayName ?? this.tr('system')}${e.username ? html`<span class="sub">${e.username}</span>` : nothing}</td>
      <td class="detail" data-sentence>${words.sentence(e)}</td>
    </tr>`
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-admin-audit': QmsAdminAudit
  }
}
