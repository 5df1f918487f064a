"""Seeded two-dimensional datasets for the explainer, and the seed's feature map phi."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

DATASETS = ("blobs", "circles", "rings", "moons", "xor", "spiral", "csv")
MAX_POINTS = 1_000_000


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


def read_csv(path, classes=None) -> tuple[np.ndarray, np.ndarray]:
    """Read a CSV of x1, x2, label (a header line is allowed). Raises ValueError naming the line.

    Without ``classes``, labels are class indices 0, 1, ... and y is int64. With ``classes``
    (a classifier's own class names, such as scikit-learn's ``classes_``: ['no', 'yes'] or
    [1, 2]), each label must be one of them, and y holds those class values.
    """
    path = Path(path)
    match = _class_matcher(classes) if classes is not None else None
    rows, labels = [], []
    try:
        with path.open(newline="") as f:
            for lineno, row in enumerate(csv.reader(f), start=1):
                if not row or all(not c.strip() for c in row):
                    continue
                if len(row) != 3:
                    raise ValueError(
                        f"{path}:{lineno}: expected 3 columns x1, x2, label, found {len(row)}"
                    )
                try:
                    x1, x2 = float(row[0]), float(row[1])
                    lab = float(row[2]) if match is None else row[2]
                except ValueError:
                    if lineno == 1 and not rows:
                        continue  # header
                    raise ValueError(
                        f"{path}:{lineno}: expected numbers x1, x2"
                        f"{', label' if match is None else ''}, found {row}"
                    ) from None
                if not (np.isfinite(x1) and np.isfinite(x2)):
                    raise ValueError(f"{path}:{lineno}: expected finite x1, x2, found {row[:2]}")
                if match is not None:
                    lab = match(row[2])
                    if lab is None:
                        raise ValueError(
                            f"{path}:{lineno}: expected a label among the classifier's classes "
                            f"{list(np.asarray(classes).tolist())}, found {row[2]!r}")
                elif lab != int(lab) or lab < 0:
                    raise ValueError(
                        f"{path}:{lineno}: expected a class label 0, 1, ..., found {row[2]!r}"
                    )
                else:
                    lab = int(lab)
                rows.append((x1, x2))
                labels.append(lab)
                if len(rows) > MAX_POINTS:
                    raise ValueError(f"{path}: expected at most {MAX_POINTS} points")
    except OSError as e:
        raise ValueError(f"{path}: cannot read the CSV ({e.strerror})") from None
    if len(rows) < 2:
        raise ValueError(f"{path}: expected at least 2 points, found {len(rows)}")
    if match is None:
        y = np.array(labels, dtype=np.int64)
    else:
        y = np.array(labels, dtype=np.asarray(classes).dtype)
    if len(np.unique(y)) < 2:
        raise ValueError(f"{path}: expected at least 2 classes, found labels "
                         f"{sorted(set(np.asarray(y).tolist()))}")
    return np.array(rows, dtype=np.float64), y


def make_dataset(name: str, n: int = 200, noise: float | None = None, seed: int = 0, **kw):
    """Build dataset ``name`` with n points; returns (X (n, 2) float64, y (n,) int64, spec).

    ``spec`` is the JSON-ready record of how it was made, stored in a trace's metadata.
    """
    from sklearn import datasets as skd

    if name not in DATASETS:
        raise ValueError(f"dataset must be one of {list(DATASETS)}, got {name!r}")
    if name != "csv" and not 4 <= n <= MAX_POINTS:
        raise ValueError(f"n must be between 4 and {MAX_POINTS}, got {n}")
    spec: dict = {"name": name, "n": n, "seed": seed}
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
    elif name == "spiral":
        noise = 0.2 if noise is None else noise
        classes = int(kw.get("classes", 3))
        X, y = spiral(n, classes, noise, seed)
        spec["classes"] = classes
    else:
        path = kw.get("path")
        if not path:
            raise ValueError("the csv dataset needs a path: --data FILE")
        X, y = read_csv(path, classes=kw.get("classes"))
        spec = {"name": "csv", "path": str(path), "n": len(X)}
        return X, y, spec
    spec["noise"] = float(noise)
    return np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64), spec
