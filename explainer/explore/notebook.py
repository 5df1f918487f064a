"""``explore(trace)``: the explorer page inline in a Jupyter notebook.

With anywidget installed (``pip install mlp-explainer[notebook]``) the page is a widget; the
page's position is its ``pos`` trait, so notebook code can read and move it. Without it,
the same page is shown through IPython's HTML display in a sandboxed iframe (or any object
with ``_repr_html_`` when IPython is not there either).
"""

from __future__ import annotations

import html as _html
from pathlib import Path

from mlp.trace import Trace, load_trace


def _srcdoc_iframe(page: str, height: int) -> str:
    return (f'<iframe srcdoc="{_html.escape(page, quote=True)}" style="width:100%;'
            f'height:{height}px;border:0" sandbox="allow-scripts"></iframe>')


def explore(trace: Trace | str | Path, height: int = 900, language: str | None = None):
    """Show the explorer page for ``trace`` (a Trace or a trace file) in the notebook, in
    ``language`` (default: $MLP_LANGUAGE, else English).

    Returns an anywidget ``Explorer`` when anywidget is installed, else an
    ``IPython.display.HTML`` object (both display themselves as a cell's last value).
    """
    from explainer.explore.page import build_page

    if not isinstance(trace, Trace):
        trace = load_trace(trace)
    page = build_page(trace, language=language)
    try:
        import anywidget  # noqa: F401
    except ImportError:
        try:
            from IPython.display import HTML
        except ImportError:  # any front end that shows an object's _repr_html_
            return PageHTML(_srcdoc_iframe(page, height))
        return HTML(_srcdoc_iframe(page, height))
    return _widget(page, height)


class PageHTML:
    """The page as HTML for a notebook, when IPython itself is not importable."""

    def __init__(self, data: str) -> None:
        self.data = data

    def _repr_html_(self) -> str:
        return self.data


# anywidget calls render() once per view of the widget (each cell that displays it) and the
# function render() returns when that view goes away: the view's listeners leave with it.
_ESM = """
export default {
  render({ model, el }) {
    const frame = document.createElement('iframe');
    frame.style.width = '100%'; frame.style.border = '0';
    frame.style.height = model.get('height') + 'px';
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.srcdoc = model.get('page');
    const onMessage = (ev) => {
      if (ev.source === frame.contentWindow && ev.data && ev.data.type === 'mlp-explainer:step') {
        model.set('pos', ev.data.pos); model.save_changes();
      }
    };
    const onPos = () => frame.contentWindow && frame.contentWindow.postMessage(
      { type: 'mlp-explainer:seek', pos: model.get('pos') }, '*');
    window.addEventListener('message', onMessage);
    model.on('change:pos', onPos);
    el.appendChild(frame);
    return () => {
      window.removeEventListener('message', onMessage);
      model.off('change:pos', onPos);
      frame.remove();
    };
  },
};
"""


def _widget(page: str, height: int):
    import anywidget
    import traitlets

    class Explorer(anywidget.AnyWidget):
        """The explorer page as a widget: ``pos`` is the trace position it shows."""

        _esm = _ESM
        page = traitlets.Unicode("").tag(sync=True)
        height = traitlets.Int(900).tag(sync=True)
        pos = traitlets.Float(0.0).tag(sync=True)

    return Explorer(page=page, height=height)
