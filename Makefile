# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a helper.
.PHONY: demo test check check-deps stop status build infra deps test-deps screenshot help deploy-tools check-deploy faults load scenarios bench

help:
	@echo "make demo        install what is missing, build, run the services, the collector, Jaeger, Zipkin, Prometheus, Alertmanager on 127.0.0.1"
	@echo "make check       the fast tier (under 2 minutes, no database): unit tests, Java format, shellcheck, ruff, alert rules, dashboards"
	@echo "make test        make check, then every test: API (real PostgreSQL/Redis), the full stack as processes, the trace UI in a browser"
	@echo "make faults      every fault under load (services killed, PostgreSQL, Redis, trace pipeline, latency, hostile input): about 5 minutes"
	@echo "make load        the load test (Gatling, 75 s) against make demo's stack, then its traces checked in Jaeger"
	@echo "make scenarios   every guided scenario (docs/scenarios/) run and diagnosed on the test instance: about 7 minutes"
	@echo "make bench       what full telemetry costs (on/off alternated), start-up and memory, into docs/performance.md: about 20 minutes"
	@echo "make status      what runs and where;   make stop  stop what make demo started"
	@echo "make screenshot  regenerate the README's Zipkin screenshots from the running demo"

deps:
	@scripts/install-deps.sh prometheus alertmanager

# The tests also drive the Zipkin UI in Debian's Chromium, and fuzz the gateway with schemathesis.
test-deps:
	@scripts/install-deps.sh prometheus alertmanager browser fuzz

infra: deps
	@scripts/infra-up.sh

# stack.sh up starts PostgreSQL and Redis itself (scripts/infra-up.sh) when they are not running. It also starts a
# light background load (LOAD_BACKGROUND=0 make demo runs without it).
demo: deps
	@scripts/stack.sh up
	@scripts/demo-banner.sh

check-deps:
	@scripts/install-deps.sh check

check: check-deps
	@scripts/check.sh

test: check test-deps infra deploy-tools
	./mvnw -B verify

build:
	./mvnw -B package -DskipTests

stop:
	@scripts/stack.sh down

status:
	@scripts/stack.sh status

screenshot: test-deps
	@scripts/screenshot.sh

# The tools the deploy checks run (deploy-check, kubernetes-validate, hadolint, dclint, Jaeger), into .tools/.
deploy-tools:
	@scripts/install-deploy-tools.sh

# deploy/ alone, offline: compose, kustomize, Pod Security, schemas, kind config, Dockerfiles (part of make test).
check-deploy: deploy-tools
	./mvnw -B -ntp -pl system-tests -am verify -Dtest='dev.obsdemo.system.deploy.*Test' -Dsurefire.failIfNoSpecifiedTests=false

# The faults-under-load suite, whole (docs/reliability.md): every fault and the hostile input beside a steady load
# on the local stack's test instance, measured into system-tests/target/faults/reliability-table.md. make test
# runs its representative part (order-service killed, 2 s latency). It stops and starts PostgreSQL and Redis,
# which the whole machine shares, for a few seconds each: not while someone else's tests run.
faults: test-deps infra
	./mvnw -B -ntp -pl system-tests -am verify -Dtest=FaultsUnderLoadTest -Dfaults=all -Dsurefire.failIfNoSpecifiedTests=false

# Every guided scenario of docs/scenarios/ through its runner (./demo scenario) on the local stack's test instance:
# the diagnosis must name the page's culprit. make test runs three of them (ScenariosTest's representative set).
scenarios: test-deps infra
	./mvnw -B -ntp -pl system-tests -am verify -Dtest='ScenariosTest,ScenarioPagesTest' -Dscenarios=all -Dsurefire.failIfNoSpecifiedTests=false

# The load test's default profile (load-tests/, Gatling: ramp-up, steady, spike) against the running demo's gateway,
# then the trace completeness check in its Jaeger. LOAD_ARGS passes parameters, e.g. LOAD_ARGS=-Dload.profile=soak.
# Report: load-tests/target/gatling/latest/index.html. `make test` runs only its short part (LoadRunTest).
load:
	@scripts/load.sh

# The benchmark (bench/, method and results in docs/performance.md): the gateway's hot routes with full telemetry
# and with it off, alternated, then start-up and RSS. It starts and stops the demo instance itself, under the
# machine-wide stack lock. BENCH_ARGS=--short runs one round of short windows (about 5 minutes).
bench:
	@bench/run.sh $(BENCH_ARGS)
