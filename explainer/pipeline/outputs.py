"""manifest.json and index.html: what a run made, for scripts and for people.

The page is one offline file (no network, no external script or style): every clip with its
poster, duration and an embed snippet, the joined explainer with its chapters, and links to
the exports. A small script writes each video's duration, as the browser decoded it, into
the page (`data-loaded-duration`), so a lecturer (or a test) sees that every clip plays.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from explainer.pipeline.formats import EXPORTS


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
"""

SCRIPT = """
for (const v of document.querySelectorAll('video')) {
  const show = () => {
    v.dataset.loadedDuration = v.duration.toFixed(3);
    const out = document.getElementById(v.id + '-loaded');
    if (out) out.textContent = 'plays: ' + v.duration.toFixed(2) + ' s';
  };
  if (v.readyState >= 1) show(); else v.addEventListener('loadedmetadata', show);
  v.addEventListener('error', () => { v.dataset.loadError = String(v.error && v.error.code); });
}
// With a voice, the captions carry the time of each word: under a narrated video the
// phrase being said is written out, the word being said marked, as it is said.
// The cues come embedded in the page (a page opened from disk may not load its tracks).
for (const out of document.querySelectorAll('[data-said]')) {
  const v = document.getElementById(out.dataset.said);
  const cues = JSON.parse(document.getElementById(out.id + '-cues').textContent);
  let shown = null;
  const show = () => {
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
  const samples = JSON.parse(
    document.getElementById(a.dataset.timeline).textContent);
  const start = parseFloat(a.dataset.start || '0');
  const end = a.dataset.end ? parseFloat(a.dataset.end) : Infinity;
  let frame = null;
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
      frame.title = 'explorer: ' + a.dataset.title;
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
    b.textContent = 'copied';
  });
}
"""


def _said(vid: str, vtt: str | None, out: Path | None) -> str:
    """Under a narrated video: the phrase being said, its words marked as they are said
    (the cues of its word-timed WebVTT, ``vtt`` in the folder ``out``, in the page)."""
    from explainer.pipeline.media import vtt_said

    if not vtt or out is None or not (out / vtt).is_file():
        return ""
    cues = json.dumps(vtt_said((out / vtt).read_text(encoding="utf-8"))).replace("</", "<\\/")
    return (f'<p class="said" data-said="{vid}" id="{vid}-said" aria-live="off"></p>'
            f'<script type="application/json" id="{vid}-said-cues">{cues}</script>')


def _video_tag(*, vid: str, mp4: str, poster: str | None, webm: str | None,
               vtt: str | None) -> str:
    e = html.escape
    attrs = f'id="{vid}" controls preload="metadata" playsinline'
    if poster:
        attrs += f' poster="{e(poster)}"'
    sources = ""
    if webm:
        sources += f'<source src="{e(webm)}" type="video/webm">'
    sources += f'<source src="{e(mp4)}" type="video/mp4">'
    track = (f'<track kind="captions" src="{e(vtt)}" srclang="en" label="Captions">'
             if vtt else "")
    return f"<video {attrs}>{sources}{track}</video>"


def embed_snippet(clip: dict, prefix: str = "mlp-explainer/") -> str:
    """HTML to paste into slides or a course page (paths relative to where the folder goes)."""
    poster = clip["exports"].get("poster")
    attrs = f'src="{prefix}{clip["file"]}"'
    if poster:
        attrs += f' poster="{prefix}{poster["file"]}"'
    return (f'<video {attrs} width="{clip["width"]}" height="{clip["height"]}" '
            f'controls playsinline preload="metadata"></video>')


def _explore_link(explore: dict, title: str, *, video: str, box: str, timeline: str,
                  start: float | None = None, end: float | None = None) -> str:
    """The "Explore" link: opens the explorer page in ``box`` under ``video``, driven by the
    clip's track (the JSON element ``timeline``) from ``start`` to ``end`` of the video."""
    e = html.escape
    span = (f' data-start="{start}" data-end="{end}"' if start is not None else "")
    return (f'<a href="{e(explore["file"])}" data-explore="{box}" data-video="{video}" '
            f'data-timeline="{timeline}"{span} data-title="{e(title)}" '
            'title="the trace this chapter plays, explorable; it follows the video">Explore</a>')


def _explore_of(chapter: dict, clips: list[dict]) -> tuple[int, dict] | None:
    """The clip (index, entry) of a joined chapter, when it has an explorer."""
    for k, clip in enumerate(clips):
        if clip["scene"] == chapter.get("scene") and clip.get("explore"):
            return k, clip
    return None


def _chapter_item(k: int, chapter: dict, clips: list[dict]) -> str:
    e = html.escape
    item = (f'<li><a data-seek="{chapter["start"]}">{e(chapter["title"])}</a> '
            f'<span class="meta">{fmt_duration(chapter["start"])}</span>')
    found = _explore_of(chapter, clips)
    if found:
        j, clip = found
        item += " &middot; " + _explore_link(
            clip["explore"], chapter["title"], video="explainer", box=f"explainer-explorer-{k}",
            timeline=f"clip-{j + 1}-timeline", start=chapter["start"], end=chapter["end"])
    return item + "</li>"


def index_html(manifest: dict, out: Path | None = None) -> str:
    """The offline page for a manifest (paths relative to the output folder ``out``, where
    a narrated clip's word-timed subtitles are read from)."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(manifest['title'])}</title><style>{CSS}</style></head><body>",
        f"<h1>{e(manifest['title'])}</h1>",
        f'<p class="meta">{len(manifest["clips"])} clips, {manifest["width"]}x'
        f'{manifest["height"]} at {manifest["fps"]:g} fps, rendered with Manim '
        f'{e(manifest["manim"])}. <a href="manifest.json">manifest.json</a></p>',
        '<p class="meta">The embed snippets expect this folder copied as '
        '<code>mlp-explainer/</code> beside the page you paste them into.</p>',
    ]
    joined = manifest.get("explainer")
    if joined:
        vtt = joined.get("vtt")
        parts += [
            '<section class="clip" style="grid-template-columns: 1fr">',
            "<div><h2>The whole explainer</h2>",
            _video_tag(vid="explainer", mp4=joined["file"], webm=None, vtt=vtt,
                       poster=manifest["clips"][0]["exports"].get("poster", {}).get("file")),
            _said("explainer", vtt if joined.get("words") else None, out),
            f'<p class="meta">{fmt_duration(joined["duration"])} &middot; '
            f'<span id="explainer-loaded"></span> &middot; '
            f'<a href="{e(joined["file"])}">mp4</a>'
            + (f' &middot; <a href="{e(joined["srt"])}">subtitles (.srt)</a>'
               if joined.get("srt") else "") + "</p>",
            '<ol class="chapters">' + "".join(_chapter_item(k, c, manifest["clips"])
                                              for k, c in enumerate(joined["chapters"]))
            + "</ol>"
            + "".join(f'<div class="explorer" id="explainer-explorer-{k}" hidden></div>'
                      for k, c in enumerate(joined["chapters"])
                      if _explore_of(c, manifest["clips"]))
            + "</div></section>",
        ]
    for k, clip in enumerate(manifest["clips"]):
        ex = clip["exports"]
        vid = f"clip-{k + 1}"
        links = [f'<a href="{e(clip["file"])}">mp4</a>']
        # the videos first, then the poster and the subtitles
        exports = sorted(EXPORTS.values(), key=lambda f: f.always)
        for name, label in [(f.name, f.label) for f in exports] + [("srt", "subtitles")]:
            if name in ex:
                links.append(f'<a href="{e(ex[name]["file"])}">{label}</a>')
        explore = clip.get("explore")
        if explore:
            links.append(_explore_link(explore, clip["title"], video=vid,
                                       box=f"{vid}-explorer", timeline=f"{vid}-timeline"))
        snippet = embed_snippet(clip)
        parts += [
            '<section class="clip">',
            "<div>" + _video_tag(vid=vid, mp4=clip["file"],
                                 poster=ex.get("poster", {}).get("file"),
                                 webm=ex.get("webm", {}).get("file"),
                                 vtt=ex.get("vtt", {}).get("file"))
            + _said(vid, ex.get("vtt", {}).get("file") if "words" in ex else None, out)
            + "</div>",
            f'<div><h2>{clip["chapter"]}. {e(clip["title"])}</h2>',
            f'<p class="meta">{e(clip["scene"])} &middot; '
            f'<span class="duration">{fmt_duration(clip["duration"])}</span> &middot; '
            f'{clip["width"]}x{clip["height"]}, {clip["fps"]:g} fps &middot; '
            f'<span id="{vid}-loaded"></span></p>',
            f'<p>{" &middot; ".join(links)}</p>',
            f'<pre id="{vid}-embed">{e(snippet)}</pre>',
            f'<button data-copy="{vid}-embed">copy embed snippet</button>',
            "</div>",
        ]
        if explore:
            samples = json.dumps(explore.get("samples", [])).replace("</", "<\\/")
            parts += [f'<div class="explorer" id="{vid}-explorer" hidden></div>',
                      f'<script type="application/json" id="{vid}-timeline">{samples}</script>']
        parts.append("</section>")
    for fail in manifest.get("failed", []):
        parts.append(f'<p class="failed">{e(fail["scene"])} failed: {e(fail["error"])}</p>')
    slides = manifest.get("slides")
    if slides:
        links = [f'<a href="{e(slides["html"])}">deck (HTML, speaker notes on S)</a>']
        links += [f'<a href="{e(slides[fmt])}">{label}</a>'
                  for fmt, label in (("pdf", "PDF"), ("pptx", "PowerPoint")) if slides.get(fmt)]
        parts.append("<p>Slides: " + " &middot; ".join(links) + "</p>")
    parts += [f"<script>{SCRIPT}</script>", "</body></html>", ""]
    return "\n".join(parts)
