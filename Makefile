# perfblog — everyday commands. `make devserver` and `make test` set everything up first.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Extra pelican options, e.g. PELICANOPTS="-e PERFBLOG_WORKERS=1" for a serial build.
PELICANOPTS ?=

GITHUB_PAGES_BRANCH ?= gh-pages
GITHUB_REMOTE ?= origin

.PHONY: help setup system-deps html clean regenerate serve devserver new check publish github test code-css

help:
	@echo "make devserver   set up, build and serve at http://$(HOST):$(PORT) with autoreload"
	@echo "make test        set up (incl. chromium) and run the test suite"
	@echo "make new TITLE=… scaffold a post from the template (perfblog new)"
	@echo "make check       check posts without building (perfblog check)"
	@echo "make html        build the site into $(OUTPUTDIR)/ (development settings)"
	@echo "make publish     production build with publishconf.py (SITEURL from the environment)"
	@echo "make github      publish, then push output/ to the gh-pages branch with ghp-import"
	@echo "make regenerate  rebuild on every change, without a server"
	@echo "make serve       serve $(OUTPUTDIR)/ without rebuilding"
	@echo "make clean       remove $(OUTPUTDIR)/ and the cache"

$(BIN)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

setup: $(BIN)/.installed

# Debian packages the tests need: a real browser, Java for the Nu HTML Checker, npm for
# axe-core and vnu-jar (installed by the tests into ~/.cache/perfblog-quality/).
# Installs only what is missing; uses sudo when not root.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO mkdir -p /usr/share/man/man1; \
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi

html: setup
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

clean:
	rm -rf $(OUTPUTDIR) cache

regenerate: setup
	$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

serve: setup
	$(PELICAN) -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b $(HOST) -p $(PORT)

# `perfblog serve` runs `pelican -lr` and restarts it when the plugin's Python code changes.
devserver: setup
	$(BIN)/perfblog serve --settings $(CONFFILE) --content $(INPUTDIR) --output $(OUTPUTDIR) --bind $(HOST) --port $(PORT)

new: setup
	@test -n "$(TITLE)" || { echo 'usage: make new TITLE="Post title"'; exit 2; }
	$(BIN)/perfblog new "$(TITLE)"

check: setup
	$(BIN)/perfblog check $(CHECK)

publish: setup
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF) --fatal warnings $(PELICANOPTS)

# Publish output/ to the gh-pages branch (with .nojekyll) and push it.
github: publish
	$(BIN)/ghp-import --no-jekyll --push --remote $(GITHUB_REMOTE) --branch $(GITHUB_PAGES_BRANCH) \
	  --message "Publish site from $$(git rev-parse --short HEAD)" $(OUTPUTDIR)

test: $(BIN)/.installed-test system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Regenerate the Pygments stylesheet (light: xcode, dark: monokai; both WCAG AA).
code-css: setup
	$(BIN)/python -m perfblog.glue.codecss > theme/static/css/code.css
