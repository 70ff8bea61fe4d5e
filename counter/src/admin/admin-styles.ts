/** The look of the administration screens: page header, tables, forms and dialogs. */
import { css } from 'lit'

export const adminStyles = css`
  :host {
    display: block;
  }
  .page-head {
    display: flex;
    align-items: flex-end;
    justify-content: space-between;
    gap: 1rem;
    margin-bottom: 1rem;
  }
  h1 {
    margin: 0;
    font-size: 1.6rem;
    line-height: 1.25;
  }
  .lead {
    margin: 0.3rem 0 0;
    color: var(--qms-muted);
    max-width: 52rem;
  }
  .head-actions {
    display: flex;
    gap: 0.5rem;
    flex-shrink: 0;
  }
  .card {
    background: var(--qms-card);
    border: 1px solid var(--qms-line);
    border-radius: 0.8rem;
    overflow: hidden;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th {
    text-align: left;
    font-size: 0.82rem;
    text-transform: uppercase;
    letter-spacing: 0.03em;
    color: var(--qms-muted);
    font-weight: 700;
    background: #f6f8fb;
    padding: 0.65rem 0.9rem;
    border-bottom: 1px solid var(--qms-line);
    white-space: nowrap;
  }
  td {
    padding: 0.7rem 0.9rem;
    border-bottom: 1px solid #e8edf4;
    vertical-align: middle;
  }
  tr:last-child td {
    border-bottom: 0;
  }
  tr.muted td {
    color: var(--qms-muted);
    background: #fafbfd;
  }
  td.num,
  td.nowrap {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .row button {
    white-space: nowrap;
    flex-shrink: 0;
  }
  td.actions {
    text-align: right;
    white-space: nowrap;
  }
  td.actions button {
    padding: 0.35rem 0.75rem;
    font-size: 0.9rem;
  }
  .code {
    display: inline-block;
    min-width: 2.6rem;
    text-align: center;
    font-weight: 800;
    padding: 0.15rem 0.45rem;
    border-radius: 0.35rem;
    background: var(--qms-primary-soft);
    color: var(--qms-primary-dark);
  }
  .sub {
    display: block;
    color: var(--qms-muted);
    font-size: 0.88rem;
  }
  .badge.on {
    background: var(--qms-success-soft);
    color: var(--qms-success);
  }
  .badge.off {
    background: #eceff3;
    color: var(--qms-muted);
  }
  .badge.warn {
    background: var(--qms-warning-soft);
    color: var(--qms-warning);
  }
  .badge.bad {
    background: var(--qms-danger-soft);
    color: var(--qms-danger);
  }
  .badge.role-admin {
    background: #ede7fb;
    color: #5b21b6;
  }
  .badge.role-manager {
    background: var(--qms-primary-soft);
    color: var(--qms-primary-dark);
  }
  .badge.role-staff {
    background: #eceff3;
    color: #334155;
  }
  .notice {
    padding: 0.7rem 1rem;
    border-radius: var(--qms-radius);
    margin-bottom: 1rem;
    font-weight: 600;
  }
  .notice.ok {
    background: var(--qms-success-soft);
    color: var(--qms-success);
  }
  .notice.error {
    background: var(--qms-danger-soft);
    color: var(--qms-danger);
  }
  .notice.info {
    background: var(--qms-primary-soft);
    color: var(--qms-primary-dark);
  }
  .empty {
    padding: 2rem;
    text-align: center;
    color: var(--qms-muted);
  }

  /* Dialogs (native <dialog>, which Chrome 87 has). */
  dialog {
    border: 0;
    border-radius: 1rem;
    padding: 0;
    width: min(46rem, 94vw);
    max-height: 92vh;
    box-shadow: 0 1.5rem 4rem rgba(8, 30, 60, 0.35);
    color: var(--qms-ink);
  }
  dialog.narrow {
    width: min(32rem, 94vw);
  }
  dialog::backdrop {
    background: rgba(10, 25, 50, 0.55);
  }
  dialog form {
    display: grid;
    gap: 1rem;
    padding: 1.4rem 1.6rem 1.3rem;
  }
  dialog h2 {
    margin: 0;
    font-size: 1.35rem;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 0.9rem 1rem;
  }
  .grid.three {
    grid-template-columns: repeat(3, minmax(0, 1fr));
  }
  .full {
    grid-column: 1 / -1;
  }
  label.field {
    display: grid;
    align-content: start;
    gap: 0.3rem;
    font-weight: 600;
    font-size: 0.95rem;
  }
  /* A value set on the server, not here: shown as text, so it does not look editable. */
  .field.readonly {
    display: grid;
    gap: 0.3rem;
    font-weight: 600;
    font-size: 0.95rem;
  }
  .field.readonly code {
    font-size: 1rem;
    font-weight: 400;
    color: var(--qms-ink);
    overflow-wrap: anywhere;
  }
  .field.readonly small,
  label.field small,
  .help {
    font-weight: 400;
    color: var(--qms-muted);
    font-size: 0.84rem;
  }
  label.check {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-weight: 600;
  }
  label.check input {
    width: 1.2rem;
    height: 1.2rem;
    margin: 0;
  }
  fieldset {
    border: 1px solid var(--qms-line);
    border-radius: var(--qms-radius);
    margin: 0;
    padding: 0.8rem 1rem 1rem;
    min-width: 0;
  }
  legend {
    font-weight: 700;
    padding: 0 0.3rem;
  }
  .row {
    display: flex;
    align-items: center;
    gap: 0.6rem;
    flex-wrap: wrap;
  }
  .dialog-actions {
    display: flex;
    justify-content: flex-end;
    gap: 0.6rem;
    padding-top: 0.3rem;
  }
  .form-error {
    margin: 0;
    padding: 0.6rem 0.8rem;
    border-radius: var(--qms-radius);
    background: var(--qms-danger-soft);
    color: var(--qms-danger);
    font-weight: 600;
  }
  input:invalid:not(:placeholder-shown):not(:focus) {
    border-color: var(--qms-danger);
  }
`

export const formPageStyles = css`
  form.settings {
    display: grid;
    gap: 1rem;
    padding: 1.4rem 1.6rem;
    max-width: 60rem;
  }
  form.settings.narrow {
    max-width: 30rem;
  }
  ol.ordered {
    list-style: none;
    margin: 0 0 0.6rem;
    padding: 0;
    display: grid;
    gap: 0.4rem;
  }
  ol.ordered li {
    padding: 0.45rem 0.6rem;
    border: 1px solid var(--qms-line);
    border-radius: var(--qms-radius);
    background: #f8fafc;
  }
  ol.ordered button {
    padding: 0.3rem 0.7rem;
    font-size: 0.9rem;
  }
  textarea {
    resize: vertical;
  }
`
