// The console shell: session, navigation (History API; the gateway serves index.html for every page path)
// and rendering with lit-html. Each page is a small class with view() and an optional dispose().
import { html, render } from './vendor/lit-html/lit-html.js';
import { api, onUnauthenticated } from './api.js';
import { SignIn } from './pages/signin.js';
import { Chat } from './pages/chat.js';
import { Observe } from './pages/observe.js';
import { Catalog } from './pages/catalog.js';
import { Assistants } from './pages/assistants.js';
import { Settings } from './pages/settings.js';
import { Unavailable } from './pages/unavailable.js';
import { Deployments } from './pages/deployments.js';
import { Workflows } from './pages/workflows.js';
import { CommandBar } from './operator.js';

// ECharts clears its container with innerHTML = "": the "default" Trusted Types policy lets exactly that
// (the empty string) through and refuses every other string; lit-html has its own policy.
if (window.trustedTypes?.createPolicy) {
  trustedTypes.createPolicy('default', { createHTML: (value) => (value === '' ? '' : null) });
}

const PAGES = [
  { path: '/chat', label: 'Chat', make: (app) => new Chat(app) },
  { path: '/observe', label: 'Observe', make: (app) => new Observe(app) },
  { path: '/catalog', label: 'Catalog', make: (app) => new Catalog(app) },
  { path: '/assistants', label: 'Assistants', make: (app) => new Assistants(app) },
  { path: '/deployments', label: 'Deployments', make: (app) => new Deployments(app) },
  { path: '/workflows', label: 'Workflows', make: (app) => new Workflows(app) },
  { path: '/settings', label: 'Settings', make: (app) => new Settings(app) },
];

class App {
  constructor(root) {
    this.root = root;
    this.me = null;
    this.page = null;
    this.pagePath = null;
    this.refreshToken = null; // in memory only: lost on reload, when the cookie alone carries the session
    this.commands = null;
    onUnauthenticated(() => {
      if (this.me) { this.me = null; this.commands?.dispose(); this.commands = null; this.navigate('/signin'); }
    });
    addEventListener('popstate', () => this.route());
    root.addEventListener('click', (event) => {
      const link = event.target.closest('a[data-nav]');
      if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
        event.preventDefault();
        this.navigate(link.getAttribute('href'));
      }
    });
  }

  async start() {
    try {
      this.me = await api('/api/identity/auth/me');
    } catch {
      this.me = null;
    }
    if (this.me) this.commands = new CommandBar(this);
    // lit-html renders after what is already there: drop the loading text first.
    this.root.replaceChildren();
    this.root.classList.remove('booting');
    this.root.removeAttribute('aria-busy');
    this.route();
  }

  navigate(path) {
    if (location.pathname !== path) history.pushState(null, '', path);
    this.route();
  }

  signedIn(me, refreshToken) {
    this.me = me;
    this.commands = new CommandBar(this);
    this.refreshToken = refreshToken || null;
    this.navigate('/chat');
  }

  async signOut() {
    try {
      // Without a refresh token (after a reload) no body: the answer clears the cookie either way.
      await api('/api/identity/auth/logout', { method: 'POST', body: this.refreshToken ? { refreshToken: this.refreshToken } : undefined });
    } catch { /* the cookie is cleared by the answer; a failure leaves nothing to do here */ }
    this.me = null;
    this.refreshToken = null;
    this.commands?.dispose();
    this.commands = null;
    this.navigate('/signin');
  }

  route() {
    let path = location.pathname.replace(/\/+$/, '') || '/';
    if (!this.me && path !== '/signin') path = '/signin';
    if (this.me && (path === '/' || path === '/signin')) path = '/chat';
    if (path !== location.pathname) history.replaceState(null, '', path);
    const base = '/' + (path.split('/')[1] || '');
    if (base !== this.pagePath) {
      this.page?.dispose?.();
      this.pagePath = base;
      const entry = PAGES.find((p) => p.path === base);
      this.page = base === '/signin' ? new SignIn(this)
        : entry ? entry.make(this)
          : new Unavailable(this, 'Not found', `There is no page at ${path}.`);
    }
    this.page.enter?.(path);
    this.update();
    document.title = `${this.page.title || 'Symbia'} · Symbia console`;
  }

  update() {
    // A page's constructor may report progress before route() has made it the current page: render after.
    if (!this.page) return;
    render(this.shell(), this.root);
  }

  shell() {
    if (!this.me) return html`<main class="signin-main" id="main">${this.page.view()}</main>`;
    const who = this.me.user?.email || this.me.agent?.name || this.me.service?.id || 'signed in';
    return html`
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <a class="brand" href="/chat" data-nav>Symbia</a>
        <nav aria-label="Pages">
          ${PAGES.map((p) => html`<a href=${p.path} data-nav aria-current=${this.pagePath === p.path ? 'page' : 'false'}>${p.label}</a>`)}
        </nav>
        ${this.commands.barView()}
        <span class="who" title=${who}>${who}</span>
        <button class="link" @click=${() => this.signOut()}>Sign out</button>
      </header>
      <div class="body ${this.commands.open ? 'with-operator' : ''}">
        <main id="main" tabindex="-1">${this.page.view()}</main>
        ${this.commands.panelView()}
      </div>`;
  }
}

new App(document.getElementById('app')).start();
