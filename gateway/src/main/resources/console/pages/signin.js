// Sign in / register with the platform's own accounts (identity). The answer sets the httpOnly `token`
// cookie that every later request carries; the access token in the body is deliberately dropped, and the
// refresh token is kept only in memory (for sign-out), never in localStorage. When the gateway names a
// Supabase project (meta symbia-supabase-url and -anon-key, from SUPABASE_URL and SUPABASE_ANON_KEY), the
// form can sign in at Supabase Auth instead (password grant with the public anon key); Supabase's access token
// is exchanged at identity (POST /api/identity/auth/supabase) for the same cookie, and never stored.
import { html, nothing } from '../vendor/lit-html/lit-html.js';
import { api, ApiError } from '../api.js';
import { problem } from '../ui.js';

const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content || '';

/** Supabase Auth's password grant; resolves to Supabase's access token or rejects with an ApiError. */
async function supabaseToken(url, anonKey, email, password) {
  let response;
  try {
    response = await fetch(`${url}/auth/v1/token?grant_type=password`, { method: 'POST', credentials: 'omit',
      headers: { apikey: anonKey, 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  } catch {
    throw new ApiError(0, 'Supabase is not reachable', 'The Supabase project did not answer.');
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.access_token) {
    throw new ApiError(response.status, 'Supabase refused the sign-in',
      body.error_description || body.msg || body.message || `Supabase answered ${response.status}.`);
  }
  return body.access_token;
}

export class SignIn {
  constructor(app) {
    this.app = app;
    this.title = 'Sign in';
    this.mode = 'login';
    this.busy = false;
    this.error = null;
    this.supabase = meta('symbia-supabase-url') && meta('symbia-supabase-anon-key')
      ? { url: meta('symbia-supabase-url'), anonKey: meta('symbia-supabase-anon-key') } : null;
  }

  /** Runs a sign-in (a promise of identity's session answer), then reads who signed in. */
  async signIn(session) {
    this.busy = true;
    this.error = null;
    this.app.update();
    try {
      const answer = await session();
      const me = await api('/api/identity/auth/me');
      this.busy = false;
      this.app.signedIn(me, answer?.refreshToken);
    } catch (error) {
      this.busy = false;
      this.error = error;
      this.app.update();
    }
  }

  async submit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    if (this.mode === 'supabase') {
      await this.signIn(async () => {
        const accessToken = await supabaseToken(this.supabase.url, this.supabase.anonKey, form.get('email'), form.get('password'));
        return api('/api/identity/auth/supabase', { method: 'POST', body: { accessToken } });
      });
      return;
    }
    const body = { email: form.get('email'), password: form.get('password') };
    if (this.mode === 'register') {
      body.name = form.get('name');
      if (form.get('orgName')) body.orgName = form.get('orgName');
    }
    const path = this.mode === 'register' ? '/api/identity/auth/register' : '/api/identity/auth/login';
    await this.signIn(() => api(path, { method: 'POST', body }));
  }

  toggle(mode) {
    this.mode = mode || (this.mode === 'login' ? 'register' : 'login');
    this.error = null;
    this.app.update();
  }

  view() {
    const register = this.mode === 'register';
    return html`
      <section class="card signin">
        <h1>Symbia</h1>
        <h2>${register ? 'Create an account' : this.mode === 'supabase' ? 'Sign in with Supabase' : 'Sign in'}</h2>
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
        <p><button class="link" @click=${() => this.toggle(this.mode === 'login' ? 'register' : 'login')}>${register ? 'I have an account: sign in' : this.mode === 'supabase' ? 'Use a platform account' : 'No account yet? Create one'}</button></p>
        ${this.supabase ? html`<p><button class="link supabase" @click=${() => this.toggle(this.mode === 'supabase' ? 'login' : 'supabase')}>${this.mode === 'supabase' ? 'Sign in with a platform account' : 'Sign in with Supabase'}</button></p>` : nothing}
      </section>`;
  }
}
