"""A sentence with formulas in it: its words in Pango (any script: LaTeX here has no
Cyrillic), its formulas in TeX math.

A chapter writes such a line as one translated sentence with named placeholders ("Backward
pass: each edge gets {grad} for this point", marked for the catalogs where it is written),
and gives each placeholder its formula; :class:`WordsAndMath` draws the words between them
as Text and each formula as MathTex, on one baseline, and wraps onto more lines when the
sentence is wider than its room.
"""

from __future__ import annotations

import string

import numpy as np
from manim import DOWN, LEFT, RIGHT, MathTex, Text, VGroup

from scenes.toolkit.readouts import caption, text_baseline
from scenes.toolkit.style import FONT, FOREGROUND

# the room between a word and the next, and between a formula and a word it touches, as a
# share of the font size's height in scene units (font_size / 48 per unit)
SPACE = 0.22
TOUCH = 0.04
# the project's font at a TeX font size: Pango's glyphs are drawn about 1.43 times TeX's
# (a capital's height), so words at 0.7 of the size stand as tall as the formula's letters
WORD_SCALE = 0.7


class WordsAndMath(VGroup):
    """``template`` (a sentence, translated, with named placeholders) with each placeholder
    drawn as its TeX formula from ``formulas`` (or, for a placeholder of ``words``, as those
    words) and the words between as Text, in the project's font, as tall as TeX's letters at
    ``font_size`` (``WORD_SCALE``: the line reads as the TeX sentence it replaces). A line
    wider than ``max_width`` is wrapped at the spaces of its words into as many lines as it
    takes.

    ``lines`` holds each line (a VGroup of Text and MathTex parts); ``tex_string`` is the whole
    sentence with each formula written as ``$...$`` (what the line says, for a reader of the
    scene's mobjects).

    Examples
    --------
    ::

        class ShowLine(Scene):
            def construct(self):
                self.add(WordsAndMath("each edge gets {grad}", grad=r"\\partial L/\\partial w"))
    """

    def __init__(self, template: str, *, font_size: float = 30, color: str = FOREGROUND,
                 max_width: float | None = None, line_buff: float = 0.12,
                 words: dict[str, str] | None = None, **formulas: str) -> None:
        super().__init__()
        if words:  # placeholders that are words (numbers, a phrase) join the text first
            template = template.format(**{k: v.replace("{", "{{").replace("}", "}}")
                                          for k, v in words.items()},
                                       **{k: "{" + k + "}" for k in formulas})
        self.template = template
        self.formulas = dict(formulas)
        self.tex_string = template.format(**{k: f"${v}$" for k, v in formulas.items()})
        self.font_size, self.color = font_size, color
        unit = font_size / 48
        tokens: list[tuple[str, str, bool]] = []  # (kind, content, space before)
        space = False
        for literal, field, _spec, _conv in string.Formatter().parse(template):
            for i, word in enumerate(literal.split(" ")):
                if i > 0:
                    space = True
                if word:
                    tokens.append(("word", word, space))
                    space = False
            if field is not None:
                if field not in formulas:
                    raise ValueError(f"WordsAndMath: expected a formula for {{{field}}} "
                                     f"of {template!r}, got {sorted(formulas)}")
                tokens.append(("math", formulas[field], space))
                space = False
        self.tokens = tokens
        lines = self._layout([tokens], unit)
        if max_width is not None and lines[0].width > max_width:
            lines = self._layout(self._wrap(tokens, lines[0], max_width), unit)
        self.lines = lines
        self.add(*lines)
        self.arrange(DOWN, aligned_edge=LEFT, buff=line_buff)

    def _runs(self, tokens) -> list[tuple[str, str, bool]]:
        """Neighbouring words joined into one run of text (one Text each)."""
        runs: list[list] = []
        for kind, content, space in tokens:
            if kind == "word" and runs and runs[-1][0] == "word":
                runs[-1][1] += (" " if space else "") + content
            else:
                runs.append([kind, content, space])
        return [tuple(r) for r in runs]

    def _layout(self, token_lines, unit: float) -> list[VGroup]:
        out = []
        words = self.font_size * WORD_SCALE
        probe = caption("x", font_size=words)
        x_height = probe.height
        for tokens in token_lines:
            line = VGroup()
            x, baseline = 0.0, 0.0
            for kind, content, space in self._runs(tokens):
                if kind == "word":
                    part = Text(content, font=FONT, font_size=words, color=self.color)
                    part.shift(np.array([0, baseline - text_baseline(part), 0]))
                else:
                    part = MathTex(content, font_size=self.font_size, color=self.color)
                    part.set_y(baseline + x_height / 2)
                if len(line):
                    x += (SPACE if space else TOUCH) * unit
                part.shift((x - part.get_left()[0]) * RIGHT)
                x = part.get_right()[0]
                line.add(part)
            out.append(line)
        return out

    def _wrap(self, tokens, line: VGroup, max_width: float) -> list[list]:
        """The tokens cut into lines no wider than ``max_width``, each word's width taken as
        its share (by characters) of its run's drawn width."""
        widths = []
        for (kind, content, _space), part in zip(self._runs(tokens), line, strict=True):
            if kind == "word":
                words = content.split(" ")
                per = part.width / max(len(content.replace(" ", "")), 1)
                widths.extend(per * len(w) for w in words)
            else:
                widths.append(part.width)
        unit = self.font_size / 48
        lines, current, x = [], [], 0.0
        for token, w in zip(tokens, widths, strict=True):
            gap = (SPACE if token[2] else TOUCH) * unit if current else 0.0
            if current and x + gap + w > max_width and token[2]:
                lines.append(current)
                current, x = [], 0.0
                gap = 0.0
            current.append(token if current else (token[0], token[1], False))
            x += gap + w
        lines.append(current)
        return lines


__all__ = ["WordsAndMath"]
