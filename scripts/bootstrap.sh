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

install_system_packages
install_python_packages
install_reveal
