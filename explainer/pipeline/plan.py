"""What to render: settings, render jobs, and the cache keys that decide what is stale.

A job is one run of the manim CLI for one scene in one variant (the mp4 clip, a transparent
clip, or the scene's slides). Its cache key hashes everything the clip depends on: the
scene's source and the local modules it imports (from scenes/ and mlp/, transitively),
the manim.cfg files that apply, the trace content, the quality settings, the variant and
the Manim version. Same key, same clip: nothing is rendered again.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from importlib.metadata import version as _version
from pathlib import Path

from explainer.pipeline.formats import EXPORTS, TRANSPARENT_FORMATS
from explainer.story import PROJECT_ROOT, Chapter
from mlp.bundled import ASSET_DIR
from scenes.look import LOOK_FILE
from scenes.toolkit.camera import DRAWINGS
from scenes.toolkit.camera import ENV_VAR as DRAWING_ENV
from scenes.toolkit.language import DEFAULT as DEFAULT_LANGUAGE
from scenes.toolkit.language import ENV_VAR as LANGUAGE_ENV
from scenes.toolkit.language import catalog_key, check_language
from scenes.toolkit.reading import ENV_VAR as READING_ENV
from scenes.toolkit.reading import ReadingSpeed
from scenes.toolkit.voice import ENV_VAR as VOICE_ENV

# Bump when the pipeline changes what it writes for the same inputs.
PIPELINE_VERSION = "1"

# Manim's quality flags: letter -> (width, height, frames per second).
QUALITIES: dict[str, tuple[int, int, int]] = {
    "l": (854, 480, 15),
    "m": (1280, 720, 30),
    "h": (1920, 1080, 60),
    "p": (2560, 1440, 60),
    "k": (3840, 2160, 60),
}
# What the PowerPoint deck plays, whatever the render's quality: -qm's 1280x720 at 30 fps at
# most (large 1080p60 videos stall PowerPoint's playback), never scaled up.
PPTX_SIZE: tuple[int, int] = QUALITIES["m"][:2]
PPTX_FPS: int = QUALITIES["m"][2]

# How the mp4 clips are encoded, per drawing (Settings.drawing): x264's superfast preset at
# CRF 21 takes about half the CPU of Manim's default (preset medium, CRF 23) and keeps the
# PSNR against the drawn frames at least as high (bench/realtime.py measures both); the
# files are about twice as large. Manim 0.21 has no encoder options: it always uses its own.
X264_OPTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "fast": (("crf", "21"), ("preset", "superfast")),
    "manim": (),
}

# What each rendered variant is called on disk: clips/<Scene><suffix>.
VARIANT_SUFFIX = {"video": ".mp4", **{n: EXPORTS[n].suffix for n in TRANSPARENT_FORMATS}}

LOCAL_PACKAGES = ("scenes", "mlp")


@dataclass(frozen=True)
class Settings:
    """How every clip of a run is rendered.

    quality: one of Manim's flags l, m, h, p, k (-ql ... -qk).
    resolution: (width, height) passed as `-r W,H` over the quality's size, or None.
    fps: frames per second passed as `--fps`, or None for the quality's rate.
    reading: how long captions stay up (scenes.toolkit.reading), passed to every scene as
        $MLP_READING_SPEED.
    voice: who speaks the captions (a spec of scenes.toolkit.voice, such as "espeak-ng"),
        passed as $MLP_VOICE; None for silent clips.
    voice_key: what identifies that voice (its engine's version and settings, or its
        recordings' checksums), for the cache keys; made with the settings by ``voiced``.
    drawing: "fast" (scenes.toolkit.camera.FastImageCamera, and X264_OPTIONS["fast"]), or
        "manim": Manim's own camera and encoder settings, the way clips were made before
        (the same picture, slower; bench/realtime.py compares the two).
    language: the language of the captions and the words on screen (a catalog's code of
        scenes.toolkit.language, "en" by default), passed as $MLP_LANGUAGE.
    """

    quality: str = "l"
    resolution: tuple[int, int] | None = None
    fps: float | None = None
    reading: ReadingSpeed = field(default_factory=ReadingSpeed)
    voice: str | None = None
    voice_key: str | None = None
    drawing: str = "fast"
    language: str = DEFAULT_LANGUAGE

    def __post_init__(self) -> None:
        check_language(self.language, "language")
        if self.quality not in QUALITIES:
            raise ValueError(f"quality: expected one of {', '.join(QUALITIES)}, "
                             f"got {self.quality!r}")
        if self.drawing not in DRAWINGS:
            raise ValueError(f"drawing: expected one of {', '.join(DRAWINGS)}, "
                             f"got {self.drawing!r}")

    @property
    def size(self) -> tuple[int, int]:
        return self.resolution or QUALITIES[self.quality][:2]

    @property
    def frame_rate(self) -> float:
        return float(self.fps) if self.fps else float(QUALITIES[self.quality][2])

    def manim_flags(self) -> list[str]:
        flags = [f"-q{self.quality}"]
        if self.resolution:
            flags += ["-r", f"{self.resolution[0]},{self.resolution[1]}"]
        if self.fps:
            flags += ["--fps", f"{self.fps:g}"]
        return flags

    def encoder_flags(self) -> list[str]:
        """Manim's flags for the mp4 encoder's options (none on a Manim without them)."""
        if tuple(int(p) for p in _version("manim").split(".")[:2]) < (0, 22):
            return []
        return [f for k, v in X264_OPTIONS[self.drawing] for f in ("--encoder-option",
                                                                    f"{k}={v}")]

    def scene_env(self) -> dict[str, str]:
        """What every scene of the run reads from its environment (scenes take no flags)."""
        env = {READING_ENV: str(self.reading), DRAWING_ENV: self.drawing,
               LANGUAGE_ENV: self.language}
        if self.voice:
            env[VOICE_ENV] = self.voice
        return env

    def voiced(self, spec: str | None) -> Settings:
        """These settings with the voice ``spec`` names for their language (None: silent),
        identified once (ValueError or VoiceError, of one line, when it cannot be had)."""
        from dataclasses import replace

        from scenes.toolkit.voice import voice_from_spec

        if not spec:
            return replace(self, voice=None, voice_key=None)
        voice = voice_from_spec(spec, where="--voice", language=self.language)
        if hasattr(voice, "check"):  # a voice that can tell it cannot speak says so now
            voice.check()
        return replace(self, voice=spec, voice_key=voice.key)


@dataclass(frozen=True)
class Job:
    """One manim CLI run and what is made from its output (plain data: it travels to workers).

    variant: "video" (the mp4 clip, with its poster, subtitles and the derived exports),
        "mov" / "webm-alpha" (a transparent render), or "slides" (the scene as a slide deck).
    exports: derived formats made from the mp4 (video variant only).
    key: the cache key; record: the JSON file that remembers the key and what was made.
    tag: the language in the names of the job's files (clips/<Scene>.de.mp4) when a run
        renders several languages; "" for a run of one language, and for a clip shared by
        every language (``shared``: its frames show no word, its beats hold for the slowest
        language's captions, and each language's subtitles are written beside it).
    """

    index: int
    scene: str
    title: str
    module: str
    root: str
    variant: str
    settings: Settings
    key: str
    out_dir: str
    work_dir: str
    record: str
    env: dict[str, str] = field(default_factory=dict)
    exports: tuple[str, ...] = ()
    slides_module: str | None = None
    estimate: float = 10.0
    tag: str = ""
    shared: bool = False

    @property
    def stem(self) -> str:
        """The name of the job's files in clips/ before their suffix: the scene, and the
        language when the run has several (``TinyLine.de``)."""
        return f"{self.scene}.{self.tag}" if self.tag else self.scene

    @property
    def name(self) -> str:
        name = self.scene if self.variant == "video" else f"{self.scene} ({self.variant})"
        return f"{name} [{self.tag}]" if self.tag else name

    def to_json(self) -> dict:
        return asdict(self)


def sha256_file(path: str | Path, *, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _module_file(root: Path, name: str) -> Path | None:
    """The file of a dotted module name of the project's packages (package __init__ or
    module): under root when root holds that package (the project, or a copy of it), else
    the installed one a scene outside the project imports."""
    parts = name.split(".")
    if parts[0] not in LOCAL_PACKAGES:
        return None
    home = root if (root / parts[0]).is_dir() else PROJECT_ROOT
    base = home.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _statements(tree: ast.Module):
    """Every statement of a module, nested ones too (in functions, classes, if, try, with,
    match): imports are statements, so the expressions, most of a tree, are never visited."""
    todo = list(tree.body)
    while todo:
        node = todo.pop()
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            for child in getattr(node, name, None) or ():
                if isinstance(child, ast.stmt):
                    todo.append(child)
                else:  # an except handler or a match case: its statements
                    todo.extend(getattr(child, "body", None) or ())


def _imports(path: Path, root: Path) -> set[Path]:
    """Local files imported by a Python file: scenes.*, mlp.*, relative and sibling imports."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return set()
    found: set[Path] = set()

    def add(name: str) -> None:
        f = _module_file(root, name)
        if f is None:  # a module beside the scene file, imported by its bare name
            sibling = path.parent / (name.split(".")[0] + ".py")
            f = sibling if sibling.is_file() else None
        if f is not None:
            found.add(f.resolve())
            # importing a.b.c runs a/__init__.py and a/b/__init__.py too
            parts = name.split(".")
            for i in range(1, len(parts)):
                pkg = _module_file(root, ".".join(parts[:i]))
                if pkg is not None:
                    found.add(pkg.resolve())

    for node in _statements(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
                stem = base.joinpath(*(node.module or "").split(".")) if node.module else base
                for target in ([stem.with_suffix(".py"), stem / "__init__.py"]
                               + [stem / f"{a.name}.py" for a in node.names]):
                    if target.is_file():
                        found.add(target.resolve())
            elif node.module:
                add(node.module)
                for alias in node.names:  # from scenes import style
                    sub = _module_file(root, f"{node.module}.{alias.name}")
                    if sub is not None:
                        found.add(sub.resolve())
    return found


def dependencies(module: Path, root: Path,
                 imports: dict[tuple[Path, Path], set[Path]] | None = None) -> list[Path]:
    """The scene file and every local module it imports, transitively, sorted.

    imports is a memo shared across chapters ((root, file) -> the local files it imports,
    as found from that root): each file is parsed once per run, however many scenes
    import it.
    """
    memo = {} if imports is None else imports
    module = module.resolve()
    base = root.resolve()
    seen: set[Path] = set()
    todo = [module]
    while todo:
        f = todo.pop()
        if f in seen or not f.is_file():
            continue
        seen.add(f)
        if (base, f) not in memo:
            memo[base, f] = _imports(f, root)
        todo.extend(memo[base, f] - seen)
    return sorted(seen)


def manim_configs(module: Path, root: Path) -> list[Path]:
    """The manim.cfg files Manim reads for this scene (its folder's, and the root's), and
    the explainer's look that importing scenes applies (scenes/manim.cfg)."""
    found = []
    for cfg in (module.resolve().parent / "manim.cfg", root.resolve() / "manim.cfg", LOOK_FILE):
        if cfg.is_file() and cfg.resolve() not in [f.resolve() for f in found]:
            found.append(cfg)
    return found


# a quoted file name ending in .npz in a scene's source
_NPZ_NAME = re.compile(r"""["']([A-Za-z0-9_][A-Za-z0-9_./-]*\.npz)["']""")


def assets_folder(root: Path) -> Path:
    """The bundled traces the scenes under root play: those of root's own mlp package when
    root holds one (a checkout keeps them in assets/, a wheel in mlp/assets/), else those of
    the installed package (mlp.bundled.ASSET_DIR)."""
    if (root / "mlp" / "assets").is_dir():
        return root / "mlp" / "assets"
    if (root / "mlp").is_dir():
        return root / "assets"
    return ASSET_DIR


def default_assets(chapter: Chapter, sources: list[Path], root: Path) -> list[Path]:
    """The bundled traces a scene plays by default.

    The chapter's explicit list when given; otherwise every asset whose name (or its prefix
    before trailing digits, e.g. "seed-width-" for seed-width-5) appears in the sources
    (when none does, all assets: a safe over-approximation), and every file named
    "....npz" in the sources that is there under root (a scene's own trace).
    """
    assets_dir = assets_folder(root)
    every = sorted(assets_dir.glob("*.npz")) if assets_dir.is_dir() else []
    if chapter.assets is not None:
        return [assets_dir / f"{name}.npz" for name in chapter.assets]
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sources)
    # a scene of one's own that names its own trace file (default_trace = "my-run.npz"),
    # which it reads from the folder manim runs in, root
    own = {root / name for name in _NPZ_NAME.findall(text) if (root / name).is_file()}
    found = []
    for path in every:
        stem = path.stem
        prefix = re.sub(r"\d+$", "", stem)
        if stem in text or (prefix != stem and len(prefix) > 3 and prefix in text):
            found.append(path)
    return sorted(own | set(found or every))


@dataclass
class Inputs:
    """Everything a chapter's clips depend on, hashed once per run."""

    chapter: Chapter
    module: Path
    sources: list[Path]
    traces: list[Path]
    trace_hashes: dict[str, str]
    base_key: str
    error: str | None = None

    @property
    def trace_sha256(self) -> str | None:
        hashes = list(self.trace_hashes.values())
        if not hashes:
            return None
        return hashes[0] if len(hashes) == 1 else sha256_text("\n".join(hashes))


def chapter_inputs(chapter: Chapter, *, root: Path, settings: Settings,
                   trace: Path | None, file_hashes: dict[Path, str],
                   imports: dict[tuple[Path, Path], set[Path]] | None = None) -> Inputs:
    """Hash a chapter's sources, configs and traces into its base cache key.

    file_hashes and imports are memos shared across chapters (a module imported by every
    scene is hashed and parsed once per run).
    """
    module = root / chapter.module
    if not module.is_file():
        return Inputs(chapter, module, [], [], {}, "", error=f"{chapter.module}: no such file")

    def digest(p: Path) -> str:
        p = p.resolve()
        if p not in file_hashes:
            file_hashes[p] = sha256_file(p)
        return file_hashes[p]

    sources = dependencies(module, root, imports)
    if chapter.plays_trace and trace is not None:
        traces = [trace]
    else:
        traces = default_assets(chapter, sources, root)
    missing = [t for t in traces if not t.is_file()]
    if missing:
        return Inputs(chapter, module, sources, traces, {}, "",
                      error=f"{chapter.scene}: bundled trace {missing[0]} is missing "
                            f"(make assets rebuilds it)")
    trace_hashes = {str(t): digest(t) for t in traces}
    parts = {
        "pipeline": PIPELINE_VERSION,
        "manim": _version("manim"),
        "scene": chapter.scene,
        "settings": {"quality": settings.quality, "size": list(settings.size),
                     "fps": settings.frame_rate, "reading": str(settings.reading),
                     "voice": [settings.voice, settings.voice_key],
                     "drawing": settings.drawing},
        "sources": {str(p.relative_to(root.resolve()) if p.is_relative_to(root.resolve())
                        else p): digest(p) for p in sources},
        "configs": [digest(c) for c in manim_configs(module, root)],
        "traces": sorted(trace_hashes.values()),
        "uses_trace_env": bool(chapter.plays_trace and trace is not None),
    }
    if settings.language != DEFAULT_LANGUAGE:  # the words a clip says: its catalog's text
        parts["settings"]["language"] = [settings.language, catalog_key(settings.language)]
    base_key = sha256_text(json.dumps(parts, sort_keys=True))
    return Inputs(chapter, module, sources, traces, trace_hashes, base_key)


# What the slides variant renders through besides the scene: the generated wrapper module's
# template and the Slide it subclasses (manim-slides, adapted per Manim version).
SLIDES_SOURCES = tuple(Path(__file__).with_name(n) for n in ("slides.py", "slides_compat.py"))


def job_key(base_key: str, variant: str, slides_sources=SLIDES_SOURCES) -> str:
    """The chapter's base key for one variant; the slides variant also hashes the code that
    wraps the scene into a deck and the manim-slides version, so a change there re-renders
    every deck."""
    parts = [base_key, variant]
    if variant == "slides":
        parts += [sha256_file(p) for p in slides_sources] + [_version("manim-slides")]
    return sha256_text(":".join(parts))
