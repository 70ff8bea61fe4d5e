/**
 * The procedure catalogue (thủ tục) per field: add, edit, order, deactivate, with the papers to
 * bring one per line; and the import of the province's list from a CSV file, previewed row by row
 * (what each row would do, or why it cannot) before anything is saved.
 */
import { css, html, nothing } from 'lit'
import { customElement, state } from 'lit/decorators.js'
import type { AdminServiceView, DeleteResult, ProcedureImportResult, ProcedureImportRow } from '../../../shared/admin.js'
import type { ProcedureView } from '../../../shared/types.js'
import { AdminData } from './admin-data.js'
import { AdminScreen } from './admin-screen.js'
import { activeBadge, editDeleteButtons, formDialog, headActions, listPage, newButton, pageHead, rowActions } from './admin-templates.js'
import { DraftDialog } from './draft-dialog.js'
import type { AdminKey } from './messages.js'

type Draft = Omit<ProcedureView, 'id' | 'papers'> & { id: number | null; papers: string }

const IMPORT_ERROR_TEXT: Record<ProcedureImportRow['errors'][number], AdminKey> = {
  field_unknown: 'importErrFieldUnknown',
  code_missing: 'importErrCodeMissing',
  code_invalid: 'importErrCodeInvalid',
  code_repeated: 'importErrCodeRepeated',
  name_missing: 'importErrNameMissing',
  name_too_long: 'importErrNameTooLong',
  papers_too_many: 'importErrPapersTooMany',
  paper_too_long: 'importErrPaperTooLong',
}

@customElement('qms-admin-procedures')
export class QmsAdminProcedures extends AdminScreen {
  private readonly list = new AdminData(this, async () => {
    const [procedures, services] = await Promise.all([
      this.call<{ procedures: ProcedureView[] }>('/api/admin/procedures'),
      this.call<{ services: AdminServiceView[] }>('/api/admin/services'),
    ])
    this.services = services.services
    return procedures.procedures
  })
  private readonly form = new DraftDialog<Draft>(this, 'dialog.edit')
  @state() private services: AdminServiceView[] = []
  /** The field shown (0: every field). */
  @state() private field = 0
  @state() private importing = false
  @state() private csv = ''
  @state() private fileName = ''
  @state() private preview: ProcedureImportResult | null = null
  @state() private importError = ''
  @state() private importBusy = false

  static override styles = [
    ...AdminScreen.styles,
    css`
      .filter {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        margin: 0 0 0.8rem;
        font-weight: 600;
        white-space: nowrap;
      }
      .filter select {
        width: auto;
        min-width: 16rem;
      }
      td .code {
        white-space: nowrap;
      }
      tr.field-row td {
        background: #f4f7fb;
        font-weight: 700;
        color: var(--qms-primary-dark);
      }
      .papers {
        margin: 0;
        padding-left: 1.1rem;
        color: var(--qms-muted);
        font-size: 0.9rem;
      }
      dialog.import {
        width: min(70rem, 96vw);
      }
      .preview {
        max-height: 48vh;
        overflow: auto;
        border: 1px solid var(--qms-line);
        border-radius: 0.5rem;
      }
      .preview table {
        margin: 0;
      }
      tr.bad td {
        background: #fdecea;
      }
      .action {
        font-weight: 700;
        white-space: nowrap;
      }
      .action.create {
        color: #067647;
      }
      .action.update {
        color: var(--qms-primary-dark);
      }
      .action.unchanged {
        color: var(--qms-muted);
      }
      .errors {
        color: #b42318;
        font-weight: 600;
      }
      .summary {
        margin: 0;
        font-weight: 600;
      }
      .summary.bad {
        color: #b42318;
      }
      textarea.csv {
        font-size: 0.85rem;
        min-height: 6rem;
      }
    `,
  ]

  private serviceName(id: number): string {
    const s = this.services.find((x) => x.id === id)
    return s ? (this.uiLang === 'en' ? s.nameEn : s.nameVi) : ''
  }

  private open(p: ProcedureView | null): void {
    const serviceId = p?.serviceId ?? (this.field || this.services[0]?.id || 0)
    const same = (this.list.data ?? []).filter((x) => x.serviceId === serviceId)
    const nextOrder = same.reduce((m, x) => Math.max(m, x.sortOrder), 0) + 10
    this.form.open(
      p ? { ...p, papers: p.papers.join('\n') } : { id: null, serviceId, code: '', nameVi: '', nameEn: '', papers: '', active: true, sortOrder: nextOrder },
    )
  }

  private save(event: Event): Promise<void> {
    return this.form.submit(
      event,
      async (d) => {
        const body = {
          serviceId: Number(d.serviceId),
          code: d.code.trim(),
          nameVi: d.nameVi.trim(),
          nameEn: d.nameEn.trim(),
          papers: d.papers
            .split('\n')
            .map((x) => x.trim())
            .filter(Boolean),
          active: d.active,
          sortOrder: d.sortOrder,
        }
        if (d.id === null) await this.call('/api/admin/procedures', { method: 'POST', body })
        else await this.call(`/api/admin/procedures/${d.id}`, { method: 'PATCH', body })
      },
      () => this.list.reloadWith({ kind: 'ok', text: this.tr('saved') }),
    )
  }

  private async removeItem(p: ProcedureView): Promise<void> {
    if (!(await this.confirmAction(this.tr('confirmDeleteProcedure', { name: p.nameVi }), this.tr('delete')))) return
    await this.list.act(async () => {
      const res = await this.call<DeleteResult<ProcedureView>>(`/api/admin/procedures/${p.id}`, { method: 'DELETE' })
      return res.deleted ? { kind: 'ok', text: this.tr('procedureDeleted') } : { kind: 'info', text: this.tr('procedureDeactivated') }
    })
  }

  // ---- import ----

  private openImport(): void {
    this.importing = true
    this.csv = ''
    this.fileName = ''
    this.preview = null
    this.importError = ''
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLDialogElement>('dialog.import')?.showModal())
  }

  private closeImport(): void {
    this.renderRoot.querySelector<HTMLDialogElement>('dialog.import')?.close()
    this.importing = false
  }

  private async readFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0]
    if (!file) return
    this.fileName = file.name
    // UTF-8, with or without the byte-order mark Excel writes (the server drops it).
    this.csv = await file.text()
    await this.runImport(false)
  }

  private async runImport(commit: boolean): Promise<void> {
    if (!this.csv.trim() || this.importBusy) return
    this.importBusy = true
    this.importError = ''
    try {
      const result = await this.call<ProcedureImportResult>('/api/admin/procedures/import', { method: 'POST', body: { csv: this.csv, commit } })
      this.preview = result
      if (commit) {
        this.closeImport()
        await this.list.reloadWith({ kind: 'ok', text: this.tr('importSaved', { created: result.created, updated: result.updated }) })
      }
    } catch (err) {
      this.importError = this.refusalOf(err)
    } finally {
      this.importBusy = false
    }
  }

  private renderPreview(p: ProcedureImportResult) {
    const actionText: Record<NonNullable<ProcedureImportRow['action']>, AdminKey> = {
      create: 'importCreate',
      update: 'importUpdate',
      unchanged: 'importUnchanged',
    }
    return html`<p class="summary ${p.invalid > 0 ? 'bad' : ''}" data-import-summary>
        ${this.tr(p.invalid > 0 ? 'importSummaryBad' : 'importSummary', { rows: p.rows.length, created: p.created, updated: p.updated, unchanged: p.unchanged, invalid: p.invalid })}
      </p>
      <div class="preview">
        <table data-import-preview>
          <thead>
            <tr>
              <th>${this.tr('importLine')}</th>
              <th>${this.tr('procedureField')}</th>
              <th>${this.tr('code')}</th>
              <th>${this.tr('procedureName')}</th>
              <th>${this.tr('procedurePapers')}</th>
              <th>${this.tr('importResult')}</th>
            </tr>
          </thead>
          <tbody>
            ${p.rows.map(
              (r) => html`<tr class=${r.errors.length > 0 ? 'bad' : ''} data-import-line=${r.line}>
                <td class="num">${r.line}</td>
                <td>${r.serviceId ? this.serviceName(r.serviceId) : r.fieldCode}</td>
                <td><span class="code">${r.code}</span></td>
                <td>${r.nameVi}</td>
                <td class="num">${r.papers.length}</td>
                <td>
                  ${
                    r.errors.length > 0
                      ? html`<span class="errors">${r.errors.map((e) => this.tr(IMPORT_ERROR_TEXT[e], { field: r.fieldCode })).join(' ')}</span>`
                      : html`<span class="action ${r.action ?? ''}">${r.action ? this.tr(actionText[r.action]) : ''}</span>`
                  }
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`
  }

  private renderImport() {
    if (!this.importing) return html`<dialog class="import"></dialog>`
    const p = this.preview
    const canSave = p !== null && p.invalid === 0 && p.rows.length > 0 && p.created + p.updated > 0
    return html`<dialog class="import" @close=${() => (this.importing = false)}>
      <form
        @submit=${(e: Event) => {
          e.preventDefault()
          void this.runImport(true)
        }}
      >
        <h2>${this.tr('importTitle')}</h2>
        <p class="lead">${this.tr('importHint')}</p>
        ${this.importError ? html`<p class="form-error" role="alert">${this.importError}</p>` : nothing}
        <label class="field">${this.tr('importFile')}
          <input type="file" accept=".csv,text/csv,text/plain" data-import-file @change=${(e: Event) => void this.readFile(e)} />
          ${this.fileName ? html`<small>${this.fileName}</small>` : nothing}
        </label>
        <label class="field">${this.tr('importPaste')}
          <textarea class="csv" data-import-text .value=${this.csv} @input=${(e: Event) => {
            this.csv = (e.target as HTMLTextAreaElement).value
            this.preview = null
          }}></textarea>
        </label>
        ${p ? this.renderPreview(p) : nothing}
        <div class="dialog-actions">
          <button type="button" @click=${() => this.closeImport()}>${this.tr('cancel')}</button>
          <button type="button" data-import-preview-button ?disabled=${this.importBusy || !this.csv.trim()} @click=${() => void this.runImport(false)}>${this.tr('importPreview')}</button>
          <button class="primary" type="submit" data-import-save ?disabled=${this.importBusy || !canSave}>
            ${this.tr('importSave', { n: p ? p.created + p.updated : 0 })}
          </button>
        </div>
      </form>
    </dialog>`
  }

  override render() {
    return listPage(
      pageHead(
        this.tr('proceduresHeading'),
        this.tr('proceduresHint'),
        headActions(
          this.canEdit,
          html`<button data-action="import" @click=${() => this.openImport()}>${this.tr('importButton')}</button> ${newButton(this.tr('newProcedure'), () => this.open(null))}`,
        ),
      ),
      this.list.notice,
      this.renderTable(),
      html`${this.renderDialog()}${this.renderImport()}`,
    )
  }

  private renderTable() {
    const all = this.list.data
    if (!all) return html`<p class="empty">${this.tr('loading')}</p>`
    const fields = this.services.filter((s) => (this.field === 0 || s.id === this.field) && all.some((p) => p.serviceId === s.id))
    const filter = html`<label class="filter">${this.tr('procedureField')}
      <select data-field-filter @change=${(e: Event) => (this.field = Number((e.target as HTMLSelectElement).value))}>
        <option value="0" ?selected=${this.field === 0}>${this.tr('allFields')}</option>
        ${this.services.map((s) => html`<option value=${s.id} ?selected=${this.field === s.id}>${this.uiLang === 'en' ? s.nameEn : s.nameVi}</option>`)}
      </select>
    </label>`
    if (fields.length === 0) return html`${filter}<p class="empty">${this.tr('noProcedures')}</p>`
    const cols = this.canEdit ? 6 : 5
    return html`${filter}
      <table data-procedures>
        <thead>
          <tr>
            <th>${this.tr('code')}</th>
            <th>${this.tr('procedureName')}</th>
            <th>${this.tr('procedurePapers')}</th>
            <th>${this.tr('sortOrder')}</th>
            <th>${this.tr('status')}</th>
            ${this.canEdit ? html`<th></th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${fields.map(
            (s) => html`<tr class="field-row" data-field-row=${s.code}><td colspan=${cols}>${this.uiLang === 'en' ? s.nameEn : s.nameVi}</td></tr>
              ${all
                .filter((p) => p.serviceId === s.id)
                .map(
                  (p) => html`<tr class=${p.active ? '' : 'muted'} data-procedure=${p.code}>
                    <td><span class="code">${p.code}</span></td>
                    <td>${p.nameVi}${p.nameEn ? html`<br /><small class="muted">${p.nameEn}</small>` : nothing}</td>
                    <td>
                      <ol class="papers">
                        ${p.papers.slice(0, 3).map((x) => html`<li>${x}</li>`)}
                        ${p.papers.length > 3 ? html`<li>${this.tr('morePapers', { n: p.papers.length - 3 })}</li>` : nothing}
                      </ol>
                    </td>
                    <td class="num">${p.sortOrder}</td>
                    <td>${activeBadge(this.uiLang, p.active)}</td>
                    ${rowActions(
                      this.canEdit,
                      editDeleteButtons(
                        this.uiLang,
                        () => this.open(p),
                        () => void this.removeItem(p),
                      ),
                    )}
                  </tr>`,
                )}`,
          )}
        </tbody>
      </table>`
  }

  private renderDialog() {
    const str = (e: Event) => (e.target as HTMLInputElement).value
    const set = this.form.set.bind(this.form)
    return formDialog(
      this.uiLang,
      this.form,
      'edit',
      (e) => void this.save(e),
      (d) => ({
        title: d.id === null ? this.tr('newProcedure') : this.tr('editProcedure', { code: d.code }),
        body: html`<div class="grid">
          <label class="field">${this.tr('procedureField')}
            <select name="serviceId" @change=${(e: Event) => set('serviceId', Number((e.target as HTMLSelectElement).value))}>
              ${this.services.map((s) => html`<option value=${s.id} ?selected=${s.id === d.serviceId}>${s.nameVi}</option>`)}
            </select>
          </label>
          <label class="field">${this.tr('code')}
            <input name="code" required maxlength="40" pattern="[A-Za-z0-9][A-Za-z0-9._\\-]{0,39}" .value=${d.code} @input=${(e: Event) => set('code', str(e))} />
          </label>
          <label class="field full">${this.tr('procedureName')}
            <input name="nameVi" required maxlength="300" .value=${d.nameVi} @input=${(e: Event) => set('nameVi', str(e))} />
          </label>
          <label class="field full">${this.tr('nameEn')}
            <input name="nameEn" maxlength="300" .value=${d.nameEn} @input=${(e: Event) => set('nameEn', str(e))} />
          </label>
          <label class="field full">${this.tr('procedurePapers')}
            <textarea name="papers" rows="5" .value=${d.papers} @input=${(e: Event) => set('papers', (e.target as HTMLTextAreaElement).value)}></textarea>
            <small>${this.tr('procedurePapersHint')}</small>
          </label>
          <label class="field">${this.tr('sortOrder')}
            <input name="sortOrder" type="number" min="0" max="100000" .value=${String(d.sortOrder)} @input=${(e: Event) => set('sortOrder', Number(str(e)))} />
          </label>
        </div>
        <label class="check"><input type="checkbox" .checked=${d.active} @change=${(e: Event) => set('active', (e.target as HTMLInputElement).checked)} />${this.tr('active')}</label>`,
      }),
    )
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'qms-admin-procedures': QmsAdminProcedures
  }
}
