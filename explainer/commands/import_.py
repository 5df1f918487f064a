"""mlp-explainer import: turn a training run recorded elsewhere into a trace file.

Two sources: a JSON-lines run (docs/trace-format.md), which is only ever parsed, and a
fitted scikit-learn MLPClassifier or MLPRegressor saved with pickle or joblib. Loading a
pickle runs code that the file chooses, so it is refused unless ``--trust-pickle`` says the
file is your own;
the refusal also covers a pickle hiding behind another extension (its first byte tells).
"""

from __future__ import annotations

from pathlib import Path

from explainer.errors import UsageError
from mlp.datasets import DATASETS, make_dataset

NAME = "import"
HELP = "Convert a run recorded elsewhere (JSON lines, or a fitted scikit-learn model) to a trace."

JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines", ".json"}
PICKLE_SUFFIXES = {".pkl", ".pickle", ".joblib"}
FORMATS = ("auto", "jsonl", "sklearn-pickle")


def add_arguments(p) -> None:
    p.add_argument("source", help="run.jsonl, or model.joblib/.pkl (a fitted MLPClassifier or "
                   "MLPRegressor)")
    p.add_argument("--out", required=True, help="trace file to write (.npz)")
    p.add_argument("--format", choices=FORMATS, default="auto",
                   help="what the source is (default: from its extension and first byte)")
    p.add_argument("--float32", action="store_true", help="store parameters as float32")
    p.add_argument("--no-gradients", action="store_true", help="leave gradients out")
    g = p.add_argument_group("scikit-learn model (a pickle)")
    g.add_argument("--trust-pickle", action="store_true",
                   help="load the pickle (this runs code from the file: only for files you "
                        "made yourself)")
    g.add_argument("--data", help="CSV of x1, ..., xd, label: the model's training data, each "
                   "label one of the model's classes (its classes_, such as yes/no or 0/1), "
                   "or for an MLPRegressor its numeric target")
    g.add_argument("--dataset", choices=[d for d in DATASETS if d != "csv"],
                   help="or a built-in dataset as its training data (with --n, --noise, --seed)")
    g.add_argument("--n", type=int, default=200)
    g.add_argument("--noise", type=float, default=None)
    g.add_argument("--seed", type=int, default=0)


def detect_format(path: Path) -> str:
    """'jsonl' or 'sklearn-pickle', from the first byte and then the extension."""
    try:
        with path.open("rb") as f:
            head = f.read(4)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as e:
        raise UsageError(f"{path}: cannot read it ({e.strerror})") from None
    if head[:1] == b"\x80" or path.suffix.lower() in PICKLE_SUFFIXES:
        return "sklearn-pickle"  # pickle protocols 2 and later start with 0x80
    if head[:2] == b"PK":
        raise UsageError(f"{path}: expected a run to import (JSON lines or a scikit-learn "
                         f"model), found a zip archive: an .npz trace needs no import")
    if path.suffix.lower() in JSONL_SUFFIXES or head.lstrip()[:1] == b"{":
        return "jsonl"
    raise UsageError(f"{path}: cannot tell the format from the name; expected .jsonl, or "
                     f".joblib/.pkl: pass --format jsonl or --format sklearn-pickle")


def _training_data(args, classes=None, regression: bool = False):
    """The model's training data: --data (its labels the classifier's own class names,
    ``classes``, or a regressor's numbers) or a built-in --dataset (all of its points)."""
    if args.data:
        return make_dataset("csv", path=args.data, classes=classes, regression=regression)
    X, y, spec = make_dataset(args.dataset, n=args.n, noise=args.noise, seed=args.seed)
    if (spec.get("task") == "regression") != regression:
        model, has = (("an MLPRegressor", "class labels") if regression else
                      ("an MLPClassifier", "a numeric target"))
        raise UsageError(f"--dataset {args.dataset} has {has}, but the model is {model}: "
                         f"give its training data with --data FILE.csv")
    return X, y, spec


def _import_pickle(source: Path, args):
    from mlp.importers.sklearn import architecture, import_sklearn, is_regressor

    if not args.trust_pickle:
        raise UsageError(
            f"{source}: refusing to load a pickle: loading one runs whatever code the file "
            f"holds. If you saved this model yourself, pass --trust-pickle; otherwise record "
            f"the run with mlp.importers.sklearn or write JSON lines (docs/trace-format.md)")
    if not (args.data or args.dataset):
        raise UsageError("a scikit-learn model does not keep its training data: give it with "
                         "--data FILE.csv (x1, ..., xd, label) or --dataset NAME")
    import joblib

    try:
        clf = joblib.load(source)
    except Exception as e:  # a damaged or foreign pickle can fail in any way
        raise UsageError(f"{source}: cannot load the model ({type(e).__name__}: "
                         f"{str(e).splitlines()[0] if str(e) else ''})") from None
    architecture(clf)  # a fitted MLPClassifier, before its classes_ read the labels
    if is_regressor(clf):
        X, y, spec = _training_data(args, regression=True)
        return import_sklearn(clf, X, y, dataset=spec,
                              gradients="none" if args.no_gradients else "core")
    classes = clf.classes_.tolist()
    if args.dataset and classes != list(range(len(classes))):
        raise UsageError(f"--dataset {args.dataset} labels its points 0, 1, ..., but the model's "
                         f"classes are {classes}: give its training data with --data FILE.csv "
                         f"whose label column holds those names")
    X, y, spec = _training_data(args, classes=clf.classes_)
    return import_sklearn(clf, X, y, dataset=spec,
                          gradients="none" if args.no_gradients else "core")


def run(args) -> int:
    from mlp.importers.common import save_checked
    from mlp.importers.jsonl import read_jsonl

    source = Path(args.source)
    fmt = detect_format(source) if args.format == "auto" else args.format
    if not source.is_file():
        raise UsageError(f"{source}: no such file")
    if fmt == "sklearn-pickle":
        trace = _import_pickle(source, args)
    else:
        if args.trust_pickle or args.data or args.dataset:
            raise UsageError("--trust-pickle, --data and --dataset are for a scikit-learn "
                             "model; a JSON-lines file carries its own data")
        trace = read_jsonl(source, gradients="none" if args.no_gradients else "auto")
    path = save_checked(trace, args.out, source=source, float32=args.float32)
    prod = trace.meta.get("producer", {})
    print(f"wrote {path}: {'-'.join(map(str, trace.sizes))} {trace.output}, "
          f"{trace.n_snapshots} snapshot(s) (steps {trace.steps[0]} to {trace.steps[-1]}), "
          f"from {prod.get('name', 'unknown')} {prod.get('version', '')}".rstrip()
          + ("" if trace.has_gradients else ", no gradients"))
    return 0
