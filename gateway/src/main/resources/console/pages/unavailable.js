// A page whose backend is not on the platform yet: a clear state instead of a broken page.
import { html } from '../vendor/lit-html/lit-html.js';
import { notAvailable } from '../ui.js';

export class Unavailable {
  constructor(app, title, why) {
    this.title = title;
    this.why = why;
  }

  view() {
    return html`<h1>${this.title}</h1>${this.title === 'Not found'
      ? html`<section class="empty"><p>${this.why}</p><p><a href="/chat" data-nav>Back to chat</a></p></section>`
      : notAvailable(this.title, this.why)}`;
  }
}
