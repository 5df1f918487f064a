"""Seeded datasets for the explainer, and the seed's feature map phi.

- two-dimensional classification: blobs, circles, rings, moons, xor, spiral;
- regression (a numeric target): sine, step, abs (one input), plane, saddle (two);
- the data sets people learn on, from scikit-learn's bundled copies (no download): iris,
  wine, breast_cancer (standardised with the training split's mean and spread) and digits
  (8x8 images, kept at their pixel scale 0 to 16 so that they stay images);
- csv: any number of input columns and a last column holding the label or the target.

``load_dataset`` returns a :class:`Dataset` with an optional seeded, stratified train/test
split; ``make_dataset`` the training data alone, as before.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CLASSIFICATION_2D = ("blobs", "circles", "rings", "moons", "xor", "spiral")
REGRESSION_1D = ("sine", "step", "abs")
REGRESSION_2D = ("plane", "saddle")
REGRESSION = REGRESSION_1D + REGRESSION_2D
BUNDLED_SKLEARN = ("iris", "wine", "breast_cancer", "digits")
DATASETS = (*CLASSIFICATION_2D, *REGRESSION, *BUNDLED_SKLEARN, "csv")
# The data sets split into a training and a test set unless --test-fraction says otherwise.
DEFAULT_TEST_FRACTION = {name: 0.2 for name in (*REGRESSION, *BUNDLED_SKLEARN)}
MAX_POINTS = 1_000_000


@dataclass
class Dataset:
    """Training data, an optional test set and the JSON-ready record of how they were made.

    ``y`` holds class labels 0..K-1 (int64) for a classification and numbers (float64) for
    a regression; ``X_test``/``y_test`` are None without a test split. ``spec`` goes into a
    trace's ``meta["dataset"]``: the name, the seed, the split and, where known,
    ``feature_names``, ``class_names`` and ``image_shape``.
    """

    X: np.ndarray
    y: np.ndarray
    spec: dict
    X_test: np.ndarray | None = None
    y_test: np.ndarray | None = None

    @property
    def regression(self) -> bool:
        return self.spec.get("task") == "regression"


def feature_map(X) -> np.ndarray:
    """The seed's phi(x) = [x1^2, x2^2]: concentric circles become linearly separable."""
    X = np.asarray(X, dtype=np.float64)
    return X * X


def rings(n_per_class: int = 100, radii=(3.0, 1.0), noise: float = 0.05, rng=None):
    """The seed notebook's circles: class c lies on a circle of radius radii[c].

    Draws from ``rng`` (a RandomState, as the notebook used NumPy's global one) in the
    notebook's order: for each circle, angles, then x noise, then y noise; then one
    permutation shuffles the stacked points.
    """
    rng = np.random.RandomState(44) if rng is None else rng
    parts, labels = [], []
    for label, r in enumerate(radii):
        angle = rng.uniform(0, 1, n_per_class) * 2 * np.pi
        x = np.cos(angle) * r + rng.normal(0, noise, n_per_class)
        y = np.sin(angle) * r + rng.normal(0, noise, n_per_class)
        parts.append(np.column_stack([x, y]))
        labels.append(np.full(n_per_class, label))
    X = np.vstack(parts)
    y = np.concatenate(labels)
    order = rng.permutation(len(X))
    return X[order], y[order].astype(np.int64)


def xor(n: int = 200, noise: float = 0.15, seed: int = 0):
    rng = np.random.default_rng(seed)
    centres = np.array([[-1, -1], [1, 1], [-1, 1], [1, -1]], dtype=float)
    k = rng.integers(0, 4, n)
    X = centres[k] + rng.normal(0, noise, (n, 2))
    return X, (k >= 2).astype(np.int64)


def spiral(n: int = 300, classes: int = 3, noise: float = 0.2, seed: int = 0):
    """K interleaved spiral arms, n points in all (split as evenly as possible)."""
    rng = np.random.default_rng(seed)
    counts = [n // classes + (c < n % classes) for c in range(classes)]
    Xs, ys = [], []
    for c, m in enumerate(counts):
        r = np.linspace(0.05, 1.0, m)
        t = np.linspace(c * 2 * np.pi / classes, c * 2 * np.pi / classes + 4.0, m)
        t = t + rng.normal(0, noise, m)
        Xs.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        ys.append(np.full(m, c))
    order = rng.permutation(n)
    return np.vstack(Xs)[order], np.concatenate(ys)[order].astype(np.int64)


def regression_1d(name: str, n: int = 200, noise: float | None = None, seed: int = 0):
    """One input x uniform on an interval, a curve of it plus Gaussian noise.

    sine: sin(x) on [-pi, pi] (noise 0.1); step: 0 below x = 0 and 1 above, on [-2, 2]
    (noise 0.05); abs: |x| on [-2, 2] (noise 0.05). Returns X (n, 1), y (n,), the noise.
    """
    rng = np.random.default_rng(seed)
    lo, hi, noise_default, f = {
        "sine": (-math.pi, math.pi, 0.1, np.sin),
        "step": (-2.0, 2.0, 0.05, lambda x: (x > 0).astype(np.float64)),
        "abs": (-2.0, 2.0, 0.05, np.abs),
    }[name]
    noise = noise_default if noise is None else noise
    x = rng.uniform(lo, hi, n)
    return x[:, None], f(x) + rng.normal(0.0, noise, n), noise


def regression_2d(name: str, n: int = 200, noise: float | None = None, seed: int = 0):
    """Two inputs uniform on a square, a surface of them plus Gaussian noise (0.1 default).

    plane: 0.5 x1 - x2 + 0.3 on [-2, 2]^2; saddle: x1^2 - x2^2 on [-1.5, 1.5]^2.
    """
    rng = np.random.default_rng(seed)
    half, f = {
        "plane": (2.0, lambda a, b: 0.5 * a - b + 0.3),
        "saddle": (1.5, lambda a, b: a * a - b * b),
    }[name]
    noise = 0.1 if noise is None else noise
    X = rng.uniform(-half, half, (n, 2))
    return X, f(X[:, 0], X[:, 1]) + rng.normal(0.0, noise, n), noise


def _sklearn_bundled(name: str):
    """(X, y, feature names, class names, image shape) of scikit-learn's bundled copy."""
    from sklearn import datasets as skd

    data = {"iris": skd.load_iris, "wine": skd.load_wine,
            "breast_cancer": skd.load_breast_cancer, "digits": skd.load_digits}[name]()
    features = [str(f) for f in data.feature_names]
    classes = [str(c) for c in data.target_names]
    shape = [8, 8] if name == "digits" else None
    return (np.asarray(data.data, dtype=np.float64), np.asarray(data.target, dtype=np.int64),
            features, classes, shape)


def strata(y, regression: bool, bins: int = 5) -> np.ndarray:
    """The group of each point that a stratified split or sample keeps in proportion: its
    class, or for a regression the quantile bin of its target (``bins`` bins)."""
    y = np.asarray(y)
    if not regression:
        return y
    edges = np.quantile(y, np.linspace(0, 1, bins + 1)[1:-1])
    return np.searchsorted(edges, y, side="right")


def stratified_indices(y, count: int, seed: int, regression: bool = False) -> np.ndarray:
    """``count`` distinct indices into y, seeded and stratified (each class, or each
    quantile bin of a regression's target, in proportion), sorted; all of them when y has
    no more than ``count`` points. Every group keeps at least one point when ``count``
    allows it (a class too rare for its share to round to one still has one, taken from
    the group whose share was rounded up the most)."""
    y = np.asarray(y)
    n = len(y)
    if count >= n:
        return np.arange(n)
    groups = strata(y, regression)
    rng = np.random.default_rng(seed)
    values, counts = np.unique(groups, return_counts=True)
    # largest remainders: each group's share rounded so that the shares add up to count
    share = counts * count / n
    take = np.floor(share).astype(np.int64)
    rest = count - take.sum()
    take[np.argsort(-(share - take), kind="stable")[:rest]] += 1
    if count >= len(values):  # no group left out: its point from the most rounded-up one
        for g in np.flatnonzero(take == 0):
            donor = np.flatnonzero(take > 1)
            take[donor[np.argmax((take - share)[donor])]] -= 1
            take[g] = 1
    chosen = [rng.choice(np.flatnonzero(groups == v), size=k, replace=False)
              for v, k in zip(values, take, strict=True) if k]
    return np.sort(np.concatenate(chosen))


def split(X, y, fraction: float, seed: int, regression: bool = False):
    """A seeded, stratified train/test split: (X_train, y_train, X_test, y_test), the test
    set ``fraction`` of the points (at least one of each class, as scikit-learn's
    train_test_split does)."""
    from sklearn.model_selection import train_test_split

    if not 0 < fraction < 1:
        raise ValueError(f"the test fraction must be between 0 and 1, got {fraction}")
    try:
        X_tr, X_te, y_tr, y_te = train_test_split(
            X, y, test_size=fraction, random_state=seed, stratify=strata(y, regression))
    except ValueError as e:
        raise ValueError(f"cannot split {len(X)} points with a test fraction of {fraction}: "
                         f"{str(e).splitlines()[0]}") from None
    return X_tr, y_tr, X_te, y_te


def _class_matcher(classes):
    """A function from a CSV label cell to its class in ``classes`` (None when it is none of
    them). Numeric classes match by value ("1", "1.0" and " 1" are class 1), the others by
    their text ("yes" is class 'yes')."""
    values = list(np.asarray(classes).tolist())
    by_text = {str(c): c for c in values}
    numbers = {float(c): c for c in values
               if isinstance(c, int | float) and not isinstance(c, bool)}

    def match(cell: str):
        text = cell.strip()
        if text in by_text:
            return by_text[text]
        try:
            return numbers.get(float(text))
        except ValueError:
            return None

    return match


def read_table(path, classes=None, regression: bool = False):
    """Read a CSV of inputs x1, ..., xd and a last column holding the label (a header line
    naming the columns is allowed). Returns (X (n, d), y (n,), the inputs' names from the
    header or None). Raises ValueError naming the line.

    Labels are class indices 0, 1, ... (y int64); with ``classes`` (a classifier's own class
    names, such as scikit-learn's ``classes_``: ['no', 'yes'] or [1, 2]) each label must be
    one of them, and y holds those class values; with ``regression`` the last column is a
    numeric target (y float64). Every value must be finite.
    """
    path = Path(path)
    match = _class_matcher(classes) if classes is not None else None
    rows, labels, header, width, first = [], [], None, None, 0
    try:
        with path.open(newline="") as f:
            for lineno, row in enumerate(csv.reader(f), start=1):
                if not row or all(not c.strip() for c in row):
                    continue
                if width is None and len(row) < 2:
                    raise ValueError(f"{path}:{lineno}: expected at least 2 columns (inputs x1, "
                                     f"..., then the label), found {len(row)}")
                if width is not None and len(row) != width:
                    raise ValueError(
                        f"{path}:{lineno}: expected {width} columns {_columns(width - 1)}, "
                        f"label, as line {first}, found {len(row)}")
                try:
                    x = [float(c) for c in row[:-1]]
                    lab = row[-1] if match is not None else float(row[-1])
                except ValueError:
                    if header is None and not rows and width is None:
                        header, width, first = [c.strip() for c in row[:-1]], len(row), lineno
                        continue
                    raise ValueError(
                        f"{path}:{lineno}: expected numbers {_columns(len(row) - 1)}"
                        f"{', label' if match is None else ''}, found {row}"
                    ) from None
                if width is None:
                    width, first = len(row), lineno
                if not all(math.isfinite(v) for v in x):
                    raise ValueError(f"{path}:{lineno}: expected finite inputs, found {row[:-1]}")
                lab = _label(path, lineno, lab, match, classes, regression)
                rows.append(x)
                labels.append(lab)
                if len(rows) > MAX_POINTS:
                    raise ValueError(f"{path}: expected at most {MAX_POINTS} points")
    except OSError as e:
        raise ValueError(f"{path}: cannot read the CSV ({e.strerror})") from None
    if len(rows) < 2:
        raise ValueError(f"{path}: expected at least 2 points, found {len(rows)}")
    if regression:
        y = np.array(labels, dtype=np.float64)
    elif match is None:
        y = np.array(labels, dtype=np.int64)
    else:
        y = np.array(labels, dtype=np.asarray(classes).dtype)
    if not regression and len(np.unique(y)) < 2:
        raise ValueError(f"{path}: expected at least 2 classes, found labels "
                         f"{sorted(set(np.asarray(y).tolist()))}")
    return np.array(rows, dtype=np.float64), y, header


def _columns(d: int) -> str:
    """The input columns' names in messages: "x1", "x1, x2", "x1, ..., x5"."""
    return ", ".join(f"x{i + 1}" for i in range(d)) if d <= 2 else f"x1, ..., x{d}"


def _label(path, lineno: int, lab, match, classes, regression: bool):
    """One label cell as the data's label, or a ValueError naming the line."""
    if match is not None:
        found = match(lab)
        if found is None:
            raise ValueError(
                f"{path}:{lineno}: expected a label among the classifier's classes "
                f"{list(np.asarray(classes).tolist())}, found {lab!r}")
        return found
    if regression:
        if not math.isfinite(lab):
            raise ValueError(f"{path}:{lineno}: expected a finite number as the target, "
                             f"found {lab}")
        return lab
    if not math.isfinite(lab) or lab != int(lab) or lab < 0:
        raise ValueError(f"{path}:{lineno}: expected a class label 0, 1, ..., found "
                         f"{lab:g} (for a numeric target, pass --output regression)")
    return int(lab)


def read_csv(path, classes=None, regression: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(X, y) of :func:`read_table`, without the header's names."""
    X, y, _ = read_table(path, classes, regression)
    return X, y


def make_dataset(name: str, n: int = 200, noise: float | None = None, seed: int = 0, **kw):
    """Build dataset ``name`` with n points; returns (X (n, d) float64, y (n,), spec): all
    of its points, unsplit (see :func:`load_dataset` for a train/test split).

    ``spec`` is the JSON-ready record of how it was made, stored in a trace's metadata.
    """
    data = load_dataset(name, n=n, noise=noise, seed=seed, test_fraction=0.0, **kw)
    return data.X, data.y, data.spec


def load_dataset(name: str, n: int = 200, noise: float | None = None, seed: int = 0,
                 test_fraction: float | None = None, **kw) -> Dataset:
    """Build dataset ``name`` and split it: a :class:`Dataset`.

    ``n`` is the number of points in all (train and test) for the generated data sets;
    scikit-learn's bundled ones have their own. ``test_fraction`` None takes the dataset's
    default (``DEFAULT_TEST_FRACTION``: 0.2 for the regression and scikit-learn sets, no
    test set for the 2-D classification ones); 0 keeps every point for training. The split
    is seeded by ``seed`` and stratified (by class, or by quantile bin of the target).
    Keyword options: ``factor`` (circles), ``classes`` (spiral arms; for csv, a
    classifier's class names), ``path`` and ``regression`` (csv).
    """
    if name not in DATASETS:
        raise ValueError(f"dataset must be one of {list(DATASETS)}, got {name!r}")
    if name not in ("csv", *BUNDLED_SKLEARN) and not 4 <= n <= MAX_POINTS:
        raise ValueError(f"n must be between 4 and {MAX_POINTS}, got {n}")
    fraction = DEFAULT_TEST_FRACTION.get(name, 0.0) if test_fraction is None else test_fraction
    if not 0 <= fraction < 1:
        raise ValueError(f"the test fraction must be at least 0 and below 1, got {fraction}")
    X, y, spec = _build(name, n, noise, seed, kw)
    regression = spec.get("task") == "regression"
    if name in BUNDLED_SKLEARN or fraction:
        spec["test_fraction"] = fraction
    if not fraction:
        X, y = _standardise(name, spec, X, y)[:2]
        return Dataset(X, y, spec)
    X_tr, y_tr, X_te, y_te = split(X, y, fraction, seed, regression)
    X_tr, y_tr, X_te = _standardise(name, spec, X_tr, y_tr, X_te)
    spec["n_train"], spec["n_test"] = len(X_tr), len(X_te)
    return Dataset(X_tr, y_tr, spec, X_te, y_te)


def _standardise(name: str, spec: dict, X, y, X_test=None):
    """scikit-learn's tabular sets, centred and scaled with the training set's mean and
    standard deviation (recorded in spec); every other set as it is."""
    if name not in ("iris", "wine", "breast_cancer"):
        return X, y, X_test
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    spec["standardised"] = {"mean": mean.tolist(), "scale": scale.tolist()}
    return (X - mean) / scale, y, None if X_test is None else (X_test - mean) / scale


def _build(name: str, n: int, noise, seed: int, kw: dict):
    """(X, y, spec) of every point of dataset ``name``."""
    from sklearn import datasets as skd

    spec: dict = {"name": name, "n": n, "seed": seed}
    if name in REGRESSION:
        make = regression_1d if name in REGRESSION_1D else regression_2d
        X, y, noise = make(name, n, noise, seed)
        spec.update(task="regression", noise=float(noise),
                    feature_names=["x"] if X.shape[1] == 1 else ["x1", "x2"])
        return X, y, spec
    if name in BUNDLED_SKLEARN:
        X, y, features, classes, shape = _sklearn_bundled(name)
        spec = {"name": name, "n": len(X), "seed": seed, "source": f"scikit-learn load_{name}",
                "feature_names": features, "class_names": classes}
        if shape:
            spec["image_shape"] = shape
        return X, y, spec
    if name == "csv":
        path = kw.get("path")
        if not path:
            raise ValueError("the csv dataset needs a path: --data FILE")
        regression = bool(kw.get("regression"))
        X, y, header = read_table(path, classes=kw.get("classes"), regression=regression)
        spec = {"name": "csv", "path": str(path), "n": len(X)}
        if regression:
            spec["task"] = "regression"
        if header:
            spec["feature_names"] = header
        return X, y, spec
    if name == "blobs":
        noise = 1.0 if noise is None else noise
        X, y = skd.make_blobs(
            n_samples=n, centers=[[-2.0, -1.0], [2.0, 1.0]], cluster_std=noise, random_state=seed
        )
    elif name == "circles":
        noise = 0.05 if noise is None else noise
        factor = float(kw.get("factor", 0.4))
        X, y = skd.make_circles(n_samples=n, noise=noise, factor=factor, random_state=seed)
        X = X * 3.0
        spec["factor"] = factor
    elif name == "rings":
        noise = 0.05 if noise is None else noise
        X, y = rings(n // 2, noise=noise, rng=np.random.RandomState(seed))
    elif name == "moons":
        noise = 0.1 if noise is None else noise
        X, y = skd.make_moons(n_samples=n, noise=noise, random_state=seed)
    elif name == "xor":
        noise = 0.15 if noise is None else noise
        X, y = xor(n, noise, seed)
    else:
        noise = 0.2 if noise is None else noise
        classes = int(kw.get("classes") or 3)
        X, y = spiral(n, classes, noise, seed)
        spec["classes"] = classes
    spec["noise"] = float(noise)
    return np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64), spec
