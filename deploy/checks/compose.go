package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
	"sigs.k8s.io/yaml"
)

const mib = 1 << 20

func checkCompose(args []string) ([]string, error) {
	fs := flag.NewFlagSet("compose", flag.ContinueOnError)
	projectDir := fs.String("project-dir", "", "directory relative paths resolve from (default: the file's)")
	repo := fs.String("repo", "", "repository root: every build context and mounted file must be inside it (default: project-dir/../..)")
	budget := fs.Int64("budget-bytes", 2_500_000_000, "the most the default profile's memory limits may add up to")
	jaeger := fs.String("jaeger", "", "Jaeger binary to validate Jaeger's configuration with (skipped when empty)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() != 1 {
		return nil, errors.New("usage: deploy-check compose [flags] COMPOSE_FILE")
	}
	file, err := filepath.Abs(fs.Arg(0))
	if err != nil {
		return nil, err
	}
	if *projectDir == "" {
		*projectDir = filepath.Dir(file)
	}
	if *projectDir, err = filepath.Abs(*projectDir); err != nil {
		return nil, err
	}
	if *repo == "" {
		*repo = filepath.Join(*projectDir, "..", "..")
	}
	if *repo, err = filepath.Abs(*repo); err != nil {
		return nil, err
	}

	// Every profile on its own, none, and all at once: a file can be valid with one and not another (a
	// depends_on into a profile that is off).
	all, err := loadCompose(file, *projectDir, []string{"*"})
	if err != nil {
		return nil, err
	}
	profiles := map[string]bool{}
	for _, s := range all.Services {
		for _, p := range s.Profiles {
			profiles[p] = true
		}
	}
	var problems findings
	for _, p := range append([]string{""}, sortedKeys(profiles)...) {
		var sel []string
		if p != "" {
			sel = []string{p}
		}
		if _, err := loadCompose(file, *projectDir, sel); err != nil {
			problems.add("profile %q: %v", p, err)
		}
	}
	if len(problems) > 0 {
		return problems, nil
	}
	c := composeCheck{project: all, repo: *repo, jaeger: *jaeger}
	c.services()
	c.ports()
	c.wiring()
	c.prometheusTargets()
	c.configs()
	def, err := loadCompose(file, *projectDir, nil)
	if err != nil {
		return nil, err
	}
	c.budget(def, *budget)
	return c.problems, nil
}

func loadCompose(file, dir string, profiles []string) (*types.Project, error) {
	// No OS environment: the file is checked with the defaults of its ${VAR:-default}s, as a fresh clone runs it.
	opts, err := cli.NewProjectOptions([]string{file},
		cli.WithWorkingDirectory(dir), cli.WithEnv(nil), cli.WithProfiles(profiles),
		cli.WithResolvedPaths(true), cli.WithInterpolation(true), cli.WithNormalization(true), cli.WithConsistency(true))
	if err != nil {
		return nil, err
	}
	return opts.LoadProject(context.Background())
}

type composeCheck struct {
	project  *types.Project
	repo     string
	jaeger   string
	problems findings
}

func (c *composeCheck) inRepo(path string) bool {
	rel, err := filepath.Rel(c.repo, path)
	return err == nil && !strings.HasPrefix(rel, "..")
}

// job: a container that runs to completion (restart "no"), e.g. the secrets generator or a load test; it has
// nothing to health-check, and others may only wait for it to complete.
func job(s types.ServiceConfig) bool { return s.Restart == types.RestartPolicyNo }

func (c *composeCheck) services() {
	for _, name := range sortedKeys(c.project.Services) {
		s := c.project.Services[name]
		if s.MemLimit <= 0 && (s.Deploy == nil || s.Deploy.Resources.Limits == nil || s.Deploy.Resources.Limits.MemoryBytes <= 0) {
			c.problems.add("service %s: no memory limit (mem_limit)", name)
		}
		if !job(s) && !c.healthChecked(s) {
			c.problems.add("service %s: no healthcheck (in the file or its image's Dockerfile)", name)
		}
		if job(s) && s.HealthCheck != nil && !s.HealthCheck.Disable {
			c.problems.add("service %s: a job (restart: \"no\") with a healthcheck: it exits, there is nothing to check", name)
		}
		for dep, d := range s.DependsOn {
			target, ok := c.project.Services[dep]
			switch {
			case !ok:
				c.problems.add("service %s: depends_on %s, which is no service", name, dep)
			case job(target) && d.Condition != types.ServiceConditionCompletedSuccessfully:
				c.problems.add("service %s: depends_on the job %s with %s; wait for service_completed_successfully", name, dep, d.Condition)
			case !job(target) && d.Condition != types.ServiceConditionHealthy:
				c.problems.add("service %s: depends_on %s with %s; wait for service_healthy so things start in order", name, dep, d.Condition)
			}
		}
		if s.Build != nil {
			if !c.inRepo(s.Build.Context) {
				c.problems.add("service %s: build context %s is outside the repository", name, s.Build.Context)
			} else if st, err := os.Stat(s.Build.Context); err != nil || !st.IsDir() {
				c.problems.add("service %s: build context %s does not exist", name, s.Build.Context)
			} else if _, err := os.Stat(c.dockerfile(s)); err != nil {
				c.problems.add("service %s: Dockerfile %s does not exist", name, c.dockerfile(s))
			}
		}
		for _, v := range s.Volumes {
			if v.Type != types.VolumeTypeBind {
				if v.Type == types.VolumeTypeVolume {
					if _, ok := c.project.Volumes[v.Source]; !ok {
						c.problems.add("service %s: volume %s is not declared under volumes:", name, v.Source)
					}
				}
				continue
			}
			if !c.inRepo(v.Source) {
				c.problems.add("service %s: mounts %s from outside the repository", name, v.Source)
			} else if _, err := os.Stat(v.Source); err != nil {
				c.problems.add("service %s: mounts %s, which does not exist", name, v.Source)
			}
		}
	}
}

func (c *composeCheck) dockerfile(s types.ServiceConfig) string {
	df := s.Build.Dockerfile
	if df == "" {
		df = "Dockerfile"
	}
	if !filepath.IsAbs(df) {
		df = filepath.Join(s.Build.Context, df)
	}
	return df
}

func (c *composeCheck) healthChecked(s types.ServiceConfig) bool {
	if s.HealthCheck != nil {
		return !s.HealthCheck.Disable && len(s.HealthCheck.Test) > 0 && s.HealthCheck.Test[0] != "NONE"
	}
	if s.Build == nil {
		return false
	}
	stages, err := parseDockerfile(c.dockerfile(s))
	if err != nil || len(stages) == 0 {
		return false
	}
	hc := stages[len(stages)-1].last("HEALTHCHECK")
	return hc != "" && !strings.EqualFold(strings.TrimSpace(hc), "NONE")
}

func (c *composeCheck) ports() {
	seen := map[string]string{}
	for _, name := range sortedKeys(c.project.Services) {
		for _, p := range c.project.Services[name].Ports {
			if p.HostIP != "127.0.0.1" {
				c.problems.add("service %s: port %d is published on %q, not 127.0.0.1", name, p.Target, p.HostIP)
			}
			if p.Published == "" {
				c.problems.add("service %s: port %d is published on a random host port", name, p.Target)
				continue
			}
			key := p.HostIP + ":" + p.Published + "/" + p.Protocol
			if other, ok := seen[key]; ok {
				c.problems.add("service %s: host port %s is also published by %s", name, key, other)
			}
			seen[key] = name
		}
	}
}

func (c *composeCheck) exposes(service string, port int) bool {
	s, ok := c.project.Services[service]
	if !ok {
		return false
	}
	for _, e := range s.Expose {
		if strings.Split(e, "/")[0] == strconv.Itoa(port) {
			return true
		}
	}
	for _, p := range s.Ports {
		if int(p.Target) == port {
			return true
		}
	}
	return false
}

// wiring: every variable that names another component names a service of this file and a port it exposes;
// a listening address names a port the container itself exposes.
func (c *composeCheck) wiring() {
	for _, name := range sortedKeys(c.project.Services) {
		s := c.project.Services[name]
		for _, key := range sortedKeys(s.Environment) {
			value := s.Environment[key]
			if value == nil || !wiringVariable(key) {
				continue
			}
			ep, ok := parseEndpoint(*value)
			if !ok {
				continue
			}
			target := ep.host
			if listenAddress(ep.host) {
				target = name
			} else if _, exists := c.project.Services[ep.host]; !exists {
				c.problems.add("service %s: %s=%s names %s, which is no service of this file", name, key, *value, ep.host)
				continue
			}
			if ep.port != 0 && !c.exposes(target, ep.port) {
				c.problems.add("service %s: %s=%s: service %s does not expose port %d", name, key, *value, target, ep.port)
			}
		}
		// The services send OTLP to the collector: its receiver of their protocol must listen on that port.
		if v := s.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"]; v != nil {
			if ep, ok := parseEndpoint(*v); ok {
				protocol := ""
				if p := s.Environment["QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"]; p != nil {
					protocol = *p
				}
				receiver := otlpReceiver(protocol, c.repo)
				if col, ok := c.project.Services[ep.host]; ok {
					listen := col.Environment[receiver]
					if listen == nil || !strings.HasSuffix(*listen, ":"+strconv.Itoa(ep.port)) {
						c.problems.add("service %s: sends OTLP to %s, but %s's %s is %s", name, *v, ep.host, receiver, deref(listen))
					}
				}
			}
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "unset"
	}
	return *s
}

// prometheusTargets: the targets folder mounted where prometheus.yml's targets/ resolves names services and
// ports of this file.
func (c *composeCheck) prometheusTargets() {
	for _, name := range sortedKeys(c.project.Services) {
		s := c.project.Services[name]
		configTarget := ""
		for _, v := range s.Volumes {
			if v.Type == types.VolumeTypeBind && strings.HasSuffix(v.Source, filepath.Join("observability", "prometheus", "prometheus.yml")) {
				configTarget = v.Target
			}
		}
		if configTarget == "" {
			continue
		}
		targetsDir := ""
		for _, v := range s.Volumes {
			if v.Type == types.VolumeTypeBind && v.Target == filepath.Dir(configTarget)+"/targets" {
				targetsDir = v.Source
			}
		}
		if targetsDir == "" {
			c.problems.add("service %s: nothing is mounted at %s/targets, where prometheus.yml looks for its targets", name, filepath.Dir(configTarget))
			continue
		}
		files, _ := filepath.Glob(filepath.Join(targetsDir, "*.yml"))
		if len(files) == 0 {
			c.problems.add("service %s: %s holds no targets", name, targetsDir)
		}
		for _, f := range files {
			for _, t := range readTargets(f, &c.problems) {
				ep, ok := parseEndpoint(t)
				if !ok || ep.port == 0 {
					c.problems.add("%s: target %q is not host:port", f, t)
					continue
				}
				svc := ep.host
				if listenAddress(ep.host) {
					svc = name
				}
				if _, exists := c.project.Services[svc]; !exists {
					c.problems.add("%s: target %s: %s is no service of the compose file", f, t, svc)
				} else if !c.exposes(svc, ep.port) {
					c.problems.add("%s: target %s: service %s does not expose port %d", f, t, svc, ep.port)
				}
			}
		}
	}
}

// readTargets reads a Prometheus file_sd file: a list of {targets: [...], labels: {...}}.
func readTargets(file string, problems *findings) []string {
	data, err := os.ReadFile(file)
	if err != nil {
		problems.add("%s: %v", file, err)
		return nil
	}
	var groups []struct {
		Targets []string          `json:"targets"`
		Labels  map[string]string `json:"labels"`
	}
	if err := yaml.UnmarshalStrict(data, &groups); err != nil {
		problems.add("%s: not a file_sd target list: %v", file, err)
		return nil
	}
	var all []string
	for _, g := range groups {
		all = append(all, g.Targets...)
	}
	return all
}

// configs: the collector's and Jaeger's configuration files, as the containers mount them, validated by the
// components themselves with the containers' environment.
func (c *composeCheck) configs() {
	for _, name := range sortedKeys(c.project.Services) {
		s := c.project.Services[name]
		var files []string
		for _, arg := range append(append([]string{}, s.Entrypoint...), s.Command...) {
			if !strings.HasPrefix(arg, "--config=") {
				continue
			}
			inContainer := strings.TrimPrefix(strings.TrimPrefix(arg, "--config="), "file:")
			host := ""
			for _, v := range s.Volumes {
				if v.Type == types.VolumeTypeBind && v.Target == inContainer {
					host = v.Source
				}
			}
			if host == "" {
				c.problems.add("service %s: %s is not mounted from the repository", name, arg)
				continue
			}
			files = append(files, host)
		}
		if len(files) == 0 {
			continue
		}
		env := map[string]string{}
		for k, v := range s.Environment {
			if v != nil {
				env[k] = *v
			}
		}
		// Which component reads the files: told by where they come from in the repository.
		var collector, jaeger []string
		for _, f := range files {
			switch filepath.Base(filepath.Dir(f)) {
			case "collector":
				collector = append(collector, f)
			case "jaeger":
				jaeger = append(jaeger, f)
			default:
				c.problems.add("service %s: no validator for %s", name, f)
			}
		}
		if len(collector) > 0 {
			if err := validateCollector(collector, env); err != nil {
				c.problems.add("service %s: %v", name, err)
			}
		}
		for _, f := range jaeger {
			if c.jaeger == "" {
				c.problems.add("service %s: %s not validated: no --jaeger binary given", name, f)
				continue
			}
			if out, err := validateJaeger(c.jaeger, f, env); err != nil {
				c.problems.add("service %s: jaeger validate %s: %v: %s", name, f, err, lastLines(out, 3))
			}
		}
	}
}

func (c *composeCheck) budget(def *types.Project, budget int64) {
	var sum int64
	var parts []string
	for _, name := range sortedKeys(def.Services) {
		s := def.Services[name]
		limit := int64(s.MemLimit)
		if s.Deploy != nil && s.Deploy.Resources.Limits != nil && s.Deploy.Resources.Limits.MemoryBytes > 0 {
			limit = int64(s.Deploy.Resources.Limits.MemoryBytes)
		}
		sum += limit
		parts = append(parts, fmt.Sprintf("%s %d", name, limit/mib))
	}
	if sum > budget {
		c.problems.add("memory limits of the default profile add up to %d MiB (%d bytes), over the budget of %d bytes", sum/mib, sum, budget)
	}
	fmt.Printf("compose: %d services in the default profile, memory limits %d MiB (%s); budget %d MB\n",
		len(def.Services), sum/mib, strings.Join(parts, ", "), budget/1_000_000)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(slices.Clip(lines), " | ")
}
