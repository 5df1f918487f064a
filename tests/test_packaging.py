"""Installed like any package: the wheel built from this checkout, installed into a fresh
virtual environment without the checkout on the path, and used from an empty folder of
one's own, as a lecturer would.

The environment is made once per test run and shared by the pytest workers (a lock file;
the first worker to take it builds, the others wait and reuse it). uv installs it from its
cache, with the versions this environment has (a constraints file): a machine's first run
fetches the dependencies once, and later runs download nothing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import av
import numpy as np
import pytest
import trove_classifiers
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("mlp", "scenes", "explainer")
BACKGROUND = (0x10, 0x14, 0x18)  # the look: scenes/manim.cfg's background_color


class Installed:
    """The wheel and sdist built from the checkout, and the environment the wheel is in."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.dist = folder / "dist"
        self.venv = folder / "venv"
        self.bin = self.venv / "bin"

    @property
    def wheel(self) -> Path:
        return next(self.dist.glob("*.whl"))

    @property
    def sdist(self) -> Path:
        return next(self.dist.glob("*.tar.gz"))

    def site_packages(self) -> Path:
        return next((self.venv / "lib").glob("python3*/site-packages"))

    def env(self, folder: Path) -> dict[str, str]:
        """The user's shell: no checkout on the path, Jupyter's files in their folder."""
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "MLP_TRACE", "VIRTUAL_ENV", "PYTHONHOME")}
        env.update(PATH=f"{self.bin}{os.pathsep}{env.get('PATH', '')}",
                   JUPYTER_DATA_DIR=str(folder / ".jupyter"), JUPYTER_PLATFORM_DIRS="1")
        return env

    def run(self, folder: Path, *cmd: str, timeout: float = 600) -> subprocess.CompletedProcess:
        """A command of the environment (mlp-explainer, manim, python), run in ``folder``;
        fails the test with its output when it fails."""
        done = subprocess.run([str(self.bin / cmd[0]), *cmd[1:]], cwd=folder,
                              env=self.env(folder), capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}"
        return done


def _build(installed: Installed) -> None:
    """Build the sdist, the wheel from it, and the fresh environment with the wheel."""
    folder = installed.folder
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir",
                    str(installed.dist), str(ROOT)], check=True, capture_output=True)
    # The versions this environment has, so uv's cache has them all after a first run.
    freeze = subprocess.run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
                            check=True, capture_output=True, text=True).stdout
    pins = [line for line in freeze.splitlines()
            if "==" in line and not line.lower().startswith(("mlp-explainer", "mlp_explainer"))]
    (folder / "constraints.txt").write_text("\n".join(pins) + "\n")
    uv = [sys.executable, "-m", "uv"]
    subprocess.run([*uv, "venv", "-q", "--python", sys.executable, str(installed.venv)],
                   check=True, capture_output=True)
    # compiled once here, as pip does: with PYTHONDONTWRITEBYTECODE set, each command would
    # otherwise compile every module it imports, every time
    subprocess.run([*uv, "pip", "install", "-q", "--compile-bytecode", "--python",
                    str(installed.bin / "python"), "-c", str(folder / "constraints.txt"),
                    f"{installed.wheel}[notebook]", "nbclient"], check=True, capture_output=True)


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Installed:
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")  # one id for every worker of a run
    base = tmp_path_factory.getbasetemp()
    folder = base.parent / f"installed-{run}" if run else base / "installed"
    with FileLock(str(folder) + ".lock"):
        ready = folder / "ready"
        if not ready.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            try:
                _build(Installed(folder))
            except subprocess.CalledProcessError as e:
                pytest.fail(f"{' '.join(map(str, e.cmd))} failed:\n{e.stdout}\n{e.stderr}")
            ready.touch()
    return Installed(folder)


@pytest.fixture
def home(tmp_path) -> Path:
    """An empty folder of the user's own."""
    folder = tmp_path / "lecture"
    folder.mkdir()
    return folder


def _installed_files(installed: Installed) -> set[Path]:
    """The files under site-packages, compiled bytecode aside."""
    return {p for p in installed.site_packages().rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture
def untouched(installed):
    """Fails the test when it leaves a file inside the installed packages."""
    before = _installed_files(installed)
    yield
    added = sorted(_installed_files(installed) - before)
    assert not added, f"written inside site-packages: {added[:5]}"


def _readme_block(marker: str) -> str:
    """The fenced block right after ``<!-- marker -->`` in the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- {re.escape(marker)} -->\n```\w*\n(.*?)```", text, re.S)
    assert match, f"README has no block after <!-- {marker} -->"
    return match.group(1)


def _frames(path: Path) -> tuple[list[np.ndarray], float]:
    """Every frame of a video (RGB arrays), and its frame rate."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        rate = float(stream.average_rate)
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
    return frames, rate


def _check_video(path: Path, size=(854, 480), fps=15.0) -> list[np.ndarray]:
    """A video that decodes, at -ql's size and rate, with the explainer's background."""
    assert path.is_file(), f"no video at {path}"
    frames, rate = _frames(path)
    assert len(frames) > fps, f"{path}: {len(frames)} frames"
    assert rate == fps
    assert frames[0].shape == (size[1], size[0], 3)
    corner = frames[-1][:4, :4].reshape(-1, 3)
    assert np.abs(corner.astype(int) - BACKGROUND).max() <= 2, corner[0]
    return frames


def _train(installed: Installed, folder: Path, name: str = "moons-linear.npz") -> Path:
    installed.run(folder, "mlp-explainer", "train", "--dataset", "moons", "--hidden", "none",
                  "--steps", "200", "--out", name, "--quiet")
    return folder / name


# --- the wheel and the sdist -----------------------------------------------------------


def test_twine_check_passes_on_the_wheel_and_the_sdist(installed):
    done = subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                           str(installed.wheel), str(installed.sdist)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2, done.stdout


def test_the_wheel_carries_the_traces_the_look_and_the_explorer(installed):
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
        assets = sorted((ROOT / "assets").glob("*.npz"))
        assert assets
        for path in assets:  # the repository's assets/, byte for byte
            assert wheel.read(f"mlp/assets/{path.name}") == path.read_bytes(), path.name
        assert wheel.read("scenes/manim.cfg") == (ROOT / "scenes" / "manim.cfg").read_bytes()
        for path in sorted((ROOT / "locale").glob("*.po*")):  # the languages' catalogs
            assert wheel.read(f"scenes/locale/{path.name}") == path.read_bytes(), path.name
        explore = ROOT / "explainer" / "explore"
        for path in explore.rglob("*"):  # the page, its style and every script module
            if path.suffix in (".js", ".html", ".css"):
                name = path.relative_to(explore).as_posix()
                assert wheel.read(f"explainer/explore/{name}") == path.read_bytes(), name
        # every module of the three packages, and nothing else at the top level
        for package in PACKAGES:
            for path in (ROOT / package).rglob("*.py"):
                assert path.relative_to(ROOT).as_posix() in names, path
        top = {n.split("/")[0] for n in names}
        assert {t for t in top if not t.endswith(".dist-info")} == set(PACKAGES)
        meta = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert f"\nVersion: {project['version']}\n" in meta
    assert "\nLicense-Expression: MIT\n" in meta
    assert "\nDescription-Content-Type: text/markdown\n" in meta
    for extra in ("notebook", "torch"):
        assert f"\nProvides-Extra: {extra}\n" in meta
    assert "\nProject-URL: " in meta
    classifiers = re.findall(r"^Classifier: (.+)$", meta, re.M)
    assert classifiers and set(classifiers) <= trove_classifiers.classifiers, classifiers


def test_the_sdist_carries_the_traces_the_tests_and_the_notebook(installed):
    import tarfile

    with tarfile.open(installed.sdist) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    for path in (ROOT / "assets").glob("*.npz"):
        assert f"assets/{path.name}" in names
    assert {"tests/test_packaging.py", "docs/notebook.ipynb", "LICENSE", "manim.cfg"} <= names


def test_the_cli_says_its_version(installed, home):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert installed.run(home, "mlp-explainer", "--version").stdout == \
        f"mlp-explainer {version}\n"


def test_the_packages_shadow_nothing_a_user_has(installed, home):
    """mlp, scenes and explainer are installed as top-level packages: no other installed
    distribution (scikit-learn, Manim, Jupyter's kernel and client, and, in the test
    environment, PyTorch) and no standard library module has one of those names."""
    probe = ("import json, sys\n"
             "from importlib.metadata import packages_distributions\n"
             "owners = packages_distributions()\n"
             f"names = {list(PACKAGES)!r}\n"
             "print(json.dumps({'owners': {n: sorted(set(owners.get(n, []))) for n in names},"
             " 'stdlib': sorted(set(names) & sys.stdlib_module_names),"
             " 'has': sorted(d for d in ('scikit-learn', 'manim', 'ipykernel', 'jupyter_client',"
             " 'nbclient', 'torch') if any(d in v for v in owners.values()))}))\n")
    fresh = json.loads(installed.run(home, "python", "-c", probe).stdout)
    here = json.loads(subprocess.run([sys.executable, "-c", probe], capture_output=True,
                                     text=True, check=True).stdout)
    assert fresh["owners"] == {n: ["mlp-explainer"] for n in PACKAGES}, fresh
    assert {"scikit-learn", "manim", "ipykernel", "jupyter_client", "nbclient"} <= \
        set(fresh["has"])
    assert "torch" in here["has"]
    for env in (fresh, here):
        assert env["stdlib"] == []
        others = {n: [d for d in owners if d != "mlp-explainer"]
                  for n, owners in env["owners"].items()}
        assert others == {n: [] for n in PACKAGES}, others


# --- from an empty folder of one's own ---------------------------------------------------


def test_train_and_inspect_from_an_empty_folder(installed, home, untouched):
    trace = _train(installed, home)
    with np.load(trace) as z:  # read independently of the package
        steps, loss, accuracy = z["steps"], z["loss"], z["accuracy"]
        n = len(z["X"])
    summary = json.loads(installed.run(home, "mlp-explainer", "inspect", trace.name,
                                       "--json").stdout)
    assert summary["sizes"] == [2, 1] and summary["n_examples"] == n == 200
    assert summary["snapshots"] == len(steps) and summary["last_step"] == steps[-1] == 200
    assert summary["final_loss"] == pytest.approx(float(loss[-1]))
    assert summary["final_accuracy"] == pytest.approx(float(accuracy[-1]))
    assert sorted(p.name for p in home.iterdir()) == [trace.name]


def test_import_a_json_lines_run_from_an_empty_folder(installed, home, untouched):
    run = home / "run.jsonl"
    run.write_text("\n".join(json.dumps(line) for line in [
        {"format": "mlp-explainer-jsonl", "version": 1, "sizes": [2, 2, 1],
         "activations": ["tanh"], "output": "binary",
         "X": [[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], "y": [0, 1, 1]},
        {"step": 0, "weights": [[[0.1, -0.2], [0.3, 0.4]], [[0.5], [-0.6]]],
         "biases": [[0.0, 0.0], [0.0]]},
        {"step": 10, "weights": [[[0.6, -0.1], [-0.2, 0.9]], [[1.2], [-0.8]]],
         "biases": [[0.1, -0.1], [0.2]]}]) + "\n")
    installed.run(home, "mlp-explainer", "import", "run.jsonl", "--out", "run.npz")
    with np.load(home / "run.npz") as z:
        assert z["steps"].tolist() == [0, 10]
        assert z["W0"][-1].tolist() == [[0.6, -0.1], [-0.2, 0.9]]


def test_render_linear_classifier_from_an_empty_folder(installed, home, untouched):
    installed.run(home, "mlp-explainer", "render", "-ql", "--scenes", "LinearClassifier",
                  "--quiet")
    out = home / "media" / "explainer"
    _check_video(out / "clips" / "LinearClassifier.mp4")
    manifest = json.loads((out / "manifest.json").read_text())
    assert [c["scene"] for c in manifest["clips"]] == ["LinearClassifier"]
    want = (ROOT / "assets" / "blobs-linear.npz").read_bytes()
    import hashlib

    assert manifest["clips"][0]["traces"][0]["sha256"] == hashlib.sha256(want).hexdigest()


def _lecture(installed: Installed, home: Path) -> None:
    """The README's lecture.py and the trace it plays, in the user's folder."""
    (home / "lecture.py").write_text(_readme_block("lecture.py"))
    _train(installed, home)


def test_the_readme_lecture_subclassing_a_chapter_renders_with_manim(installed, home,
                                                                      untouched):
    _lecture(installed, home)
    installed.run(home, "manim", "-ql", "-v", "WARNING", "--progress_bar", "none",
                  "--disable_caching", "lecture.py", "MyLine")
    video = home / "media" / "videos" / "lecture" / "480p15" / "MyLine.mp4"
    _check_video(video)
    with np.load(home / "moons-linear.npz") as z:
        steps = z["steps"]
    middle = len(steps) // 2
    captions = video.with_suffix(".srt").read_text()
    assert f"From step 0 to step {steps[middle]}." in captions
    assert f"From step {steps[middle]} to step {steps[-1]}." in captions


def test_the_readme_story_renders_the_users_own_scene(installed, home, untouched):
    _lecture(installed, home)
    story = json.loads(_readme_block("story.json"))
    (home / "story.json").write_text(json.dumps(story))
    installed.run(home, "mlp-explainer", "render", "-ql", "--story", "story.json",
                  "--scenes", "MyPlane", "--out", "lecture", "--quiet")
    _check_video(home / "lecture" / "clips" / "MyPlane.mp4")
    manifest = json.loads((home / "lecture" / "manifest.json").read_text())
    clip = manifest["clips"][0]
    assert clip["module"] == "lecture.py"
    # the scene's own trace, read from the story's folder, is in the clip's key
    assert str((home / "moons-linear.npz").resolve()) in [t["path"] for t in clip["traces"]]


def test_the_explorer_page_from_an_empty_folder(installed, home, untouched):
    trace = _train(installed, home, "run.npz")
    installed.run(home, "mlp-explainer", "explore", "run.npz", "--out", "page.html")
    page = (home / "page.html").read_text()
    # without --out, the page of a trace elsewhere (the installed seed's) lands here
    seed = installed.site_packages() / "mlp" / "assets" / "seed-notebook.npz"
    installed.run(home, "mlp-explainer", "explore", str(seed))
    assert (home / "seed-notebook.html").is_file()
    with np.load(trace) as z:
        steps, loss = z["steps"], z["loss"]
    payload = json.loads(re.search(r'<script type="application/json" id="trace-data">(.*?)'
                                   r'</script>', page, re.S).group(1))
    assert payload["format"] == "mlp-explainer-explore"
    assert payload["steps"] == steps.tolist()
    assert payload["loss"] == pytest.approx(loss.tolist())


def test_the_notebook_runs_from_the_installed_wheel(installed, home, untouched):
    shutil.copy(ROOT / "docs" / "notebook.ipynb", home / "notebook.ipynb")
    script = (
        "import sys, nbformat\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read('notebook.ipynb', as_version=4)\n"
        "nb.cells.append(nbformat.v4.new_code_cell("
        "'import sys, mlp; print(sys.prefix); print(mlp.__file__)'))\n"
        "NotebookClient(nb, timeout=600, kernel_name='python3',"
        " resources={'metadata': {'path': '.'}}).execute()\n"
        "nbformat.write(nb, 'executed.ipynb')\n")
    installed.run(home, "python", "-c", script)
    import nbformat

    nb = nbformat.read(home / "executed.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    prefix, mlp_file = outputs[-1]["text"].split()
    assert Path(prefix).resolve() == installed.venv.resolve()
    assert Path(mlp_file).resolve().is_relative_to(installed.site_packages().resolve())
    data = [o.get("data", {}) for o in outputs]
    assert any("application/vnd.jupyter.widget-view+json" in d for d in data)  # explore
    videos = [re.search(r'<video src="([^"]+)"', d["text/html"]) for d in data
              if "<video" in d.get("text/html", "")]
    assert len(videos) == 1 and videos[0]
    _check_video(home / videos[0].group(1))
