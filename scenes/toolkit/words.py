"""What a scene may say about a run: the data's and the classes' names and the run's outcome,
each computed from the trace, so a sentence on screen is true for whatever trace plays.

The seed's rings (and scikit-learn's circles) name their classes by shape: class 1 is
"the inner circle", class 0 "the outer ring". A scikit-learn trace names them by its own
labels (``meta["import"]["classes"]``); any other trace says "class k".

Every sentence and word here is said in the language of $MLP_LANGUAGE, each whole, with
its numbers as named placeholders (scenes.toolkit.language; the catalogs in locale/).
"""

from __future__ import annotations

import numpy as np

from mlp.trace import Trace
from mlp.train import BATCH_ORDER, minibatch_indices
from scenes.toolkit.geometry import agreement_polygon, points_in_convex_polygon, square_box
from scenes.toolkit.language import (
    NARROW_SPACE,
    _,
    decimal,
    ngettext,
    number,
    percent_sign,
    pgettext,
)

RING_DATASETS = ("rings", "circles")
# what stands for the cut end of a name too long for its place
ELLIPSIS = "\u2026"
# the longest a class's name may be inside a sentence (class_phrase)
PHRASE_CHARS = 24
# "near chance": final accuracy within this much of always answering the commonest class
CHANCE_MARGIN = 0.1


def n_classes(trace: Trace) -> int:
    """2 for a binary output, K for a softmax over K units."""
    return 2 if trace.output == "binary" else int(trace.sizes[-1])


def activation_name(name: str) -> str:
    """An activation's (or an output's) name from a trace as the language says it: "sigmoid"
    is "sigmoide" in Spanish, "сигмоида" in Russian; a name the catalogs do not know
    ("tanh", "relu", a run's own) as it is.

    >>> activation_name("sigmoid"), activation_name("tanh")
    ('sigmoid', 'tanh')
    """
    said = {"sigmoid": lambda: pgettext("activation", "sigmoid"),
            "softmax": lambda: pgettext("activation", "softmax"),
            "identity": lambda: pgettext("activation", "identity")}
    return said[name]() if name in said else name


def dataset_name(trace: Trace) -> str | None:
    """The dataset's name as recorded (``meta["dataset"]["name"]``), or None."""
    d = trace.meta.get("dataset")
    name = d.get("name") if isinstance(d, dict) else None
    return str(name) if name else None


def is_rings(trace: Trace) -> bool:
    """Whether the data are two concentric rings, class 1 inside (the seed's data)."""
    return dataset_name(trace) in RING_DATASETS and n_classes(trace) == 2


def class_names(trace: Trace) -> list[str]:
    """One name per class, for legends: the data set's class names when the trace records
    them (``meta.dataset.class_names``), else scikit-learn's labels (the classifier's own
    ``classes_`` values, as text), else "class 0", "class 1", ...

    The names are anyone's text: whatever shows them escapes them for TeX (tex_text) and
    cuts them to fit (shorten, readouts.fit_name).
    """
    K = n_classes(trace)
    named = trace.class_names
    if isinstance(named, list) and len(named) == K:
        return [str(c) for c in named]
    imported = trace.meta.get("import")
    labels = imported.get("classes") if isinstance(imported, dict) else None
    if isinstance(labels, list) and len(labels) == K:
        return [str(c) for c in labels]
    return [class_label(k) for k in range(K)]


def class_label(k: int) -> str:
    """The name of class k when the trace gives it none: "class 1"."""
    return _("class {k}").format(k=k)


def class_phrase(trace: Trace, k: int) -> str:
    """Class k in a sentence: "the inner circle"/"the outer ring" on the rings, else its
    legend name ("class 1", or its own name quoted: 'class "yes"'), a name longer than
    PHRASE_CHARS cut to that with an ellipsis, so the sentence stays one to read."""
    if is_rings(trace):
        return _("the inner circle") if k == 1 else _("the outer ring")
    name = class_names(trace)[k]
    if name == class_label(k):
        return name
    return _('class "{name}"').format(name=shorten(name, PHRASE_CHARS))


def data_phrase(trace: Trace) -> str:
    """The data in a few words: "two rings", "moons (3 classes)"; "the data" without a name."""
    name = dataset_name(trace)
    K = n_classes(trace)
    if is_rings(trace):
        return _("two rings") if name == "rings" else _("concentric circles")
    if name == "blobs" and K == 2:
        return _("two blobs")
    if name is None or name == "csv":
        return ngettext("the data ({k} class)", "the data ({k} classes)", K).format(k=K)
    return ngettext("{name} ({k} class)", "{name} ({k} classes)", K).format(name=name, k=K)


def chance_accuracy(trace: Trace) -> float:
    """The accuracy of always answering the commonest class of the training data."""
    counts = np.bincount(np.asarray(trace.y, dtype=np.int64), minlength=n_classes(trace))
    return float(counts.max() / counts.sum())


def final_accuracy(trace: Trace) -> float:
    return float(trace.accuracy[-1])


def separated(trace: Trace) -> bool:
    """Whether the run ends with every training point on its own class's side (100%)."""
    return final_accuracy(trace) >= 1.0


def near_chance(trace: Trace) -> bool:
    """Whether the final accuracy is within CHANCE_MARGIN of always guessing the commonest
    class."""
    return final_accuracy(trace) <= chance_accuracy(trace) + CHANCE_MARGIN


def wrong_points(trace: Trace) -> int:
    """How many training points the final network gets wrong (from the recorded accuracy)."""
    return int(round((1.0 - final_accuracy(trace)) * len(trace.y)))


def outcome(trace: Trace) -> str:
    """The run's end in a few words: "separated", "stuck near chance: 52% right" or
    "98% right, 4 points on the wrong side"."""
    if separated(trace):
        return _("separated")
    acc = percent(final_accuracy(trace))
    if near_chance(trace):
        return _("stuck near chance: {share} right").format(share=acc)
    n = wrong_points(trace)
    return ngettext("{share} right, {n} point on the wrong side",
                    "{share} right, {n} points on the wrong side", n).format(
                        share=acc, n=grouped_int(n))


def percent(fraction: float, decimals: int = 0) -> str:
    """A share as a percentage with ``decimals`` decimals, more where rounding would say
    what is not so: a share below 1 never reads "100%", a share above 0 never "0%".

    Every percentage on screen and in a caption is written by this function, in the
    language of $MLP_LANGUAGE (scenes.toolkit.language): "99,5 %" in German.

    >>> percent(0.5), percent(0.995), percent(1.0), percent(0.0), percent(0.004)
    ('50%', '99.5%', '100%', '0%', '0.4%')
    >>> percent(0.9995, 1), percent(0.99999), percent(0.00001)
    ('99.95%', '99.999%', '0.001%')
    """
    p = 100 * float(fraction)
    for d in range(decimals, decimals + 3):
        text = f"{p:.{d}f}"
        if (p < 100 and float(text) >= 100) or (p > 0 and float(text) <= 0):
            continue
        return percent_sign(number(text))
    d = decimals + 3  # closer than rounding can tell: cut towards the true side
    scale = 10.0 ** d
    cut = np.floor(p * scale) if p >= 50 else np.ceil(p * scale)
    return percent_sign(number(f"{cut / scale:.{d}f}"))


def percent_tex(fraction: float, decimals: int = 0) -> str:
    """:func:`percent` for TeX, its '%' escaped."""
    return tex_text(percent(fraction, decimals))


# TeX's special characters in text mode, each written so that it prints as itself.
TEX_SPECIALS = {c: "\\" + c for c in "#$%&_{}"} | {
    "\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    ELLIPSIS: r"\ldots{}", NARROW_SPACE: r"\,"}


def tex_text(text: str) -> str:
    """Any text (a class's or an input's name from a trace) for TeX's text mode, every
    special character escaped, so TeX prints it as those characters and runs none of it.
    Every name that reaches TeX goes through this function.

    >>> print(tex_text("50% & up"), tex_text("\\input{/etc/hostname}"))
    50\\% \\& up \\textbackslash{}input\\{/etc/hostname\\}
    """
    return "".join(TEX_SPECIALS.get(c, c) for c in str(text))


def shorten(name: str, chars: int) -> str:
    """``name`` in at most ``chars`` characters: as it is when it fits, else its start and
    an ellipsis. Every name on screen that must fit a place is cut by this function
    (scenes.toolkit.readouts.name_text measures the place).

    >>> shorten("versicolor", 12), shorten("a very long class name", 10)
    ('versicolor', 'a very lo…')
    """
    name = str(name)
    if len(name) <= chars:
        return name
    return name[:max(0, chars - 1)].rstrip() + ELLIPSIS


def wrong_share(trace: Trace) -> str:
    """The share of points on the wrong side at the end: "half the points" within 5 points
    of 50%, else "31% of the points"."""
    wrong = 1.0 - final_accuracy(trace)
    if abs(wrong - 0.5) <= 0.05:
        return _("half the points")
    return _("{share} of the points").format(share=percent(wrong))


def voting_sides(trace: Trace, pos: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A one-hidden-layer binary network's hidden lines at ``pos`` and the side of each that
    pushes towards class 1.

    Returns W (2, h), b (h,) and side (h,) = sign of the meta classifier's weight on unit i
    (h_i grows on the side w_i . x + b_i > 0; a positive meta weight counts it for class 1).
    """
    W, b = trace.params_at(pos)
    side = np.where(W[1][:, 0] >= 0, 1.0, -1.0)
    return W[0], b[0], side


def encloses_class_1(trace: Trace, xlim=None, ylim=None) -> bool:
    """Whether, at the end of training, the region on the kept side of every hidden line
    (see :func:`voting_sides`) holds every class-1 point and no other (inside the box
    xlim x ylim, by default the square around the data the input plane shows)."""
    if len(trace.sizes) != 3 or trace.output != "binary":
        return False
    if xlim is None:
        xlim, ylim = square_box(*trace.data_bounds(0.12))
    W, b, side = voting_sides(trace, trace.n_snapshots - 1)
    poly = agreement_polygon(xlim, ylim, W, b, side)
    inside = points_in_convex_polygon(trace.X, poly)
    y = np.asarray(trace.y)
    return bool(len(poly) >= 3 and inside[y == 1].all() and not inside[y != 1].any())


def circle_misfit(points: np.ndarray) -> float:
    """How far a curve's points (m, 2) stray from a circle around their centroid: the spread
    of their distances to it over the mean distance (0 for a circle); inf without points.

    >>> a = np.linspace(0, 2 * np.pi, 50, endpoint=False)
    >>> round(circle_misfit(np.c_[np.cos(a), np.sin(a)]), 6)
    0.0
    >>> circle_misfit(np.c_[np.cos(a), 0.5 * np.sin(a)]) > 0.2
    True
    """
    P = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if len(P) < 3:
        return float("inf")
    r = np.linalg.norm(P - P.mean(axis=0), axis=1)
    return float(r.std() / max(r.mean(), 1e-12))


def training_record(trace: Trace) -> dict:
    training = trace.meta.get("training")
    return training if isinstance(training, dict) else {}


def recorded_lr(trace: Trace) -> float | None:
    """The learning rate when the trace records one for w <- w - lr * grad (plain descent or
    momentum's gradient term), else None (Adam, or a rate the trace does not give)."""
    lr = training_record(trace).get("lr")
    return float(lr) if isinstance(lr, int | float) and not isinstance(lr, bool) else None


def step_size(trace: Trace, batch: int | None = None) -> float:
    """What multiplies the summed per-example gradients in the arrows: lr for a summed loss,
    lr / n for the mean (lr / B for a batch of ``batch`` points), with the recorded lr
    (under momentum, the gradient's own term of the step); lr is taken as 1 when the trace
    records none (Adam: the arrows are then the gradient's own shares)."""
    lr = recorded_lr(trace)
    lr = 1.0 if lr is None else lr
    if trace.meta.get("reduction", "mean") == "sum":
        return lr
    return lr / (len(trace.X) if batch is None else batch)


def step_batch(trace: Trace, step: int) -> tuple[np.ndarray | None, str]:
    """The points the update from ``step`` used, and those points in words: every point
    (full batch), the mini-batch the trainer drew (its ``batch_order`` names how), or None
    with words saying the trace does not record it."""
    training = training_record(trace)
    n = len(trace.X)
    size = training.get("batch_size")
    if size == "auto":  # scikit-learn's own rule
        size = min(200, n)
    if training.get("step") == "epoch":
        if isinstance(size, int) and size < n:
            return None, _("mini-batches of {size} in each epoch (the trace does not record "
                           "which points)").format(size=grouped_int(size))
        return np.arange(n), every_point(n)
    if training.get("full_batch") is True or (isinstance(size, int) and size >= n):
        return np.arange(n), every_point(n)
    seed = training.get("shuffle_seed")
    if (training.get("batch_order") == BATCH_ORDER and isinstance(size, int)
            and isinstance(seed, int) and size >= 1):
        idx = minibatch_indices(n, size, seed, step)
        return np.sort(idx), ngettext(
            "the mini-batch of {size} of the {n} point that step {step} used",
            "the mini-batch of {size} of the {n} points that step {step} used", n).format(
                size=grouped_int(size), n=grouped_int(n), step=step)
    return None, _("the trace does not record which points each step used")


def grouped_int(n: int) -> str:
    """A count in prose, with the language's thousands separators."""
    return number(f"{int(n):,}")


def every_point(n: int) -> str:
    """"all 200 points"."""
    return ngettext("the {n} point", "all {n} points", n).format(n=grouped_int(n))


def plain_descent(trace: Trace) -> bool:
    """Whether every step was w <- w - lr * grad: ``lr`` recorded, and no momentum."""
    return recorded_lr(trace) is not None and not training_record(trace).get("momentum")


def optimizer_words(trace: Trace, penalty: bool = True) -> str:
    """The optimiser in words, with what changes its step: "gradient descent", "gradient
    descent with momentum 0.9", "Adam", "scikit-learn's sgd", and "(L2 penalty 0.001)" when
    the trace records one (and ``penalty``)."""
    training = training_record(trace)
    name = str(training.get("optimizer") or "")
    momentum = training.get("momentum")
    if name.lower().startswith("adam"):
        words = "Adam"
    elif name.lower() == "sgd" or (not name and recorded_lr(trace) is not None):
        words = _("gradient descent")
        if isinstance(momentum, int | float) and momentum:
            words = _("gradient descent with momentum {momentum}").format(
                momentum=decimal(momentum, "g"))
    else:
        words = name or _("the optimiser")
    if training.get("step") == "epoch":
        words = _("scikit-learn's {optimiser}").format(optimiser=words)
    decay = weight_decay(trace)
    if decay and penalty:
        words = _("{optimiser} (L2 penalty {penalty})").format(optimiser=words,
                                                               penalty=decimal(decay, "g"))
    return words


def step_unit(trace: Trace) -> str:
    """What one of the trace's steps is: "epoch" for a run recorded once an epoch (as
    scikit-learn's are, each an epoch of mini-batch updates), else "step"."""
    return _("epoch") if training_record(trace).get("step") == "epoch" else _("step")


def weight_decay(trace: Trace) -> float:
    """The L2 penalty or weight decay the trace records (``l2``, scikit-learn's ``alpha``,
    PyTorch's ``weight_decay``), 0 when none."""
    training = training_record(trace)
    for key in ("l2", "alpha", "weight_decay"):
        v = training.get(key)
        if isinstance(v, int | float) and not isinstance(v, bool) and v > 0:
            return float(v)
    return 0.0


def loss_trend(trace: Trace) -> str:
    """"falls" when the last recorded loss is below the first, else "does not fall"."""
    return _("falls") if float(trace.loss[-1]) < float(trace.loss[0]) else _("does not fall")
