# Two commands on a fresh machine: `make play` and `make test`. Each sets up .venv first when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PLAY_STAMP := $(VENV)/.installed-play

.PHONY: setup play test demo bench screenshots schema golden panels floors clean

# Re-install only when pyproject.toml changed (the stamp is older than it) or the venv is missing.
# A venv left half-made (Debian without python3-venv makes python but no pip) is removed and made again.
# Playing needs the game and authoring extras; testing needs those and the test tools.
$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null || { \
	  echo "Front Desk needs Python 3.10 or newer; $(PYTHON) is $$($(PYTHON) --version 2>&1 || echo missing). Run make with PYTHON=python3.12 (or another 3.10+)."; exit 1; }
	@test -x $(BIN)/pip || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); } || { \
	  rm -rf $(VENV); echo "Could not create $(VENV). On Debian or Ubuntu: sudo apt install python3-venv"; exit 1; }
	@touch $@

$(PLAY_STAMP): pyproject.toml $(VENV)/.python-ok
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[game,authoring]'
	@touch $@

$(STAMP): pyproject.toml $(VENV)/.python-ok
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[game,authoring,test]'
	@touch $@ $(PLAY_STAMP)

setup: $(STAMP)

# mypy cannot follow setuptools' editable finder (frontdesk.simulator is simulator/): it reads the package as it
# installs, laid out here with links to the real folders.
$(VENV)/typecheck/frontdesk: $(STAMP)
	mkdir -p $@
	ln -sfn "$(CURDIR)/simulator" $@/simulator
	ln -sfn "$(CURDIR)/grading" $@/grading
	ln -sf "$(CURDIR)/frontdesk/__init__.py" $@/__init__.py

play: $(PLAY_STAMP)
	$(BIN)/frontdesk play

# The static checks first (seconds), then the suite: ruff (pyflakes, bugbear, naming, docstrings) and mypy, both
# configured in pyproject.toml and held at zero findings.
test: $(STAMP) $(VENV)/typecheck/frontdesk
	$(BIN)/ruff check --quiet
	$(BIN)/mypy
	$(BIN)/python -m pytest

demo: $(STAMP)
	$(BIN)/frontdesk run scenarios/laura-day.yaml --bot expert

# The speed bars of DESIGN section 7, measured on this machine (never part of `make test`).
bench: $(STAMP)
	$(BIN)/python tests/bench.py

# The README's pictures of the game, rendered headless with the real screens (no screen needed).
screenshots: $(STAMP)
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m frontdesk.simulator.ui.screenshots docs/screenshots

schema: $(STAMP)
	$(BIN)/frontdesk schema --out scenarios/scenario.schema.json

# Refresh the committed facts digests of the golden runs (after a change that is meant to change facts).
golden: $(STAMP)
	$(BIN)/python tests/test_golden.py

# The shipped scenarios' generated panels, shipped as data (after a change to the generator; tests check them).
panels: $(STAMP)
	$(BIN)/python tests/test_panels.py

# The whole suite against the oldest versions pyproject.toml allows (its floors), in a venv of its own.
floors: $(VENV)/.python-ok
	rm -rf .venv-floors && $(PYTHON) -m venv .venv-floors
	.venv-floors/bin/python -m pip install --quiet --disable-pip-version-check -e '.[game,authoring,test]' \
	  "PyYAML==6.0.1" "transitions==0.9.2" "pydantic==2.12.0" "platformdirs==4.0.0" "pygame-ce==2.5.3" \
	  "pygame_gui==0.6.14" "Faker==37.12.0"
	.venv-floors/bin/python -m pytest -p no:cacheprovider

clean:
	rm -rf $(VENV) .venv-floors build dist *.egg-info .pytest_cache .hypothesis .mypy_cache .ruff_cache
