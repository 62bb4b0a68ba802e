package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	corev1 "k8s.io/api/core/v1"
	kind "sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
	"sigs.k8s.io/yaml"
)

// checkKindConfig: kind's cluster config decodes strictly into kind's own v1alpha4 types; its node image is
// pinned by digest (kind supports an image only with the release that built it); every port mapping listens
// on 127.0.0.1 and lands on a NodePort of the manifests, and every NodePort has its mapping.
func checkKindConfig(args []string) ([]string, error) {
	fs := flag.NewFlagSet("kind-config", flag.ContinueOnError)
	manifestsFile := fs.String("manifests", "", "built manifests whose NodePorts the mappings must reach")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() != 1 || *manifestsFile == "" {
		return nil, errors.New("usage: deploy-check kind-config --manifests MANIFESTS.yaml CLUSTER.yaml")
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return nil, err
	}
	var problems findings
	var cluster kind.Cluster
	if err := yaml.UnmarshalStrict(data, &cluster); err != nil {
		problems.add("%s: %v", fs.Arg(0), err)
		return problems, nil
	}
	if cluster.Kind != "Cluster" || cluster.APIVersion != "kind.x-k8s.io/v1alpha4" {
		problems.add("%s: kind %q apiVersion %q, want Cluster kind.x-k8s.io/v1alpha4", fs.Arg(0), cluster.Kind, cluster.APIVersion)
	}
	mdata, err := os.ReadFile(*manifestsFile)
	if err != nil {
		return nil, err
	}
	m, mproblems := readManifests(mdata)
	problems = append(problems, mproblems...)
	nodePorts := map[int32]string{}
	for _, s := range m.services {
		if s.Spec.Type != corev1.ServiceTypeNodePort {
			continue
		}
		for _, p := range s.Spec.Ports {
			if p.NodePort == 0 {
				problems.add("Service/%s: NodePort without a fixed nodePort: kind cannot map it", s.Name)
			}
			nodePorts[p.NodePort] = s.Name
		}
	}
	mapped := map[int32]bool{}
	if len(cluster.Nodes) == 0 {
		problems.add("%s: no nodes", fs.Arg(0))
	}
	for i, n := range cluster.Nodes {
		if !strings.Contains(n.Image, "@sha256:") {
			problems.add("%s: node %d image %q is not pinned by digest", fs.Arg(0), i+1, n.Image)
		}
		for _, pm := range n.ExtraPortMappings {
			if pm.ListenAddress != "127.0.0.1" {
				problems.add("%s: port mapping %d->%d listens on %q, not 127.0.0.1", fs.Arg(0), pm.HostPort, pm.ContainerPort, pm.ListenAddress)
			}
			if _, ok := nodePorts[pm.ContainerPort]; !ok {
				problems.add("%s: port mapping %d->%d: no NodePort Service has nodePort %d", fs.Arg(0), pm.HostPort, pm.ContainerPort, pm.ContainerPort)
			}
			mapped[pm.ContainerPort] = true
		}
	}
	for port, svc := range nodePorts {
		if !mapped[port] {
			problems.add("Service/%s: nodePort %d has no port mapping in %s", svc, port, fs.Arg(0))
		}
	}
	if len(problems) == 0 {
		fmt.Printf("kind-config: %d node(s), %d port mapping(s) onto NodePorts\n", len(cluster.Nodes), len(mapped))
	}
	return problems, nil
}
