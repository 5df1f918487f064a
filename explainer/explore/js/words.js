  // ------------------------------------------------------------------ words
  // The page's words in its language: ?lang=CODE in its URL, else the one it was written in
  // (mlp-explainer explore --language); an unknown code is the latter. English is the
  // source: every string the page shows is written in English and marked tr("...") (named
  // placeholders {name} filled from an object; trh("...") for markup, its words escaped) or ntr("{n} point", "{n} points", n) (words
  // that follow a count), with literal strings only: scripts/messages.py lists them in
  // locale/messages.pot. The template's words are its elements marked data-t, its titles and
  // aria-labels. Each language's translations come embedded (D.words, from its catalog), with
  // its plural forms and how it writes numbers.
  const WORDS = D.words || { default: 'en', languages: {} };
  const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const LANG = (() => {
    const asked = new URLSearchParams(location.search).get('lang');
    return asked && (asked === 'en' || own(WORDS.languages, asked)) ? asked : WORDS.default;
  })();
  const SPEAK = own(WORDS.languages, LANG) ? WORDS.languages[LANG] : null;  // null: English
  document.documentElement.lang = LANG;
  function fill(text, values) {
    return values ? text.replace(/\{(\w+)\}/g, (m, k) => (own(values, k) ? String(values[k]) : m)) : text;
  }
  // msgid in the page's language (English when its catalog lacks it)
  function lookup(msgid) {
    const v = SPEAK && own(SPEAK.words, msgid) ? SPEAK.words[msgid] : null;
    return typeof v === 'string' ? v : Array.isArray(v) ? v[0] : msgid;
  }
  function tr(msgid, values) { return fill(lookup(msgid), values); }
  // for markup: the words escaped, the values (markup) put in as they are
  const esc = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  function trh(msgid, values) { return fill(esc(lookup(msgid)), values); }
  // the form of singular/plural that count n takes (the catalog's Plural-Forms, as a table
  // of the counts 0..199; from 100 on a count takes the form of 100 + n % 100); {n} is the
  // count with the language's thousands separators unless values say otherwise
  function ntr(singular, plural, n, values) {
    const v = SPEAK && own(SPEAK.words, singular) ? SPEAK.words[singular] : null;
    let text = n === 1 ? singular : plural;
    if (Array.isArray(v)) {
      const c = Math.floor(Math.abs(n)), table = SPEAK.plural;
      const form = v[table[c < table.length ? c : 100 + (c % 100)]];
      if (form) text = form;
    }
    return fill(text, { n: grouped(n), ...values });
  }
  // numbers in the page's language: an English-formatted number ("1,234.5") with its
  // separators, a fixed number of decimals, a count, a percentage ("99.5%", "99,5 %")
  const NUM = SPEAK ? SPEAK.number : { ',': ',', '.': '.', '%': '{number}%' };
  function num(text) { return String(text).replace(/[.,]/g, (c) => NUM[c]); }
  function dec(v, digits) { return num(v.toFixed(digits)); }
  function grouped(v) { return num(Number(v).toLocaleString('en-US', { maximumFractionDigits: 20 })); }
  function percent(digits) { return NUM['%'].replace('{number}', digits); }
  // between the numbers of a list: "; " where the decimal separator is a comma
  const LIST = NUM['.'] === ',' ? '; ' : ', ';
  // clauses of a note one after another ("a; b; c"), and a head with its detail ("a: b"), as
  // the language punctuates them
  function clauses(parts) { return parts.reduce((a, b) => tr('{first}; {second}', { first: a, second: b })); }
  function detail(head, more) { return tr('{head}: {detail}', { head, detail: more }); }
  // the template's words: each element marked data-t, each title and aria-label
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = lookup(el.textContent.trim().replace(/\s+/g, ' '));
  for (const el of document.querySelectorAll('[title]')) el.title = lookup(el.title);
  for (const el of document.querySelectorAll('[aria-label]')) el.setAttribute('aria-label', lookup(el.getAttribute('aria-label')));
  for (const o of document.querySelectorAll('#speed option')) o.textContent = num(o.textContent);
