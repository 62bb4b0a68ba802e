# The two commands a newcomer needs: `make demo` and `make test`. Everything else is a helper.
.PHONY: demo test stop status build infra deps help

help:
	@echo "make demo    install what is missing, build, run the services, Jaeger, Prometheus, Alertmanager on 127.0.0.1"
	@echo "make test    every test: unit, API (real PostgreSQL/Redis), the full stack as processes"
	@echo "make status  what runs and where;   make stop  stop what make demo started"

deps:
	@scripts/install-deps.sh prometheus alertmanager

infra: deps
	@scripts/infra-up.sh

# stack.sh up starts PostgreSQL and Redis itself (scripts/infra-up.sh) when they are not running.
demo: deps
	@scripts/stack.sh up
	@scripts/demo-banner.sh

test: infra
	./mvnw -B verify

build:
	./mvnw -B package -DskipTests

stop:
	@scripts/stack.sh down

status:
	@scripts/stack.sh status
