# orderdesk — every task the team and CI run. `make` alone lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

BIN     := bin/orderdesk
CONFIG  ?= orderdesk.ini
GO      ?= go
# The config file is optional: without it the built-in defaults apply.
CFGFLAG := $(if $(wildcard $(CONFIG)),-config $(CONFIG),)
GOFILES := $(shell find . -name '*.go' -not -path './var/*' -not -name '*_templ.go')

.PHONY: help
help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN): go.mod go.sum $(GOFILES) $(shell find templates static db -type f -not -name '*.go') $(wildcard templates/*/*_templ.go)
	$(GO) build -o $(BIN) .

.PHONY: build
build: $(BIN) ## build bin/orderdesk

.PHONY: generate
generate: ## regenerate the templ components (*_templ.go, committed)
	$(GO) tool templ generate

# db-up starts the private MariaDB unless the config names an external server (database.dsn).
.PHONY: db-up
db-up: $(BIN) ## start the private MariaDB under ./var (installs mariadb-server when root)
	@if [ -n "$$($(BIN) config $(CFGFLAG) --get database.dsn)" ]; then \
		echo "using the database server from [database] dsn"; \
	else \
		DB_PORT=$$($(BIN) config $(CFGFLAG) --get database.local_port) scripts/localdb.sh up; \
	fi

.PHONY: db-down
db-down: ## stop the private MariaDB
	@DB_PORT=$$( [ -x $(BIN) ] && $(BIN) config $(CFGFLAG) --get database.local_port || echo 3307) scripts/localdb.sh down

.PHONY: db-reset
db-reset: ## stop the private MariaDB and delete its data
	scripts/localdb.sh reset

.PHONY: migrate
migrate: db-up ## apply database migrations
	$(BIN) migrate $(CFGFLAG)

.PHONY: seed
seed: migrate ## load the demo data
	$(BIN) seed $(CFGFLAG)

.PHONY: run
run: seed ## start the desk with demo data at http://127.0.0.1:8080 (Ctrl-C stops it)
	$(BIN) serve $(CFGFLAG)

.PHONY: fmt
fmt: ## format Go and templ sources
	gofmt -w $(GOFILES)
	$(GO) tool templ fmt templates

.PHONY: check
check: ## fail on stale generated files, gofmt, go vet or staticcheck findings
	@$(GO) tool templ generate >/dev/null 2>&1
	@if [ -n "$$(git status --porcelain -- '*_templ.go')" ]; then \
		echo "generated templ files are stale or uncommitted; run make generate and commit:"; \
		git status --porcelain -- '*_templ.go'; exit 1; fi
	@$(GO) tool templ fmt -fail templates >/dev/null 2>&1 || { echo "templ files need formatting: make fmt"; exit 1; }
	@out=$$(gofmt -l $(GOFILES)); if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

.PHONY: test-deps
test-deps:
	@scripts/ensure-chromium.sh

# Tests use the private MariaDB (each test makes its own database) unless ORDERDESK_TEST_DSN
# points elsewhere.
.PHONY: test
test: test-deps check db-up ## run every test: unit, real MariaDB and headless Chromium
	ORDERDESK_TEST_DSN=$${ORDERDESK_TEST_DSN:-"orderdesk:orderdesk@tcp(127.0.0.1:$$($(BIN) config $(CFGFLAG) --get database.local_port))/"} \
		$(GO) test -race -count=1 -timeout 30m $(TESTFLAGS) ./...

# Every func FuzzXxx in a _test.go file, each for FUZZTIME; a failing input is written under the
# package's testdata/fuzz/FuzzXxx/, where plain `go test` (and so make test) replays it. Go 1.26's
# fuzz coordinator can end a duration run with a bare "context deadline exceeded" and no input
# (golang/go#75804); that is reported and skipped, a written input fails the target.
FUZZTIME ?= 30s
# A new input is minimized before fuzzing goes on; capping that keeps a 30 s run fuzzing.
FUZZFLAGS ?= -fuzzminimizetime 10s
.PHONY: fuzz
fuzz: ## run every fuzz target for FUZZTIME each (default 30s; FUZZTIME=2m make fuzz)
	@failed=""; for file in $$(grep -rl --include='*_test.go' '^func Fuzz' internal web | sort); do \
		for fn in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$file); do \
			echo "== $$fn ./$$(dirname $$file)"; \
			out=$$($(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) $(FUZZFLAGS) ./$$(dirname $$file) 2>&1); rc=$$?; \
			echo "$$out" | grep -v '^fuzz: elapsed' ; \
			if [ $$rc -ne 0 ]; then \
				if echo "$$out" | grep -q 'Failing input written\|panic:\|--- FAIL: .*/'; then failed="$$failed $$fn"; \
				elif echo "$$out" | grep -q 'context deadline exceeded'; then echo "   (the Go fuzz coordinator's deadline race, no input found: not a failure)"; \
				else failed="$$failed $$fn"; fi; \
			fi; \
		done; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz targets that failed:$$failed"; exit 1; fi

.PHONY: bench
bench: db-up ## run the benchmarks (the first run builds a 1,000,000-order database: a few minutes)
	ORDERDESK_TEST_DSN=$${ORDERDESK_TEST_DSN:-"orderdesk:orderdesk@tcp(127.0.0.1:$$($(BIN) config $(CFGFLAG) --get database.local_port))/"} \
		$(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./...

.PHONY: loadtest
loadtest: seed ## mixed load at 64 connections for 60 s against LOADTEST_URL (starts a demo server if none answers)
	@BIN=$(BIN) CFGFLAG="$(CFGFLAG)" scripts/loadtest.sh

.PHONY: clean
clean: ## remove the binary (keeps the database; see db-reset)
	rm -rf bin
