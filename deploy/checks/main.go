// Command deploy-check checks deploy/ offline, with the real libraries behind the tools: compose-go (the
// parser and validator of `docker compose config`), kustomize's krusty (`kubectl kustomize`), the Pod Security
// admission code of Kubernetes, kind's config types, and the OpenTelemetry Collector's own `validate` with the
// components of the contrib image. On top of those, the project's rules: what a person would otherwise check
// by reading the files (every service healthy-checked and memory-limited, ports on 127.0.0.1, names and ports
// wired consistently, probes on the management port, ...).
//
//	deploy-check compose [flags] COMPOSE_FILE        docker compose file, every profile
//	deploy-check kube-build OVERLAY_DIR              prints what `kubectl kustomize` would
//	deploy-check kube [flags] MANIFESTS.yaml         built manifests: Pod Security, project rules, configs
//	deploy-check kind-config [flags] CLUSTER.yaml    kind's cluster config against the manifests
//	deploy-check dockerfile DOCKERFILE...            the service images' rules
//	deploy-check otelcol validate --config=FILE...   the collector itself (same components as the checks)
//
// Exit status 1 and one line per problem when a check fails; 2 for a usage error.
package main

import (
	"fmt"
	"os"
	"sort"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var problems []string
	var err error
	args := os.Args[2:]
	switch os.Args[1] {
	case "compose":
		problems, err = checkCompose(args)
	case "kube-build":
		err = kubeBuild(args)
	case "kube":
		problems, err = checkKube(args)
	case "kind-config":
		problems, err = checkKindConfig(args)
	case "dockerfile":
		problems, err = checkDockerfiles(args)
	case "otelcol":
		err = runCollector(args)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "deploy-check:", err)
		os.Exit(1)
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		for _, p := range problems {
			fmt.Fprintln(os.Stderr, "problem:", p)
		}
		fmt.Fprintf(os.Stderr, "deploy-check %s: %d problem(s)\n", os.Args[1], len(problems))
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: deploy-check compose|kube-build|kube|kind-config|dockerfile|otelcol ...")
	os.Exit(2)
}

// findings collects problems as "where: what" lines.
type findings []string

func (f *findings) add(format string, args ...any) {
	*f = append(*f, fmt.Sprintf(format, args...))
}
