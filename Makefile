# Factdesk — build, run and test.
#
#   make run      install missing system packages, build, open the app
#   make test     install missing system packages, run every test
#   make build    build bin/factdesk only
#   make bench    run the benchmarks and write docs/BENCHMARKS.md figures
#   make smoke    drive the real binary under Xvfb (screenshot + xdotool)
#   make fuzz     short fuzz runs of every fuzz target
#   make package  build an installable Linux desktop package (fyne tool)

GO        ?= go
TAGS      := sqlite_fts5
GOFLAGS_T := -tags=$(TAGS)
BIN       := bin/factdesk
PKGS      := ./...

.PHONY: all setup setup-test build run test test-go vet smoke fuzz fuzz-short bench package clean

all: build

setup:
	@bash scripts/setup.sh

setup-test:
	@bash scripts/setup.sh --test

build: setup
	$(GO) build $(GOFLAGS_T) -o $(BIN) .

run: build
	./$(BIN) $(ARGS)

vet:
	$(GO) vet $(GOFLAGS_T) $(PKGS)

test: setup-test vet smoke fuzz-short test-go

test-go:
	$(GO) test $(GOFLAGS_T) -count=1 $(PKGS)

smoke: build
	bash scripts/smoke.sh

fuzz: setup
	bash scripts/fuzz.sh $(FUZZTIME)

# a few seconds per fuzz target, run by make test
fuzz-short:
	bash scripts/fuzz.sh 3s

bench: setup
	bash scripts/bench.sh

package: setup
	bash scripts/package.sh

clean:
	rm -rf bin dist
