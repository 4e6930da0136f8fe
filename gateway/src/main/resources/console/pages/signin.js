// Sign in / register with the platform's own accounts (identity). The answer sets the httpOnly `token`
// cookie that every later request carries; the access token in the body is deliberately dropped, and the
// refresh token is kept only in memory (for sign-out), never in localStorage.
import { html, nothing } from '../vendor/lit-html/lit-html.js';
import { api } from '../api.js';
import { problem } from '../ui.js';

export class SignIn {
  constructor(app) {
    this.app = app;
    this.title = 'Sign in';
    this.mode = 'login';
    this.busy = false;
    this.error = null;
  }

  async submit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const body = { email: form.get('email'), password: form.get('password') };
    if (this.mode === 'register') {
      body.name = form.get('name');
      if (form.get('orgName')) body.orgName = form.get('orgName');
    }
    this.busy = true;
    this.error = null;
    this.app.update();
    try {
      const path = this.mode === 'register' ? '/api/identity/auth/register' : '/api/identity/auth/login';
      const session = await api(path, { method: 'POST', body });
      const me = await api('/api/identity/auth/me');
      this.busy = false;
      this.app.signedIn(me, session?.refreshToken);
    } catch (error) {
      this.busy = false;
      this.error = error;
      this.app.update();
    }
  }

  toggle() {
    this.mode = this.mode === 'login' ? 'register' : 'login';
    this.error = null;
    this.app.update();
  }

  view() {
    const register = this.mode === 'register';
    return html`
      <section class="card signin">
        <h1>Symbia</h1>
        <h2>${register ? 'Create an account' : 'Sign in'}</h2>
        <form @submit=${(e) => this.submit(e)} aria-describedby="signin-error">
          ${register ? html`
            <label>Name <input name="name" autocomplete="name" required maxlength="100"></label>
            <label>Organization (optional) <input name="orgName" maxlength="100"></label>` : nothing}
          <label>Email <input name="email" type="email" autocomplete="email" required maxlength="254"></label>
          <label>Password <input name="password" type="password" required minlength=${register ? 8 : 1}
            autocomplete=${register ? 'new-password' : 'current-password'}></label>
          <div id="signin-error">${problem(this.error)}</div>
          <button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? 'Please wait…' : register ? 'Create account' : 'Sign in'}</button>
        </form>
        <p><button class="link" @click=${() => this.toggle()}>${register ? 'I have an account: sign in' : 'No account yet? Create one'}</button></p>
      </section>`;
  }
}
