// privgen consent settings: the banner's second file. It makes the settings dialog (the three
// cumulative tiers, each with what it is for and its cookies) and the placeholders of blocked
// iframes, which open that dialog. consent.js loads it, pinned by its integrity hash, when either
// is needed, and calls the function it leaves on its own script element. The build fills in
// CONFIG: per language the dialog's and the placeholders' words and each tier's description and
// cookies (the tiers' labels are in consent.js, which names them too), and the CSS of both.
(() => {
  'use strict';
  const CONFIG = /*privgen:config*/{"strings": {}, "css": ""}/*privgen:end*/;

  // From consent.js: lang and t, the page's language and the first layer's words; TIERS, the tier
  // names in order; h, choice and statement, its element builders; style and styled, which add CSS
  // to a shadow root and make one with the banner's; attr, reading an attribute as the page had it
  // when the banner loaded; open, close and save, opening the dialog at a tier, closing it (focus
  // back where it was) and making the choice of a tier.
  document.currentScript.build = (lang, t, TIERS, h, choice, statement, style, styled, attr, open, close, save) => {
    const words = CONFIG.strings[lang];

    // The modal dialog, in the banner's shadow root: focus moves in, Tab stays inside, Escape
    // closes, focus returns.
    function dialog(root) {
      style(root, CONFIG.css);
      const made = h('dialog', { 'aria-labelledby': 'pc-dialog-title', onkeydown: trapFocus, oncancel: (e) => { e.preventDefault(); close(); } },
        choice(words.close, () => close(), 'close'),
        h('h2', { id: 'pc-dialog-title' }, words.title),
        h('fieldset', {}, h('legend', {}, words.choose), ...TIERS.map(tierOption)),
        h('p', {}, statement()),
        choice(words.save, () => save(made.querySelector('input:checked').value), 'save'));
      root.append(made);
      return made;
    }

    function trapFocus(event) {
      if (event.key !== 'Tab') return;
      const stops = [...this.querySelectorAll('button, a, input:checked')];
      const edge = event.shiftKey ? stops[0] : stops[stops.length - 1];
      if (this.getRootNode().activeElement === edge) {
        (event.shiftKey ? stops[stops.length - 1] : stops[0]).focus();
        event.preventDefault();
      }
    }

    function tierOption(tier, i) {
      const data = words.tiers[i];
      const id = 'pc-' + tier;
      return h('div', { className: 'tier' },
        h('input', { type: 'radio', name: 'pc-tier', value: tier, id, 'aria-describedby': id + '-about' }),
        h('label', { htmlFor: id }, t.tiers[i]),
        h('div', { className: 'about', id: id + '-about' },
          h('p', {}, data.about),
          data.cookies.length ? h('ul', {}, ...data.cookies.map((c) => h('li', {}, c))) : ''));
    }

    // In the iframe's place and size, saying whose content it is and what allowing it means; its
    // button opens the choice, with that tier (the i-th) selected, rather than granting it unseen.
    // Styled through the CSS object model, which a strict style-src policy allows. Not where the
    // iframe has been let through meanwhile: that took its data-consent-tier away.
    function placeholder(frame, tier, i) {
      if (frame.consentPlaceholder || attr(frame, 'data-consent-tier') === null) return;
      let provider;
      try { provider = new URL(attr(frame, 'data-src'), location.href).hostname.replace(/^www\./, ''); } catch (e) { provider = '?'; }
      const text = words.blocked.replace('{provider}', attr(frame, 'data-consent-provider') || provider)
        .replace('{tier}', t.tiers[i]);
      const box = frame.consentPlaceholder = h('privacy-consent-frame', { role: 'group', 'aria-label': frame.title || text });
      const inner = h('div', { className: 'placeholder' }, h('p', {}, text), choice(words.load, () => open(tier)));
      const shadow = styled(box);
      style(shadow, CONFIG.css);
      shadow.append(inner);
      // the iframe's width and shape (16:9 where it gives none), set inside: :host resets the outside
      const width = +attr(frame, 'width');
      if (width) {
        inner.style.width = width + 'px';
        box.className = 'sized'; // :host(.sized) is as wide as the iframe, not the page
      }
      inner.style.aspectRatio = width && +attr(frame, 'height') ? width + '/' + attr(frame, 'height') : '16/9';
      frame.hidden = true;
      frame.before(box);
    }

    return { dialog, placeholder };
  };
})();
