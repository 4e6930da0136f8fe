// Shared bits of the pages' views.
import { html, nothing } from './vendor/lit-html/lit-html.js';

/** An error as the problem's title and detail. */
export function problem(error) {
  if (!error) return nothing;
  return html`<div class="problem" role="alert"><strong>${error.title || 'Error'}</strong>${error.detail ? html`<span>${error.detail}</span>` : nothing}</div>`;
}

/** A backend that is not there (404/502/503 from the gateway) is "not available", not an error. */
export function unavailable(error) {
  return error && (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504);
}

export const spinner = (label = 'Loading…') => html`<p class="loading" role="status"><span class="dot"></span>${label}</p>`;


/** A page whose backend is missing: a clear state, not a broken page. */
export const notAvailable = (what, why) => html`<section class="empty" aria-live="polite"><h2>${what} is not available yet</h2><p>${why}</p></section>`;

export function formatTime(value) {
  if (!value) return '';
  const d = new Date(value);
  return isNaN(d) ? String(value) : d.toLocaleString();
}
