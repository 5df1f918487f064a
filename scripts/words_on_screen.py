"""Which chapters write words on screen: each chapter of the story planned (its animations
skipped, scenes/toolkit/planning.py), the screen looked at after every play and wait
(scenes.toolkit.beats.shows_words), and the first word found named.

A chapter that shows none in any language is rendered once for all the languages of a
render (`mlp-explainer render --language en,de,es`).

    .venv/bin/python scripts/words_on_screen.py [Scene ...]

Prints one line per chapter; exits 0.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from explainer.story import STORY  # noqa: E402
from scenes.toolkit import beats  # noqa: E402
from scenes.toolkit.planning import plan  # noqa: E402


def first_word(mobjects) -> str | None:
    """The first mobject on screen that writes words, as its class and its text."""
    todo = list(mobjects)
    while todo:
        mob = todo.pop(0)
        if beats.word_mobject(mob) and beats.shows_words([mob]):
            text = getattr(mob, "text", None) or getattr(mob, "tex_string", "")
            return f"{type(mob).__name__} {str(text)[:48]!r}"
        todo.extend(mob.submobjects)
    return None


def main(argv: list[str]) -> int:
    warnings.simplefilter("ignore")
    found: dict[str, str] = {}
    play = beats.Beats.play

    def looking(self, *args, **kwargs):
        play(self, *args, **kwargs)
        name = type(self).__name__
        if self.words_drawn and name not in found:
            found[name] = first_word(self.mobjects) or "?"

    beats.Beats.play = looking
    wordless = []
    for ch in STORY:
        if argv and ch.scene not in argv:
            continue
        module = importlib.import_module(ch.module[:-3].replace("/", "."))
        scene = plan(getattr(module, ch.scene))
        if scene.words_drawn:
            print(f"{ch.scene}: words on screen, the first {found.get(ch.scene)}", flush=True)
        else:
            wordless.append(ch.scene)
            print(f"{ch.scene}: no word on screen", flush=True)
    print(f"no word on screen: {', '.join(wordless) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
