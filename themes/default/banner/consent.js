// privgen consent banner: three cumulative tiers (necessary < analytics < social).
// Plain ES2017, no dependencies, no eval. Its network: its own second file (the settings dialog and
// the placeholders, consent-settings.js) from beside itself, and an optional consent log.
// The build replaces the CONFIG literal with the organisation's profile data and strips comments:
// per language the words of the first layer and the confirmation (strings[lang], with the tiers'
// labels), the second file's name and integrity hash, and what a withdrawal clears.
(() => {
  'use strict';
  // A second copy of the banner (or another organisation's) on one page would fight the first
  // over the one cookie and the page's scripts: the first one stays in charge.
  if (window.privacyConsent) return console.warn('privacyConsent: already loaded');
  // --- constants: everything the banner names, in one place ---------------------------------
  const CONFIG = /*privgen:config*/{"revision": "0", "version": "", "maxAge": 31536000, "default": "en", "log": "", "consentMode": false, "clear": [], "settings": "", "integrity": "", "strings": {}, "css": ""}/*privgen:end*/;
  const TIERS = ['necessary', 'analytics', 'social'];
  const COOKIE = 'privacy_consent';
  const MAX_AGE = CONFIG.maxAge; // seconds: the profile's consent lifetime, at most 12 months
  const EVENT = 'privacy-consent';
  const OPENER = '[data-consent-open]';
  const GATED = 'script[type="text/plain"][data-consent-tier],iframe[data-consent-tier][data-src]';
  // cookie value: format version . tier index . revision . timestamp (ms) . random id
  const FORMAT = /^1\.([0-2])\.([0-9a-f]{8})\.(\d{13})\.([0-9a-f]{32})$/;
  // scripts/minify-banner makes one file for each set of the two optional features, defining
  // PRIVGEN_CONSENT_MODE and PRIVGEN_LOG true or false, without the code of those left out: the
  // build serves each profile the file with just the features it turns on. Undefined: both kept.
  const WITH_CONSENT_MODE = typeof PRIVGEN_CONSENT_MODE === 'undefined' || PRIVGEN_CONSENT_MODE;
  const WITH_LOG = typeof PRIVGEN_LOG === 'undefined' || PRIVGEN_LOG;
  // Google Consent Mode v2 parameters granted from each tier up, where the profile turns it on;
  // not even read in a file without it
  const GRANTS = WITH_CONSENT_MODE && CONFIG.consentMode;

  const script = document.currentScript;
  const page = (document.documentElement.lang || '').toLowerCase().split('-')[0];
  const lang = CONFIG.strings[page] ? page : CONFIG.default;
  const t = CONFIG.strings[lang];
  const gpc = navigator.globalPrivacyControl === true;
  let current = readCookie(); // the consent in force for this page view, even if cookies are blocked
  let host, root, banner, dialog, status, returnFocus;

  // What gating relies on, kept as the page had it when the banner loaded: a script of the page
  // that later replaces a built-in (Array.prototype.indexOf, getAttribute) cannot let a gated
  // script through. The tier order is looked up by a plain loop for the same reason.
  const apply = Reflect.apply;
  const getAttribute = Element.prototype.getAttribute;
  const attr = (el, name) => apply(getAttribute, el, [name]);
  const level = (tier) => {
    let i = 3;
    while (i-- && TIERS[i] !== tier);
    return i; // -1 for anything else
  };
  const fire = (tier, previous) =>
    window.dispatchEvent(new CustomEvent(EVENT, { detail: { tier, previous: previous ? previous.tier : null } }));

  // --- storage: one first-party cookie; blocked, expired or forged counts as no consent -------
  // The newest valid one of the cookies of this name: one set on a longer path (/shop) is listed
  // first, and must not override the choice made since on /.
  function readCookie() {
    let found = null;
    try {
      document.cookie.split('; ').forEach((c) => {
        const match = c.startsWith(COOKIE + '=') && FORMAT.exec(c.slice(COOKIE.length + 1));
        const timestamp = match && +match[3];
        const age = Date.now() - timestamp;
        if (match && match[2] === CONFIG.revision && age > -6e4 && age < MAX_AGE * 1e3 && !(found && found.timestamp > timestamp)) {
          found = { tier: TIERS[match[1]], revision: match[2], timestamp, id: match[4] };
        }
      });
    } catch (e) { /* cookies blocked */ }
    return found;
  }

  function setCookie(name, value, maxAge, domain) {
    const secure = location.protocol === 'https:' ? '; Secure' : '';
    try {
      document.cookie = `${name}=${value}; Path=/; Max-Age=${maxAge}; SameSite=Lax${secure}${domain || ''}`;
    } catch (e) { /* cookies blocked: the choice holds for this page view */ }
  }

  // A cookie set by a script may sit on this host or on any parent domain: clear them all.
  function deleteCookie(name) {
    const parts = location.hostname.split('.');
    setCookie(name, '', 0);
    parts.forEach((_, i) => i < parts.length - 1 && setCookie(name, '', 0, '; Domain=.' + parts.slice(i).join('.')));
  }

  function randomId() {
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1)).join('');
  }

  // Withdrawing: clear what the profile lists for the tiers above the new one, its first-party
  // cookies and local storage keys (a third party's are not the page's to reach), a name ending in *
  // standing for every name it starts.
  function clearAbove(tier) {
    const matches = (name, key) => (name.endsWith('*') ? key.startsWith(name.slice(0, -1)) : key === name);
    const names = document.cookie.split('; ').map((c) => c.split('=')[0]);
    CONFIG.clear.forEach((c) => {
      if (level(c.tier) <= level(tier)) return;
      try {
        if (c.storage) Object.keys(localStorage).forEach((key) => matches(c.name, key) && localStorage.removeItem(key));
        else names.forEach((key) => matches(c.name, key) && deleteCookie(key));
      } catch (e) { /* storage blocked */ }
    });
  }

  // --- choosing ----------------------------------------------------------------------------
  // action: what the visitor did, for the proof of consent; a choice made in the banner also
  // confirms itself and takes the keyboard focus along.
  function choose(tier, action) {
    if (level(tier) < 0) throw new Error('privacyConsent: unknown tier ' + tier);
    const previous = current;
    current = { tier, revision: CONFIG.revision, timestamp: Date.now(), id: previous ? previous.id : randomId() };
    setCookie(COOKIE, ['1', level(tier), current.revision, current.timestamp, current.id].join('.'), MAX_AGE);
    if (previous) clearAbove(tier);
    consentMode('update', tier);
    sendLog(previous, action);
    activate();
    closeDialog(!action); // a choice in the banner moves the focus to its confirmation instead
    if (banner) banner.hidden = true;
    if (action) say(t.saved.replace('{tier}', t.tiers[level(tier)]));
    fire(tier, previous);
  }

  // A polite message, focused: that the choice is saved and how to change it (the button that had
  // the focus is gone with the banner, and the focus must not fall back to the top of the page), in
  // the banner's place; or that the settings could not be opened, in the first layer, above its
  // buttons, where that is still shown.
  function say(text) {
    if (banner.hidden) root.append(status);
    else banner.lastChild.before(status);
    status.textContent = text;
    status.hidden = false;
    status.focus();
  }

  // previous: the consent this choice replaces; a lower tier than it is a withdrawal, whatever the
  // visitor clicked. Worked out here, so that a file without the log keeps none of it.
  function sendLog(previous, clicked) {
    if (!WITH_LOG || !CONFIG.log || !navigator.sendBeacon) return;
    const { id, tier, revision, timestamp } = current;
    const action = previous && level(tier) < level(previous.tier) ? 'withdrawal' : clicked || 'api';
    // What proof of consent asks (GDPR Art. 7(1)); no address or other identifier of the visitor.
    const body = JSON.stringify({ id, action, tier, purposes: TIERS.slice(0, level(tier) + 1), revision,
      version: CONFIG.version, language: lang, gpc, timestamp });
    // A string goes as text/plain;charset=UTF-8, which keeps the beacon a simple request: no CORS
    // preflight to the log server.
    navigator.sendBeacon(CONFIG.log, body);
  }

  // The embed page's snippet sets the defaults inline, before any tag, and has Google's tags wait
  // for the banner's update (wait_for_update), as the banner loads async. The banner sets defaults
  // only on a page that has none yet: loaded synchronously before the tags (an earlier snippet), it
  // sets them and the update of a returning visitor before any tag runs, so none need wait.
  function consentMode(command, tier) {
    if (!WITH_CONSENT_MODE || !GRANTS) return; // the constant first: terser then drops the function and its calls
    const layer = window.dataLayer = window.dataLayer || [];
    if (command === 'default' && layer.some((e) => e && e[0] === 'consent' && e[1] === 'default')) return;
    if (typeof window.gtag !== 'function') window.gtag = function () { window.dataLayer.push(arguments); };
    const state = {};
    GRANTS.forEach((names, i) => names.forEach((name) => { state[name] = i <= level(tier) ? 'granted' : 'denied'; }));
    window.gtag('consent', command, state);
  }

  // --- gating: marked scripts and iframes run within the chosen tier, once, in page order -----
  function activate() {
    const allowed = current ? level(current.tier) : 0;
    let chain = Promise.resolve();
    document.querySelectorAll(GATED).forEach((el) => {
      const tier = attr(el, 'data-consent-tier');
      const needed = level(tier);
      if (needed < 0 || needed > allowed) {
        // in the iframe's place, a placeholder (made by the second file) that offers the choice;
        // a tier the banner does not know never runs, and no placeholder names a choice for it
        if (el.tagName === 'IFRAME' && needed > 0) more().then((layer) => layer.placeholder(el, tier, needed), () => {});
        return;
      }
      el.removeAttribute('data-consent-tier'); // never matched again: runs once
      if (el.tagName === 'IFRAME') {
        if (el.consentPlaceholder) el.consentPlaceholder.remove();
        el.hidden = false;
        el.src = attr(el, 'data-src');
      } else {
        chain = chain.then(() => run(el));
      }
    });
  }

  // A script node from innerHTML or type="text/plain" never runs; a fresh node does.
  function run(inert) {
    return new Promise((done) => {
      const fresh = document.createElement('script');
      for (const a of inert.attributes) if (a.name !== 'type') fresh.setAttribute(a.name, a.value);
      if (inert.dataset.type) fresh.type = inert.dataset.type;
      if (inert.src) {
        fresh.async = false;
        fresh.onload = fresh.onerror = done;
      } else {
        fresh.text = inert.text;
      }
      inert.replaceWith(fresh);
      if (!inert.src) done();
    });
  }

  // --- interface, in Shadow DOM: host-page CSS cannot reach in and ours cannot leak out -------
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key.startsWith('aria-') || key === 'role') el.setAttribute(key, value);
      else el[key] = value;
    }
    el.append(...children);
    return el;
  }

  const choice = (label, onclick, className = '') => h('button', { type: 'button', className, onclick }, label);

  // A shadow root's styles, the banner's and the settings layer's: constructable, allowed under a strict
  // style-src policy, or a <style> element in browsers without them (Safari before 16.4).
  const sheets = new Map(); // by CSS text: one for the first layer and every placeholder
  function style(shadow, css) {
    if (!shadow.adoptedStyleSheets) return shadow.append(h('style', { textContent: css }));
    if (!sheets.has(css)) sheets.set(css, new CSSStyleSheet()).get(css).replaceSync(css);
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheets.get(css)];
  }
  function styled(el) {
    const shadow = el.attachShadow({ mode: 'open' });
    style(shadow, CONFIG.css);
    return shadow;
  }

  // The first layer and the status line; the settings layer is in the second file (more).
  function mount() {
    if (host) return;
    host = h('privacy-consent', {}); // an unknown tag: host-page rules for div or section miss it
    root = styled(host);
    banner = h('section', { className: 'banner', hidden: !!current, 'aria-labelledby': 'pc-title', 'aria-describedby': 'pc-text' },
      h('h2', { id: 'pc-title' }, t.title),
      h('p', { id: 'pc-text' }, t.text, ' ', statement()),
      gpc ? h('p', {}, t.gpc) : '',
      h('div', { className: 'buttons' },
        choice(t.acceptAll, () => choose('social', 'accept_all')),
        choice(t.necessaryOnly, () => choose('necessary', 'necessary_only')),
        choice(t.settings, () => open())));
    status = h('p', { className: 'status', role: 'status', tabIndex: -1, hidden: true, onblur: () => { status.hidden = true; } });
    root.append(banner, status);
    place();
    if (!current) preload();
  }

  // First in the page, to be reached early; after a skip link, which must stay the first stop.
  // Placed again once the page is parsed: a banner mounted early may have come before the link.
  function place() {
    const first = document.querySelector('a[href], button, input, select, textarea, [tabindex]');
    if (first && /^#./.test(attr(first, 'href') || '')) {
      if (first.nextSibling !== host) first.after(host);
    } else if (!host.isConnected) {
      document.body.prepend(host);
    }
  }

  // an address relative to the banner's own file, where the statement and the settings file are
  const here = (path) => new URL(path, script && script.src || location.href).href;
  const statement = () => h('a', { href: here(t.statementUrl) }, t.statement);

  // --- the second file: the settings dialog and the placeholders of blocked iframes ----------
  // consent-settings.<digest>.js (CONFIG.settings) makes both. This file loads it from beside
  // itself, checked against CONFIG.integrity, so that a visitor does not wait for either before
  // the first layer: at once for a placeholder, and when the page is idle after the first layer
  // is shown, so that the dialog is there when asked for. A failed fetch is tried again at the
  // next need; an opening meanwhile says so.
  let layers;
  function more() {
    if (!layers) {
      layers = new Promise((resolve, reject) => {
        document.head.append(h('script', {
          src: here(CONFIG.settings), integrity: CONFIG.integrity, crossOrigin: 'anonymous', onerror: reject,
          // what the two files share: the page's language and words, the tier names, the element
          // builders and styles, reading an attribute, and opening, closing and saving the choice
          onload() {
            resolve(this.build(lang, t, TIERS, h, choice, statement, style, styled, attr, open, closeDialog,
              (tier) => choose(tier, 'settings')));
          },
        }));
      });
      layers.catch(() => { layers = null; });
    }
    return layers;
  }
  const preload = () => (window.requestIdleCallback || setTimeout)(() => more().catch(() => {}));

  // The settings layer is modal: focus moves in, Tab stays inside, Escape closes, focus returns.
  function open(tier) {
    mount();
    returnFocus = document.activeElement;
    more().then((layer) => {
      if (!dialog) dialog = layer.dialog(root);
      const radio = root.getElementById('pc-' + (tier || (current ? current.tier : 'necessary')));
      radio.checked = true;
      if (!dialog.open) dialog.showModal();
      radio.focus();
    }, () => say(t.failed));
  }

  function closeDialog(refocus = true) {
    if (!dialog || !dialog.open) return;
    dialog.close();
    if (refocus && returnFocus && returnFocus.isConnected) returnFocus.focus();
  }

  // --- start: Consent Mode defaults, where the page has none yet, before anything else ------
  consentMode('default', 'necessary');
  if (GRANTS && current) consentMode('update', current.tier); // GRANTS first: without Consent Mode no read of current

  window.privacyConsent = {
    get: () => current && Object.assign({}, current),
    set: (tier) => choose(tier),
    open: () => open(),
    reset() {
      const previous = current;
      deleteCookie(COOKIE);
      current = null;
      consentMode('update', 'necessary');
      mount();
      banner.hidden = false;
      fire(null, previous);
    },
  };

  function start() {
    activate();
    if (host) place(); // mounted early: placed again now that the whole page is there
    else if (!current) mount();
    document.addEventListener('click', (event) => {
      if (event.target.closest && event.target.closest(OPENER)) {
        event.preventDefault();
        open();
      }
    });
    // gated scripts and iframes a page adds later (single-page apps, late widgets), in batches
    let queued = false;
    new MutationObserver(() => {
      if (!queued) queued = Promise.resolve().then(() => { queued = false; activate(); });
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  // Loaded async or late in the page, the first layer is shown as soon as there is a body: a long
  // page still arriving does not hold it back. Scripts and iframes are gated once it is all parsed.
  if (!current && document.body) mount();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
