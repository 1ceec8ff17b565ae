# make package: the Linux bundle (build/dist/habitat-panel/) and the .deb (build/*.deb).
# Uses a build venv of its own (build/venv) with the project and PyInstaller from PyPI.
PYTHON ?= python3
VENV := build/venv
PY := $(VENV)/bin/python

.PHONY: package bundle icons deb measure clean-package

package: deb

$(VENV)/.ready: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q . "pyinstaller>=6.10"
	touch $@

icons: $(VENV)/.ready
	$(PY) packaging/render_icons.py build/icons

bundle: $(VENV)/.ready icons
	rm -rf build/dist/habitat-panel
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath build/dist \
	    --workpath build/pyinstaller packaging/habitat-panel.spec
	build/dist/habitat-panel/habitat-panel --version
	build/dist/habitat-panel/habitat-sim --version

deb: bundle
	bash packaging/linux/build-deb.sh build/dist/habitat-panel build/icons build

measure:
	bash packaging/measure.sh

clean-package:
	rm -rf build
