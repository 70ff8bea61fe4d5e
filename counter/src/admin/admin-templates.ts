/**
 * The markup the administration screens share: page head, notice, list table, row actions and the
 * frame of an edit dialog. Plain `html` helpers rather than elements, so forms, fields and styles
 * stay in the screen's own shadow root (a form cannot own inputs across a shadow boundary).
 */
import { html, nothing, type TemplateResult } from 'lit'
import type { Lang } from '../../../shared/web/i18n.js'
import type { Notice } from './admin-data.js'
import type { DraftDialog } from './draft-dialog.js'
import { t } from './messages.js'
import './qms-admin-confirm.js'

/** The heading, a line of explanation, and the screen's buttons on the right. */
export function pageHead(title: string, hint: string, actions: unknown = nothing): TemplateResult {
  return html`<div class="page-head">
    <div>
      <h1>${title}</h1>
      <p class="lead">${hint}</p>
    </div>
    ${actions}
  </div>`
}

/** The screen's "add" button(s), for those who may edit. */
export function headActions(canEdit: boolean, buttons: unknown): unknown {
  return canEdit ? html`<div class="head-actions">${buttons}</div>` : nothing
}

export function newButton(label: string, onClick: () => void, action = 'new'): TemplateResult {
  return html`<button class="primary" data-action=${action} @click=${onClick}>+ ${label}</button>`
}

export function noticeBar(notice: Notice | null): unknown {
  return notice ? html`<div class="notice ${notice.kind}" role="status">${notice.text}</div>` : nothing
}

/**
 * A list screen: head, notice, the list in a card, its dialogs, and the confirmation that
 * `AdminScreen.confirmAction` asks with.
 */
export function listPage(head: unknown, notice: Notice | null, list: unknown, dialogs: unknown): TemplateResult {
  return html`
    ${head}
    ${noticeBar(notice)}
    <div class="card">${list}</div>
    ${dialogs}
    <qms-admin-confirm></qms-admin-confirm>
  `
}

/** A list as a table, with "loading" before it arrives and "nothing yet" when it is empty. */
export function listTable<T>(lang: Lang, items: readonly T[] | null, headers: readonly string[], canEdit: boolean, row: (item: T) => unknown): TemplateResult {
  if (!items) return html`<p class="empty">${t(lang, 'loading')}</p>`
  if (items.length === 0) return html`<p class="empty">${t(lang, 'empty')}</p>`
  return html`<table>
    <thead>
      <tr>
        ${headers.map((h) => html`<th>${h}</th>`)}
        ${canEdit ? html`<th></th>` : nothing}
      </tr>
    </thead>
    <tbody>
      ${items.map(row)}
    </tbody>
  </table>`
}

/** The last cell of a row: its buttons, for those who may edit. */
export function rowActions(canEdit: boolean, buttons: unknown): unknown {
  return canEdit ? html`<td class="actions">${buttons}</td>` : nothing
}

export function editDeleteButtons(lang: Lang, onEdit: () => void, onDelete: () => void): TemplateResult {
  return html`<button @click=${onEdit}>${t(lang, 'edit')}</button>
    <button class="danger" @click=${onDelete}>${t(lang, 'delete')}</button>`
}

export function activeBadge(lang: Lang, active: boolean): TemplateResult {
  return html`<span class="badge ${active ? 'on' : 'off'}">${t(lang, active ? 'active' : 'inactive')}</span>`
}

export interface DialogParts {
  title: string
  /** A line under the title. */
  lead?: unknown
  /** The fields. */
  body: unknown
  /** The submit button's text ("Lưu" unless said otherwise) … */
  submit?: string
  /** … and while the request is under way ("Đang lưu…" unless said otherwise). */
  submitting?: string
}

/**
 * An edit dialog: title, the refusal of the last save, the fields, cancel and submit. Rendered
 * empty while there is no draft, so the dialog element is there to open.
 */
export function formDialog<D extends object>(
  lang: Lang,
  form: DraftDialog<D>,
  classes: string | undefined,
  onSubmit: (event: Event) => void,
  parts: (draft: D) => DialogParts,
): TemplateResult {
  const draft = form.draft
  if (!draft) return html`<dialog class=${classes ?? nothing}></dialog>`
  const p = parts(draft)
  return html`<dialog class=${classes ?? nothing} @close=${() => form.closed()}>
    <form @submit=${onSubmit}>
      <h2>${p.title}</h2>
      ${p.lead ?? nothing}
      ${form.error ? html`<p class="form-error" role="alert">${form.error}</p>` : nothing}
      ${p.body}
      <div class="dialog-actions">
        <button type="button" @click=${() => form.close()}>${t(lang, 'cancel')}</button>
        <button class="primary" type="submit" ?disabled=${form.saving}>${form.saving ? (p.submitting ?? t(lang, 'saving')) : (p.submit ?? t(lang, 'save'))}</button>
      </div>
    </form>
  </dialog>`
}
