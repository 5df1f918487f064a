# mlp-explainer: every target sets up what it needs first (scripts/bootstrap.sh is idempotent).
# Only the tests need PyTorch (about 1 GB): setup-test adds it, setup never installs it.
PY := .venv/bin/python
BIN := .venv/bin
# The other supported Manim (MANIM_OTHER in scripts/bootstrap.sh), built by --test.
OTHER_BIN := .venv-manim0.21/bin
# What differs between the two Manims, tested on the other one: config and output options
# (and the explainer's look a scene of one's own gets),
# the manim command and its scene cache, the camera, sections and captions, sound, slides,
# the pipeline's encoder flags, every chapter rendered with its words on screen, and a
# language's words in TeX.
OTHER_TESTS := tests/scenes/test_manim_config.py tests/scenes/test_look.py \
	tests/scenes/test_camera.py tests/scenes/test_plane_scene_cli.py \
	tests/scenes/test_hidden_space_cli.py \
	tests/scenes/test_scene_captions.py tests/scenes/test_every_chapter.py \
	tests/scenes/test_voice.py tests/scenes/test_language.py \
	tests/explainer/test_manim_cli_flags.py \
	tests/explainer/test_render_real_scene.py tests/explainer/test_render_voice.py \
	tests/explainer/test_slides_compat.py tests/explainer/test_slides_notes.py

.PHONY: setup setup-test demo test lint assets bench messages

setup:
	@scripts/bootstrap.sh

setup-test:
	@scripts/bootstrap.sh --test

demo: setup
	$(BIN)/mlp-explainer demo

# The whole suite on the default Manim, then what differs between Manims on the other one.
test: setup-test
	$(BIN)/ruff check .
	$(BIN)/pytest -n 2 --dist loadgroup -q
	$(OTHER_BIN)/pytest -n 2 --dist loadgroup -q $(OTHER_TESTS)

lint: setup
	$(BIN)/ruff check .

assets: setup
	$(PY) -m explainer.assets

# locale/messages.pot from the code's marked strings, and every locale/*.po brought up to date
messages: setup
	$(PY) scripts/messages.py --update

bench: setup
	$(PY) bench/train_speed.py
	$(PY) bench/render_speed.py
	$(PY) bench/warp_speed.py
	$(PY) bench/deep_warp_speed.py
	$(PY) bench/explore_speed.py
	$(PY) bench/explore_wide_speed.py
	$(PY) bench/boundary_points_speed.py
	$(PY) bench/chapter_speed.py
	$(PY) bench/demo_speed.py
	$(PY) bench/pipeline_speed.py
	$(PY) bench/languages.py
	$(PY) bench/voice_speed.py
	$(PY) bench/realtime.py

.PHONY: render
render: setup
	$(BIN)/mlp-explainer render
