/** The look of the console's modal dialogs (native <dialog>, which Chrome 87 has). */
import { css } from 'lit'

export const dialogStyles = css`
  dialog {
    border: 0;
    border-radius: 1rem;
    padding: 0;
    width: min(52rem, 94vw);
    max-height: 92vh;
    box-shadow: 0 1.5rem 4rem rgba(8, 30, 60, 0.35);
    color: var(--qms-ink);
  }
  dialog::backdrop {
    background: rgba(10, 25, 50, 0.55);
  }
  form {
    display: grid;
    gap: 1rem;
    padding: 1.4rem 1.6rem 1.3rem;
  }
  h2 {
    margin: 0;
    font-size: 1.5rem;
  }
  .hint {
    margin: -0.6rem 0 0;
    color: var(--qms-muted);
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  legend {
    font-weight: 700;
    margin-bottom: 0.45rem;
    padding: 0;
  }
  .tiles {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(11.5rem, 1fr));
    gap: 0.5rem;
  }
  .tile {
    display: grid;
    justify-content: start;
    justify-items: start;
    text-align: left;
    gap: 0.1rem;
    padding: 0.55rem 0.8rem;
    font-weight: 600;
    border: 2px solid var(--qms-line);
  }
  .tile small {
    font-weight: 400;
    color: var(--qms-muted);
    font-size: 0.82rem;
  }
  .tile[aria-pressed='true'] {
    border-color: var(--qms-primary);
    background: var(--qms-primary-soft);
    color: var(--qms-primary-dark);
  }
  label.text {
    display: grid;
    gap: 0.35rem;
    font-weight: 700;
  }
  textarea {
    resize: vertical;
    min-height: 4.2rem;
  }
  .buttons {
    display: flex;
    justify-content: flex-end;
    gap: 0.75rem;
    margin-top: 0.2rem;
  }
  .buttons button {
    padding: 0.7rem 1.4rem;
    font-size: 1.05rem;
  }
`
