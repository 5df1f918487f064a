#!/usr/bin/env bash
# Set up everything mlp-explainer needs, idempotently: system packages, a virtual
# environment in .venv and an editable install with the dev extras.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(
  libcairo2-dev libpango1.0-dev pkg-config
  texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm
  chromium
)
PYTHON=${PYTHON:-python3}
VENV=.venv

REVEAL_VERSION=6.0.1  # the reveal.js the slide decks embed (explainer/pipeline/slides.py)

install_system_packages() {
  # npm fetches reveal.js for the offline slide decks; the system's own npm will do.
  command -v npm >/dev/null 2>&1 || SYSTEM_PACKAGES+=(npm)
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "bootstrap: no apt here; install these with your package manager: ${SYSTEM_PACKAGES[*]}" >&2
    return 0
  fi
  local missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "bootstrap: installing system packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
}

install_python_packages() {
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  # Reinstall only when the project's declared dependencies change.
  local stamp="$VENV/.installed-$(cat pyproject.toml scripts/requirements-test.txt 2>/dev/null | sha256sum | cut -c1-16)"
  if [ ! -e "$stamp" ]; then
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[dev]"
    if [ -f scripts/requirements-test.txt ]; then
      "$VENV/bin/python" -m pip install -q -r scripts/requirements-test.txt
    fi
    rm -f "$VENV"/.installed-*
    touch "$stamp"
  fi
}

install_reveal() {
  # reveal.js from the npm registry, unpacked inside the virtual environment.
  local dest="$VENV/share/reveal.js-$REVEAL_VERSION"
  [ -f "$dest/package/dist/reveal.js" ] && return 0
  if ! command -v npm >/dev/null 2>&1; then
    echo "bootstrap: npm not found; slide decks (render --slides) need reveal.js $REVEAL_VERSION" >&2
    return 0
  fi
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "reveal.js@$REVEAL_VERSION" >/dev/null && tar xzf reveal.js-*.tgz)
  rm -rf "$dest" && mkdir -p "$dest" && mv "$tmp/package" "$dest/package"
  rm -rf "$tmp"
}

# Manim: .venv runs the newest release we support, the one `pip install manim` gives users;
# `scripts/bootstrap.sh --other-manim` (make test) also builds .venv-manim<OTHER>, where the
# scene and pipeline tests run on the oldest one we support.
MANIM_DEFAULT=0.22
MANIM_OTHER=0.21

ensure_manim() {
  # ensure_manim VENV SERIES: make VENV's Manim a SERIES.* release (an older .venv keeps
  # whatever satisfied the pin when it was made).
  local venv=$1 series=$2
  "$venv/bin/python" - "$series" <<'PY' && return 0
import sys
from importlib.metadata import PackageNotFoundError, version
try:
    sys.exit(0 if version("manim").startswith(sys.argv[1] + ".") else 1)
except PackageNotFoundError:
    sys.exit(1)
PY
  echo "bootstrap: $venv: installing manim $series.*"
  "$venv/bin/python" -m pip install -q "manim==$series.*"
}

install_other_manim() {
  # The same project, extras and reveal.js in a second environment, on the other Manim.
  local constraint
  constraint=$(mktemp)
  echo "manim==$MANIM_OTHER.*" >"$constraint"
  VENV=".venv-manim$MANIM_OTHER" PIP_CONSTRAINT="$constraint" install_python_packages
  rm -f "$constraint"
  ensure_manim ".venv-manim$MANIM_OTHER" "$MANIM_OTHER"
  VENV=".venv-manim$MANIM_OTHER" install_reveal
}

install_system_packages
install_python_packages
ensure_manim "$VENV" "$MANIM_DEFAULT"
install_reveal
for arg in "$@"; do
  case "$arg" in
    --other-manim) install_other_manim ;;
    *) echo "bootstrap: unknown option $arg (expected --other-manim)" >&2; exit 2 ;;
  esac
done
