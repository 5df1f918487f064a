"""manifest.json and index.html: what a run made, for scripts and for people.

The page is one offline file (no network, no external script or style): every clip with its
poster, duration and an embed snippet, the joined explainer with its chapters, and links to
the exports. A small script writes each video's duration, as the browser decoded it, into
the page (`data-loaded-duration`), so a lecturer (or a test) sees that every clip plays.

The page's words are said in the render's language (the catalogs of
scenes.toolkit.language). A render of several languages makes one page for all: it opens in
the first, and a switch of buttons says the page in another: each element marked
``data-word`` takes that language's words from the page's table (``#page-words``: language ->
key -> HTML), each element marked ``data-lang-attrs`` its attributes (a video's sources and
poster, a chapter's start, an explorer's link with ``?lang=CODE``), and every video offers one
captions track per language, the page's language ``default``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from explainer.pipeline.formats import EXPORTS
from scenes.toolkit.language import DEFAULT as DEFAULT_LANGUAGE
from scenes.toolkit.language import N_, _, ngettext, own_name, pgettext, speaking, translate


def fmt_duration(seconds: float) -> str:
    seconds = max(0.0, float(seconds))
    m, s = divmod(seconds, 60)
    return f"{int(m)}:{s:04.1f}"


def manifest_text(manifest: dict) -> str:
    return json.dumps(manifest, indent=2, sort_keys=False) + "\n"


CSS = """
body { background: #101418; color: #E8ECF1; font: 16px/1.5 system-ui, sans-serif;
       margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.2em; margin: 0 0 6px; }
.meta { color: #8A94A6; font-size: 0.9em; }
video { width: 100%; background: #000; border-radius: 6px; }
.clip { border-top: 1px solid #2a3038; padding: 18px 0; display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 18px; }
pre { background: #1b2129; padding: 8px; border-radius: 4px; white-space: pre-wrap;
      word-break: break-all; font-size: 0.8em; margin: 6px 0; }
a { color: #58C4DD; } button { cursor: pointer; }
ol.chapters a { cursor: pointer; }
.failed { color: #FC6255; }
.explorer { grid-column: 1 / -1; }
.explorer iframe { width: 100%; height: 880px; border: 1px solid #2a3038; border-radius: 6px; }
video::cue { background: rgba(16, 20, 24, 0.8); }
video::cue(:future) { color: #8A94A6; }
.said { min-height: 3em; margin: 6px 0; font-size: 1.05em; }
.said span { color: #8A94A6; } .said span.past { color: #E8ECF1; }
.said span.now { color: #101418; background: #FFFF00; border-radius: 3px; }
nav.languages { margin: 8px 0 0; } nav.languages button { margin-right: 6px; }
nav.languages button[aria-pressed="true"] { font-weight: bold; }
"""

SCRIPT = """
const WORDS = JSON.parse(document.getElementById('page-words').textContent);
const said = () => WORDS[document.documentElement.lang] || Object.values(WORDS)[0];
for (const v of document.querySelectorAll('video')) {
  const show = () => {
    v.dataset.loadedDuration = v.duration.toFixed(3);
    const out = document.getElementById(v.id + '-loaded');
    const w = said();
    if (out) {
      out.textContent = w.plays.replace('{seconds}', v.duration.toFixed(2).replace('.', w.decimal));
    }
  };
  v.addEventListener('loadedmetadata', show);
  if (v.readyState >= 1) show();
  v.addEventListener('error', () => { v.dataset.loadError = String(v.error && v.error.code); });
}
// With a voice, the captions carry the time of each word: under a narrated video the
// phrase being said is written out, the word being said marked, as it is said.
// The cues come embedded in the page (a page opened from disk may not load its tracks).
for (const out of document.querySelectorAll('[data-said]')) {
  const v = document.getElementById(out.dataset.said);
  const all = JSON.parse(document.getElementById(out.id + '-cues').textContent);
  let shown = null;
  const show = () => {
    const cues = Array.isArray(all) ? all : (all[document.documentElement.lang] || []);
    const t = v.currentTime;
    let cue = null;
    for (const c of cues) { if (c[0] <= t && t < c[1]) cue = c; }
    if (cue !== shown) {
      out.replaceChildren();
      for (const [w, at] of cue ? cue[2] : []) {
        const span = document.createElement('span');
        span.textContent = w; span.dataset.at = at;
        out.append(span, ' ');
      }
      shown = cue;
    }
    const spans = [...out.querySelectorAll('span')];
    let now = -1;
    spans.forEach((s, k) => { if (parseFloat(s.dataset.at) <= t + 1e-3) now = k; });
    spans.forEach((s, k) => {
      s.classList.toggle('past', k < now); s.classList.toggle('now', k === now);
    });
    // an explorer that follows this video shows the same words
    v.dispatchEvent(new CustomEvent('mlp-said', {
      detail: { words: spans.map((s) => s.textContent), now } }));
  };
  for (const ev of ['timeupdate', 'seeked', 'loadedmetadata']) v.addEventListener(ev, show);
  const loop = () => { show(); if (!v.paused && !v.ended) requestAnimationFrame(loop); };
  v.addEventListener('play', () => requestAnimationFrame(loop));
  show();
}
for (const a of document.querySelectorAll('[data-seek]')) {
  a.addEventListener('click', () => {
    const v = document.getElementById('explainer');
    v.currentTime = parseFloat(a.dataset.seek); v.play();
  });
}
// An explorer follows its video: the clip's recorded track maps video time (less the
// chapter's start in the joined explainer) to trace position.
function posAt(samples, t) {
  if (t <= samples[0][0]) return samples[0][1];
  for (let k = 1; k < samples.length; k++) {
    const [t1, p1] = samples[k];
    if (t <= t1) {
      const [t0, p0] = samples[k - 1];
      return t1 > t0 ? p0 + (p1 - p0) * (t - t0) / (t1 - t0) : p1;
    }
  }
  return samples[samples.length - 1][1];
}
function timeOf(samples, pos) {  // the first moment the clip shows that position
  let best = samples[0][0], gap = Infinity;
  for (let k = 1; k < samples.length; k++) {
    const [t0, p0] = samples[k - 1], [t1, p1] = samples[k];
    if ((p0 - pos) * (p1 - pos) <= 0) {
      return p1 === p0 ? t0 : t0 + (pos - p0) / (p1 - p0) * (t1 - t0);
    }
    for (const [t, p] of [[t0, p0], [t1, p1]]) {
      if (Math.abs(p - pos) < gap) { gap = Math.abs(p - pos); best = t; }
    }
  }
  return best;
}
for (const a of document.querySelectorAll('a[data-explore]')) {
  const video = document.getElementById(a.dataset.video);
  const box = document.getElementById(a.dataset.explore);
  // the track, the chapter's span and the page's link change with the page's language
  let samples = [], start = 0, end = Infinity;
  const read = () => {
    samples = JSON.parse(document.getElementById(a.dataset.timeline).textContent);
    start = parseFloat(a.dataset.start || '0');
    end = a.dataset.end ? parseFloat(a.dataset.end) : Infinity;
  };
  read();
  let frame = null;
  a.addEventListener('mlp-language', () => {
    read();
    if (frame) frame.src = a.getAttribute('href');
  });
  const send = () => {
    if (!frame || !frame.contentWindow || !samples.length) return;
    const t = video.currentTime;
    if (t < start || t > end) return;
    const pos = posAt(samples, t - start);
    frame.contentWindow.postMessage({ type: 'mlp-explainer:seek', pos }, '*');
  };
  const loop = () => { send(); if (!video.paused && !video.ended) requestAnimationFrame(loop); };
  a.addEventListener('click', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = said().explorer.replace('{title}', a.dataset.title);
      frame.addEventListener('load', () => { box.dataset.loaded = '1'; send(); });
      frame.src = a.getAttribute('href');
      box.appendChild(frame);
    }
    box.hidden = !box.hidden;
  });
  for (const ev of ['timeupdate', 'seeked', 'loadedmetadata']) video.addEventListener(ev, send);
  video.addEventListener('mlp-said', (ev) => {
    if (!frame || !frame.contentWindow) return;
    const t = video.currentTime;
    const words = (t < start || t > end) ? [] : ev.detail.words;
    frame.contentWindow.postMessage(
      { type: 'mlp-explainer:said', words, now: ev.detail.now }, '*');
  });
  video.addEventListener('play', () => requestAnimationFrame(loop));
  window.addEventListener('message', (ev) => {
    const m = ev.data;
    if (!frame || ev.source !== frame.contentWindow || !samples.length) return;
    if (!m || m.type !== 'mlp-explainer:step') return;
    video.currentTime = start + timeOf(samples, m.pos);
  });
}
for (const b of document.querySelectorAll('button[data-copy]')) {
  b.addEventListener('click', () => {
    navigator.clipboard.writeText(document.getElementById(b.dataset.copy).textContent);
    b.textContent = said().copied;
  });
}
// The language switch: the page's words, each video's clip and captions, the explorers'
// links, in the language chosen (?lang=CODE opens the page in it).
function speak(lang) {
  const w = WORDS[lang];
  if (!w) return;
  document.documentElement.lang = lang;
  document.title = w['page-title'];
  for (const el of document.querySelectorAll('[data-word]')) {
    if (w[el.dataset.word] !== undefined) el.innerHTML = w[el.dataset.word];
  }
  for (const el of document.querySelectorAll('[data-lang-attrs]')) {
    const attrs = JSON.parse(el.dataset.langAttrs)[lang] || {};
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  }
  for (const v of document.querySelectorAll('video')) {
    const src = [...v.querySelectorAll('source')].map((s) => s.getAttribute('src')).join(' ');
    if (v.dataset.playing !== undefined && v.dataset.playing !== src) {
      delete v.dataset.loadedDuration;
      v.load();
    }
    v.dataset.playing = src;
    const on = [...v.textTracks].some((t) => t.mode === 'showing');
    for (const t of v.textTracks) {
      t.mode = t.language === lang ? (on ? 'showing' : 'hidden') : 'disabled';
    }
  }
  for (const a of document.querySelectorAll('a[data-explore]')) {
    a.dispatchEvent(new CustomEvent('mlp-language'));
  }
  for (const b of document.querySelectorAll('button[data-lang]')) {
    b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  }
}
for (const b of document.querySelectorAll('button[data-lang]')) {
  b.addEventListener('click', () => speak(b.dataset.lang));
}
for (const v of document.querySelectorAll('video')) {
  v.dataset.playing = [...v.querySelectorAll('source')].map((s) => s.getAttribute('src')).join(' ');
}
const asked = new URLSearchParams(location.search).get('lang');
if (asked && asked !== document.documentElement.lang) speak(asked);
"""


# The page's words, for the catalogs (each said in the page's language where it is used).
LINK_LABELS = {"poster": N_("poster png"), "mov": N_("transparent mov"),
               "webm-alpha": N_("transparent webm"), "srt": N_("subtitles")}


def _said(vid: str, vtts: dict[str, str | None], out: Path | None) -> str:
    """Under a narrated video: the phrase being said, its words marked as they are said
    (the cues of its word-timed WebVTT, ``vtts[language]`` in the folder ``out``, in the
    page; one language: its list of cues, several: language -> cues)."""
    from explainer.pipeline.media import vtt_said

    found = {code: vtt_said((out / vtt).read_text(encoding="utf-8"))
             for code, vtt in vtts.items()
             if vtt and out is not None and (out / vtt).is_file()}
    if not found:
        return ""
    cues = found if len(vtts) > 1 else next(iter(found.values()))
    text = json.dumps(cues).replace("</", "<\\/")
    return (f'<p class="said" data-said="{vid}" id="{vid}-said" aria-live="off"></p>'
            f'<script type="application/json" id="{vid}-said-cues">{text}</script>')


def _lang_attrs(values: dict[str, dict[str, str]]) -> str:
    """The attribute that gives an element other attributes in each language (none when
    they are the same in every language)."""
    if len(values) < 2 or len({json.dumps(v, sort_keys=True) for v in values.values()}) < 2:
        return ""
    return f' data-lang-attrs="{html.escape(json.dumps(values, ensure_ascii=False))}"'


def _video_tag(*, vid: str, mp4: str, poster: str | None, webm: str | None,
               vtt: str | None, tracks: list[tuple[str, str]] | None = None,
               language: str = DEFAULT_LANGUAGE,
               by_language: dict[str, dict[str, str | None]] | None = None) -> str:
    """A <video> of the mp4 (and webm) with its poster and one captions track per language
    (``tracks``: (language, .vtt); without them, ``vtt`` in ``language``), the page's
    language the default; ``by_language``: language -> its mp4, webm and poster."""
    e = html.escape
    by_language = by_language or {}
    attrs = f'id="{vid}" controls preload="metadata" playsinline'
    if poster:
        attrs += f' poster="{e(poster)}"'
    attrs += _lang_attrs({c: {"poster": f["poster"]} for c, f in by_language.items()
                          if f.get("poster")} if all(f.get("poster")
                                                     for f in by_language.values()) else {})
    sources = ""
    if webm:
        sources += (f'<source src="{e(webm)}" type="video/webm"'
                    + _lang_attrs({c: {"src": f["webm"]} for c, f in by_language.items()
                                   if f.get("webm")}) + ">")
    sources += (f'<source src="{e(mp4)}" type="video/mp4"'
                + _lang_attrs({c: {"src": f["mp4"]} for c, f in by_language.items()}) + ">")
    if tracks is None:
        tracks = [(language, vtt)] if vtt else []
    track = "".join(
        f'<track kind="captions" src="{e(path)}" srclang="{e(code)}" '
        f'label="{e(own_name(code))}"' + (" default" if code == language else "") + ">"
        for code, path in tracks)
    return f"<video {attrs}>{sources}{track}</video>"


def embed_snippet(clip: dict, prefix: str = "mlp-explainer/") -> str:
    """HTML to paste into slides or a course page (paths relative to where the folder goes)."""
    poster = clip["exports"].get("poster")
    attrs = f'src="{prefix}{clip["file"]}"'
    if poster:
        attrs += f' poster="{prefix}{poster["file"]}"'
    return (f'<video {attrs} width="{clip["width"]}" height="{clip["height"]}" '
            f'controls playsinline preload="metadata"></video>')


def _explore_href(explore: dict, language: str | None) -> str:
    """The explorer page of a clip, in ``language`` (``?lang=CODE``) when the page has
    several or is not in English."""
    return explore["file"] + (f"?lang={language}" if language else "")


def _explore_link(explore: dict, title: str, *, video: str, box: str, timeline: str,
                  start: float | None = None, end: float | None = None,
                  language: str | None = None, hint: str | None = None,
                  label: str | None = None, attrs: str = "") -> str:
    """The "Explore" link: opens the explorer page in ``box`` under ``video``, driven by the
    clip's track (the JSON element ``timeline``) from ``start`` to ``end`` of the video."""
    e = html.escape
    span = (f' data-start="{start}" data-end="{end}"' if start is not None else "")
    hint = hint or "the trace this chapter plays, explorable; it follows the video"
    return (f'<a href="{e(_explore_href(explore, language))}" data-explore="{box}" '
            f'data-video="{video}" data-timeline="{timeline}"{span} data-title="{e(title)}" '
            f'title="{e(hint)}"{attrs}><span data-word="explore">{e(label or "Explore")}'
            f"</span></a>")


def _explore_of(chapter: dict, clips: list[dict]) -> tuple[int, dict] | None:
    """The clip (index, entry) of a joined chapter, when it has an explorer."""
    for k, clip in enumerate(clips):
        if clip["scene"] == chapter.get("scene") and clip.get("explore"):
            return k, clip
    return None


def _sections(manifest: dict) -> tuple[list[str], dict[str, dict]]:
    """The page's languages (the first its default) and each one's part of the manifest:
    its title, clips, joined explainer and deck."""
    languages = list(manifest.get("languages") or [DEFAULT_LANGUAGE])
    if "by_language" in manifest:
        return languages, {c: manifest["by_language"][c] for c in languages}
    return languages[:1], {languages[0]: manifest}


def _clip_of(section: dict, scene: str) -> dict | None:
    return next((c for c in section["clips"] if c["scene"] == scene), None)


def _links(clip: dict) -> str:
    """A clip's downloads: the videos first, then the poster and the subtitles."""
    e = html.escape
    ex = clip["exports"]
    links = [f'<a href="{e(clip["file"])}">mp4</a>']
    exports = sorted(EXPORTS.values(), key=lambda f: f.always)
    for name, label in [(f.name, f.label) for f in exports] + [("srt", "subtitles")]:
        if name in ex:
            links.append(f'<a href="{e(ex[name]["file"])}">'
                         f'{e(translate(LINK_LABELS.get(name, label)))}</a>')
    return " &middot; ".join(links)


def _words(manifest: dict, section: dict, skeleton: list[dict], several: bool,
           failed: list[dict]) -> dict[str, str]:
    """Every word of the page in the current language (scenes.toolkit.language.speaking):
    key -> HTML (plain text for "page-title", "plays", "decimal", "copied", "explorer",
    "switch" and "hint")."""
    e = html.escape
    n = len(section["clips"])
    words = {
        "page-title": section["title"],
        "title": e(section["title"]),
        "summary": e(ngettext(
            "{n} clip, {width}x{height} at {fps} fps, rendered with Manim {manim}.",
            "{n} clips, {width}x{height} at {fps} fps, rendered with Manim {manim}.",
            n).format(n=n, width=manifest["width"], height=manifest["height"],
                      fps=f'{manifest["fps"]:g}', manim=manifest["manim"])),
        "embed-note": e(_("The embed snippets expect this folder copied as {folder} beside "
                          "the page you paste them into.")).replace(
            "{folder}", "<code>mlp-explainer/</code>"),
        "whole": e(_("The whole explainer")),
        "explore": e(_("Explore")),
        "plays": _("plays: {seconds} s"),
        "decimal": pgettext("number format", "."),
        "copy": e(_("copy embed snippet")),
        "copied": _("copied"),
        "explorer": _("explorer: {title}"),
    }
    joined = section.get("explainer")
    if joined:
        links = f'<a href="{e(joined["file"])}">mp4</a>'
        if joined.get("srt"):
            links += f' &middot; <a href="{e(joined["srt"])}">{e(_("subtitles (.srt)"))}</a>'
        words["explainer-meta"] = f'{fmt_duration(joined["duration"])}'
        words["explainer-links"] = links
        for k, chapter in enumerate(joined["chapters"]):
            words[f"chapter-{k}"] = e(chapter["title"])
            words[f"chapter-{k}-at"] = fmt_duration(chapter["start"])
    for k, base in enumerate(skeleton):
        clip = _clip_of(section, base["scene"]) or base
        vid = f"clip-{k + 1}"
        words[f"{vid}-heading"] = f'{clip["chapter"]}. {e(clip["title"])}'
        words[f"{vid}-duration"] = fmt_duration(clip["duration"])
        words[f"{vid}-links"] = _links(clip)
        words[f"{vid}-embed"] = e(embed_snippet(clip))
    for k, fail in enumerate(failed):
        words[f"failed-{k}"] = e(_("{scene} failed: {error}").format(scene=fail["scene"],
                                                                      error=fail["error"]))
    slides = section.get("slides")
    if slides:
        links = [f'<a href="{e(slides["html"])}">{e(_("deck (HTML, speaker notes on S)"))}</a>']
        links += [f'<a href="{e(slides[fmt])}">{e(label)}</a>'
                  for fmt, label in (("pdf", "PDF"), ("pptx", "PowerPoint")) if slides.get(fmt)]
        words["slides"] = e(_("Slides:")) + " " + " &middot; ".join(links)
    words["switch"] = _("Language")
    words["hint"] = _("the trace this chapter plays, explorable; it follows the video")
    return words


def _say(tag: str, key: str, words: dict[str, str], attrs: str = "") -> str:
    """An element that says ``key`` of the page's words (in its default language)."""
    return f'<{tag} data-word="{key}"{attrs}>{words[key]}</{tag}>'


def index_html(manifest: dict, out: Path | None = None) -> str:
    """The offline page for a manifest (paths relative to the output folder ``out``, where
    a narrated clip's word-timed subtitles are read from): in the manifest's language, or,
    for a render of several, in all of them with a switch (the first the default)."""
    e = html.escape
    languages, sections = _sections(manifest)
    default = languages[0]
    several = len(languages) > 1
    skeleton = manifest["clips"]  # the chapters, as the page's language has them
    failed = manifest.get("failed", [])
    words = {}
    for code in languages:
        with speaking(code):
            words[code] = _words(manifest, sections[code], skeleton, several, failed)
            if several:
                words[code]["name"] = own_name(code)
    say = words[default]
    table = json.dumps(words, ensure_ascii=False).replace("</", "<\\/")

    def per_language(make) -> dict[str, dict[str, str]]:
        return {code: make(code) for code in languages}

    parts = [
        "<!DOCTYPE html>", f'<html lang="{e(default)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(say['page-title'])}</title><style>{CSS}</style></head><body>",
        _say("h1", "title", say),
    ]
    if several:
        buttons = "".join(
            f'<button type="button" data-lang="{e(c)}" lang="{e(c)}" '
            f'aria-pressed="{str(c == default).lower()}">{e(words[c]["name"])}</button>'
            for c in languages)
        parts.append(f'<nav class="languages" aria-label="{e(say["switch"])}"'
                     + _lang_attrs(per_language(lambda c: {"aria-label": words[c]["switch"]}))
                     + f">{buttons}</nav>")
    parts += [
        f'<p class="meta"><span data-word="summary">{say["summary"]}</span> '
        '<a href="manifest.json">manifest.json</a></p>',
        _say("p", "embed-note", say, ' class="meta"'),
    ]

    def tracks(files) -> list[tuple[str, str]]:
        return [(c, f) for c, f in ((c, files(c)) for c in languages) if f]

    def explore_attrs(explore_of, extra=None) -> str:
        def attrs(c):
            found = explore_of(c)
            if not found:
                return {}
            a = {"href": _explore_href(found, c if several or c != DEFAULT_LANGUAGE else None),
                 "title": words[c].get("hint") or ""}
            a.update(extra(c) if extra else {})
            return a
        return _lang_attrs(per_language(attrs))

    joined = manifest.get("explainer")
    if joined:
        joined_of = {c: sections[c].get("explainer") or joined for c in languages}
        first_poster = skeleton[0]["exports"].get("poster", {}).get("file")
        # each language's explainer opens on its own first clip's poster (its words)
        posters = {c: ((_clip_of(sections[c], skeleton[0]["scene"]) or skeleton[0])
                       ["exports"].get("poster", {}).get("file")) for c in languages}
        parts += [
            '<section class="clip" style="grid-template-columns: 1fr">',
            "<div>" + _say("h2", "whole", say),
            _video_tag(vid="explainer", mp4=joined["file"], webm=None, vtt=joined.get("vtt"),
                       poster=first_poster, language=default,
                       tracks=tracks(lambda c: joined_of[c].get("vtt")),
                       by_language={c: {"mp4": joined_of[c]["file"],
                                        **({"poster": posters[c]} if posters[c] else {})}
                                    for c in languages}),
            _said("explainer", {c: joined_of[c].get("vtt") if joined_of[c].get("words")
                                else None for c in languages}, out),
            f'<p class="meta">{_say("span", "explainer-meta", say)} &middot; '
            f'<span id="explainer-loaded"></span> &middot; '
            f'{_say("span", "explainer-links", say)}</p>',
        ]
        items = []
        for k, chapter in enumerate(joined["chapters"]):
            starts = per_language(lambda c, k=k: {"data-seek": str(
                joined_of[c]["chapters"][k]["start"])} if k < len(joined_of[c]["chapters"])
                else {})
            item = (f'<li><a data-seek="{chapter["start"]}"{_lang_attrs(starts)}>'
                    f'<span data-word="chapter-{k}">{say[f"chapter-{k}"]}</span></a> '
                    + _say("span", f"chapter-{k}-at", say, ' class="meta"'))
            found = _explore_of(chapter, skeleton)
            if found:
                j, clip = found

                scene = chapter.get("scene")

                def chapter_explore(c, scene=scene):
                    mine = _clip_of(sections[c], scene) or {}
                    return mine.get("explore")

                def span(c, k=k, j=j, chapter=chapter):
                    ch = joined_of[c]["chapters"][k] if k < len(joined_of[c]["chapters"]) \
                        else chapter
                    return {"data-start": str(ch["start"]), "data-end": str(ch["end"]),
                            "data-timeline": f"clip-{j + 1}-timeline"
                                             + (f"-{c}" if several else "")}

                item += " &middot; " + _explore_link(
                    clip["explore"], chapter["title"], video="explainer",
                    box=f"explainer-explorer-{k}",
                    timeline=f"clip-{j + 1}-timeline" + (f"-{default}" if several else ""),
                    start=chapter["start"], end=chapter["end"],
                    language=default if several or default != DEFAULT_LANGUAGE else None,
                    hint=say.get("hint"), label=say["explore"],
                    attrs=explore_attrs(chapter_explore, span))
            items.append(item + "</li>")
        parts += [
            '<ol class="chapters">' + "".join(items) + "</ol>"
            + "".join(f'<div class="explorer" id="explainer-explorer-{k}" hidden></div>'
                      for k, c in enumerate(joined["chapters"]) if _explore_of(c, skeleton))
            + "</div></section>",
        ]
    for k, clip in enumerate(skeleton):
        ex = clip["exports"]
        vid = f"clip-{k + 1}"
        mine = {c: _clip_of(sections[c], clip["scene"]) or clip for c in languages}
        explore = clip.get("explore")
        link = ""
        if explore:
            link = " &middot; " + _explore_link(
                explore, clip["title"], video=vid, box=f"{vid}-explorer",
                timeline=f"{vid}-timeline" + (f"-{default}" if several else ""),
                language=default if several or default != DEFAULT_LANGUAGE else None,
                hint=say.get("hint"), label=say["explore"],
                attrs=explore_attrs(lambda c, m=mine: m[c].get("explore"),
                                    lambda c, vid=vid: {"data-timeline": f"{vid}-timeline-{c}"}
                                    if several else {}))
        parts += [
            '<section class="clip">',
            "<div>" + _video_tag(
                vid=vid, mp4=clip["file"], poster=ex.get("poster", {}).get("file"),
                webm=ex.get("webm", {}).get("file"), vtt=ex.get("vtt", {}).get("file"),
                language=default,
                tracks=tracks(lambda c, m=mine: m[c]["exports"].get("vtt", {}).get("file")),
                by_language={c: {"mp4": m["file"],
                                 "webm": m["exports"].get("webm", {}).get("file"),
                                 "poster": m["exports"].get("poster", {}).get("file")}
                             for c, m in mine.items()})
            + _said(vid, {c: m["exports"].get("vtt", {}).get("file") if "words" in m["exports"]
                          else None for c, m in mine.items()}, out)
            + "</div>",
            "<div>" + _say("h2", f"{vid}-heading", say),
            f'<p class="meta">{e(clip["scene"])} &middot; '
            f'<span class="duration" data-word="{vid}-duration">{say[f"{vid}-duration"]}</span>'
            f' &middot; {clip["width"]}x{clip["height"]}, {clip["fps"]:g} fps &middot; '
            f'<span id="{vid}-loaded"></span></p>',
            f'<p>{_say("span", f"{vid}-links", say)}{link}</p>',
            _say("pre", f"{vid}-embed", say, f' id="{vid}-embed"'),
            f'<button data-copy="{vid}-embed" data-word="copy">{say["copy"]}</button>',
            "</div>",
        ]
        if explore:
            parts.append(f'<div class="explorer" id="{vid}-explorer" hidden></div>')
            for c, m in mine.items() if several else [(default, clip)]:
                samples = json.dumps((m.get("explore") or {}).get("samples", [])).replace(
                    "</", "<\\/")
                name = f"{vid}-timeline" + (f"-{c}" if several else "")
                parts.append(f'<script type="application/json" id="{name}">{samples}</script>')
        parts.append("</section>")
    for k, _fail in enumerate(failed):
        parts.append(_say("p", f"failed-{k}", say, ' class="failed"'))
    if "slides" in say:
        parts.append(_say("p", "slides", say))
    parts += [f'<script type="application/json" id="page-words">{table}</script>',
              f"<script>{SCRIPT}</script>", "</body></html>", ""]
    return "\n".join(parts)
