/** Colours, type and controls shared by the staff app's shell and console elements. */
import { css } from 'lit'

export const tokens = css`
  :host {
    --qms-primary: #0b57a4;
    --qms-primary-dark: #08427d;
    --qms-primary-soft: #e3eefb;
    --qms-success: #117a3e;
    --qms-success-soft: #e2f5e9;
    --qms-warning: #a35a00;
    --qms-warning-soft: #fff3dc;
    --qms-danger: #b42318;
    --qms-danger-soft: #fdecea;
    --qms-ink: #0f172a;
    --qms-muted: #526077;
    --qms-line: #d6dde8;
    --qms-bg: #eef2f7;
    --qms-card: #ffffff;
    --qms-radius: 0.6rem;
    font-family: 'Be Vietnam Pro', 'Segoe UI', 'Noto Sans', Roboto, Arial, sans-serif;
    color: var(--qms-ink);
  }
`

export const controls = css`
  button {
    font: inherit;
    font-weight: 600;
    border-radius: var(--qms-radius);
    border: 1px solid var(--qms-line);
    background: var(--qms-card);
    color: var(--qms-ink);
    padding: 0.55rem 1rem;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    line-height: 1.2;
  }
  button:hover:not(:disabled) {
    border-color: var(--qms-primary);
  }
  button:focus-visible,
  input:focus-visible,
  textarea:focus-visible,
  select:focus-visible {
    outline: 3px solid #7fb2ee;
    outline-offset: 1px;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.45;
  }
  button.primary {
    background: var(--qms-primary);
    border-color: var(--qms-primary);
    color: #fff;
  }
  button.primary:hover:not(:disabled) {
    background: var(--qms-primary-dark);
  }
  button.success {
    background: var(--qms-success);
    border-color: var(--qms-success);
    color: #fff;
  }
  button.danger {
    color: var(--qms-danger);
    border-color: #f0b8b2;
  }
  button.ghost {
    background: transparent;
    border-color: transparent;
  }
  kbd {
    font-family: inherit;
    font-size: 0.75em;
    font-weight: 700;
    min-width: 1.4em;
    padding: 0.1em 0.4em;
    border-radius: 0.3em;
    border: 1px solid currentColor;
    opacity: 0.8;
    text-align: center;
  }
  input,
  textarea,
  select {
    font: inherit;
    padding: 0.6rem 0.75rem;
    border: 1px solid #b8c3d3;
    border-radius: var(--qms-radius);
    background: #fff;
    color: var(--qms-ink);
    box-sizing: border-box;
    width: 100%;
  }
  .badge {
    display: inline-block;
    font-size: 0.78rem;
    font-weight: 700;
    padding: 0.15rem 0.5rem;
    border-radius: 1rem;
    white-space: nowrap;
  }
  .badge.priority {
    background: #fde7f3;
    color: #9d174d;
  }
  .badge.reserved {
    background: var(--qms-primary-soft);
    color: var(--qms-primary-dark);
  }
`

/** The console's ticket lists (waiting, absent): a bold number per row, and a calm empty state. */
export const ticketList = css`
  :host {
    display: block;
  }
  .number {
    font-size: 1.35rem;
    font-weight: 800;
    font-variant-numeric: tabular-nums;
  }
  .empty {
    padding: 2rem 1rem;
    text-align: center;
    color: var(--qms-muted);
    font-size: 1.05rem;
  }
`
