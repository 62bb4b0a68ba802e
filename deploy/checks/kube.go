package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	psa "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	"sigs.k8s.io/kustomize/api/krusty"
	kustypes "sigs.k8s.io/kustomize/api/types"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// kubeBuild prints an overlay's manifests as `kubectl kustomize --load-restrictor=LoadRestrictionsNone`
// does: the deployments take observability/ files from outside the overlay's folder.
func kubeBuild(args []string) error {
	if len(args) != 1 {
		return errors.New("usage: deploy-check kube-build OVERLAY_DIR")
	}
	out, err := kustomize(args[0])
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(out)
	return err
}

func kustomize(dir string) ([]byte, error) {
	opts := krusty.MakeDefaultOptions()
	opts.LoadRestrictions = kustypes.LoadRestrictionsNone
	resources, err := krusty.MakeKustomizer(opts).Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, fmt.Errorf("kustomize build %s: %w", dir, err)
	}
	return resources.AsYaml()
}

// workload is a pod template and where it comes from.
type workload struct {
	ref       string // Kind/namespace/name
	kind      string
	name      string
	namespace string
	meta      metav1.ObjectMeta
	spec      corev1.PodSpec
}

type manifests struct {
	namespaces map[string]corev1.Namespace
	workloads  []workload
	services   []corev1.Service
	configMaps map[string]corev1.ConfigMap // namespace/name
	secrets    map[string]bool
	policies   []networkingv1.NetworkPolicy
	pdbs       []policyv1.PodDisruptionBudget
	hpas       []autoscalingv2.HorizontalPodAutoscaler
}

var docSeparator = regexp.MustCompile(`(?m)^---\s*$`)

// readManifests decodes every object strictly into its Kubernetes type: a misspelled field is an error.
func readManifests(data []byte) (*manifests, findings) {
	m := &manifests{namespaces: map[string]corev1.Namespace{}, configMaps: map[string]corev1.ConfigMap{}, secrets: map[string]bool{}}
	var problems findings
	for i, doc := range docSeparator.Split(string(data), -1) {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		var head struct {
			Kind     string            `json:"kind"`
			Metadata metav1.ObjectMeta `json:"metadata"`
		}
		if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
			problems.add("document %d: %v", i+1, err)
			continue
		}
		ref := head.Kind + "/" + head.Metadata.Name
		decode := func(into any) bool {
			if err := yaml.UnmarshalStrict([]byte(doc), into); err != nil {
				problems.add("%s: %v", ref, err)
				return false
			}
			return true
		}
		ns := head.Metadata.Namespace
		add := func(kind string, meta metav1.ObjectMeta, tmpl corev1.PodTemplateSpec) {
			m.workloads = append(m.workloads, workload{ref: kind + "/" + meta.Namespace + "/" + meta.Name, kind: kind,
				name: meta.Name, namespace: meta.Namespace, meta: tmpl.ObjectMeta, spec: tmpl.Spec})
		}
		switch head.Kind {
		case "Namespace":
			var o corev1.Namespace
			if decode(&o) {
				m.namespaces[o.Name] = o
			}
		case "Deployment":
			var o appsv1.Deployment
			if decode(&o) {
				add("Deployment", o.ObjectMeta, o.Spec.Template)
			}
		case "StatefulSet":
			var o appsv1.StatefulSet
			if decode(&o) {
				add("StatefulSet", o.ObjectMeta, o.Spec.Template)
			}
		case "DaemonSet":
			var o appsv1.DaemonSet
			if decode(&o) {
				add("DaemonSet", o.ObjectMeta, o.Spec.Template)
			}
		case "Job":
			var o batchv1.Job
			if decode(&o) {
				add("Job", o.ObjectMeta, o.Spec.Template)
			}
		case "CronJob":
			var o batchv1.CronJob
			if decode(&o) {
				add("CronJob", o.ObjectMeta, o.Spec.JobTemplate.Spec.Template)
			}
		case "Pod":
			var o corev1.Pod
			if decode(&o) {
				add("Pod", o.ObjectMeta, corev1.PodTemplateSpec{ObjectMeta: o.ObjectMeta, Spec: o.Spec})
			}
		case "Service":
			var o corev1.Service
			if decode(&o) {
				m.services = append(m.services, o)
			}
		case "ConfigMap":
			var o corev1.ConfigMap
			if decode(&o) {
				m.configMaps[ns+"/"+o.Name] = o
			}
		case "Secret":
			var o corev1.Secret
			if decode(&o) {
				m.secrets[ns+"/"+o.Name] = true
			}
		case "NetworkPolicy":
			var o networkingv1.NetworkPolicy
			if decode(&o) {
				m.policies = append(m.policies, o)
			}
		case "PodDisruptionBudget":
			var o policyv1.PodDisruptionBudget
			if decode(&o) {
				m.pdbs = append(m.pdbs, o)
			}
		case "HorizontalPodAutoscaler":
			var o autoscalingv2.HorizontalPodAutoscaler
			if decode(&o) {
				m.hpas = append(m.hpas, o)
			}
		}
	}
	return m, problems
}

type kubeCheck struct {
	*manifests
	version  psa.Version
	repo     string
	jaeger   string
	problems findings
}

func checkKube(args []string) ([]string, error) {
	fs := flag.NewFlagSet("kube", flag.ContinueOnError)
	version := fs.String("kubernetes-version", "v1.37", "the Kubernetes version whose Pod Security admission to evaluate as (the kind node image's)")
	repo := fs.String("repo", ".", "repository root (the services' application.properties)")
	jaeger := fs.String("jaeger", "", "Jaeger binary to validate Jaeger's configuration with (skipped when empty)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() != 1 {
		return nil, errors.New("usage: deploy-check kube [flags] MANIFESTS.yaml")
	}
	v, err := psa.ParseVersion(*version)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return nil, err
	}
	m, problems := readManifests(data)
	c := &kubeCheck{manifests: m, version: v, repo: *repo, jaeger: *jaeger, problems: problems}
	if len(m.workloads) == 0 {
		c.problems.add("no workloads in %s", fs.Arg(0))
	}
	c.podSecurity()
	c.containers()
	c.servicesSelectPods()
	c.networkPolicies()
	c.scaling()
	c.wiring()
	c.prometheusTargets()
	c.configs()
	c.foldersComplete()
	if len(c.problems) == 0 {
		fmt.Printf("kube: %d workloads, %d services, %d network policies: restricted at %s, project rules, configurations valid\n",
			len(m.workloads), len(m.services), len(m.policies), v)
	}
	return c.problems, nil
}

// podSecurity: each namespace enforces `restricted` by its label, and every pod template passes that level as
// the admission plugin of this Kubernetes version evaluates it.
func (c *kubeCheck) podSecurity() {
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), &c.version)
	if err != nil {
		c.problems.add("pod security evaluator: %v", err)
		return
	}
	for _, w := range c.workloads {
		ns, ok := c.namespaces[w.namespace]
		if !ok {
			c.problems.add("%s: its namespace %q is not among the manifests", w.ref, w.namespace)
			continue
		}
		p, errs := psa.PolicyToEvaluate(ns.Labels, psa.Policy{
			Enforce: psa.LevelVersion{Level: psa.LevelPrivileged, Version: psa.LatestVersion()},
			Audit:   psa.LevelVersion{Level: psa.LevelPrivileged, Version: psa.LatestVersion()},
			Warn:    psa.LevelVersion{Level: psa.LevelPrivileged, Version: psa.LatestVersion()},
		})
		if len(errs) > 0 {
			c.problems.add("namespace %s: pod security labels: %v", ns.Name, errs.ToAggregate())
		}
		if p.Enforce.Level != psa.LevelRestricted {
			c.problems.add("namespace %s: enforces pod security level %q, not restricted", ns.Name, p.Enforce.Level)
			continue
		}
		lv := p.Enforce
		if lv.Version.Latest() {
			lv.Version = c.version
		}
		result := policy.AggregateCheckResults(evaluator.EvaluatePod(lv, &w.meta, &w.spec))
		if !result.Allowed {
			c.problems.add("%s: violates pod security %s: %s", w.ref, lv, result.ForbiddenDetail())
		}
	}
}

func sidecar(c corev1.Container) bool {
	return c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
}

var quarkusImage = regexp.MustCompile(`(^|/)((user|order|gateway)-service)(:|@|$)`)

// containers: requests and limits everywhere; probes on named ports; the services' three probes on the
// management port and their ports as their Quarkus configuration says.
func (c *kubeCheck) containers() {
	for _, w := range c.workloads {
		all := append(append([]corev1.Container{}, w.spec.InitContainers...), w.spec.Containers...)
		for _, ct := range all {
			where := w.ref + " container " + ct.Name
			for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
				if _, ok := ct.Resources.Requests[r]; !ok {
					c.problems.add("%s: no %s request", where, r)
				}
				if _, ok := ct.Resources.Limits[r]; !ok {
					c.problems.add("%s: no %s limit", where, r)
				}
			}
			named := map[string]int32{}
			for _, p := range ct.Ports {
				if p.Name != "" {
					named[p.Name] = p.ContainerPort
				}
			}
			probes := map[string]*corev1.Probe{"liveness": ct.LivenessProbe, "readiness": ct.ReadinessProbe, "startup": ct.StartupProbe}
			for kind, p := range probes {
				if p == nil {
					continue
				}
				port, ok := probePort(p)
				if !ok {
					continue // exec probes have no port
				}
				if port.Type != intstr.String {
					c.problems.add("%s: %s probe on port number %s; name the port", where, kind, port.String())
				} else if _, exists := named[port.StrVal]; !exists {
					c.problems.add("%s: %s probe on port %q, which the container does not declare", where, kind, port.StrVal)
				}
			}
			isInit := slices.ContainsFunc(w.spec.InitContainers, func(i corev1.Container) bool { return i.Name == ct.Name })
			if !isInit && (ct.LivenessProbe == nil || ct.ReadinessProbe == nil) {
				c.problems.add("%s: needs liveness and readiness probes", where)
			}
			if _, ok := named["management"]; ok {
				paths := map[string]string{"liveness": "/q/health/live", "readiness": "/q/health/ready", "startup": "/q/health/started"}
				for _, kind := range []string{"liveness", "readiness", "startup"} {
					p := probes[kind]
					if p == nil || p.HTTPGet == nil {
						c.problems.add("%s: no %s httpGet probe on the management port", where, kind)
						continue
					}
					if p.HTTPGet.Port.StrVal != "management" || p.HTTPGet.Path != paths[kind] {
						c.problems.add("%s: %s probe is %s on port %s; want %s on management", where, kind, p.HTTPGet.Path, p.HTTPGet.Port.String(), paths[kind])
					}
				}
			}
			if m := quarkusImage.FindStringSubmatch(ct.Image); m != nil && !isInit {
				c.quarkusPorts(where, m[2], ct, named)
			}
		}
	}
}

func probePort(p *corev1.Probe) (intstr.IntOrString, bool) {
	switch {
	case p.HTTPGet != nil:
		return p.HTTPGet.Port, true
	case p.TCPSocket != nil:
		return p.TCPSocket.Port, true
	case p.GRPC != nil:
		return intstr.FromInt32(p.GRPC.Port), true
	}
	return intstr.IntOrString{}, false
}

// quarkusPorts: the container ports named http and management are the ports the service listens on:
// quarkus.http.port and quarkus.management.port of its application.properties, unless the container's
// environment overrides them.
func (c *kubeCheck) quarkusPorts(where, service string, ct corev1.Container, named map[string]int32) {
	props, err := readProperties(filepath.Join(c.repo, service, "src/main/resources/application.properties"))
	if err != nil {
		c.problems.add("%s: %v", where, err)
		return
	}
	for portName, key := range map[string]string{"http": "quarkus.http.port", "management": "quarkus.management.port"} {
		want := props[key]
		envName := strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
		for _, e := range ct.Env {
			if e.Name == envName {
				want = e.Value
			}
		}
		got, ok := named[portName]
		if !ok {
			c.problems.add("%s: no container port named %s (%s=%s)", where, portName, key, want)
		} else if strconv.Itoa(int(got)) != want {
			c.problems.add("%s: container port %s is %d, but the service listens on %s (%s)", where, portName, got, want, key)
		}
	}
}

func readProperties(file string) (map[string]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	props := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "%") {
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok {
			props[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return props, nil
}

func (c *kubeCheck) podsSelectedBy(namespace string, selector labels.Selector) []workload {
	var selected []workload
	for _, w := range c.workloads {
		if w.namespace == namespace && selector.Matches(labels.Set(w.meta.Labels)) {
			selected = append(selected, w)
		}
	}
	return selected
}

func containerPort(w workload, port intstr.IntOrString) (corev1.ContainerPort, bool) {
	for _, ct := range append(append([]corev1.Container{}, w.spec.InitContainers...), w.spec.Containers...) {
		for _, p := range ct.Ports {
			if (port.Type == intstr.String && p.Name == port.StrVal) || (port.Type == intstr.Int && p.ContainerPort == port.IntVal) {
				return p, true
			}
		}
	}
	return corev1.ContainerPort{}, false
}

// servicesSelectPods: every Service selects pods, and every port it forwards to is a port those pods declare.
func (c *kubeCheck) servicesSelectPods() {
	for _, s := range c.services {
		where := "Service/" + s.Namespace + "/" + s.Name
		if len(s.Spec.Selector) == 0 {
			c.problems.add("%s: no selector", where)
			continue
		}
		pods := c.podsSelectedBy(s.Namespace, labels.SelectorFromSet(s.Spec.Selector))
		if len(pods) == 0 {
			c.problems.add("%s: selector %v matches no pod template", where, s.Spec.Selector)
			continue
		}
		for _, p := range s.Spec.Ports {
			target := p.TargetPort
			if target.Type == intstr.Int && target.IntVal == 0 {
				target = intstr.FromInt32(p.Port)
			}
			for _, w := range pods {
				if _, ok := containerPort(w, target); !ok {
					c.problems.add("%s: port %s forwards to %s, which %s does not declare", where, p.Name, target.String(), w.ref)
				}
			}
		}
	}
}

func peerSelectsPods(c *kubeCheck, namespace string, sel *metav1.LabelSelector, where string) []workload {
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		c.problems.add("%s: %v", where, err)
		return nil
	}
	pods := c.podsSelectedBy(namespace, s)
	if len(pods) == 0 {
		c.problems.add("%s: selector %s matches no pod", where, s)
	}
	return pods
}

// Pods that may be reached from outside the namespace (through the kind port mappings): the gateway, the
// Jaeger UI and Grafana. Management ports may be reached by Prometheus only.
var reachableFromOutside = []string{"gateway-service", "jaeger", "grafana"}

func appName(w workload) string { return w.meta.Labels["app.kubernetes.io/name"] }

func (c *kubeCheck) networkPolicies() {
	denied := map[string]bool{}
	for _, np := range c.policies {
		where := "NetworkPolicy/" + np.Namespace + "/" + np.Name
		if len(np.Spec.PodSelector.MatchLabels) == 0 && len(np.Spec.PodSelector.MatchExpressions) == 0 &&
			slices.Contains(np.Spec.PolicyTypes, networkingv1.PolicyTypeIngress) && len(np.Spec.Ingress) == 0 {
			denied[np.Namespace] = true
		}
		selected := peerSelectsPods(c, np.Namespace, &np.Spec.PodSelector, where)
		for i, rule := range np.Spec.Ingress {
			ruleWhere := fmt.Sprintf("%s ingress rule %d", where, i+1)
			outside := len(rule.From) == 0
			var sources []workload
			for _, peer := range rule.From {
				if peer.IPBlock != nil || peer.NamespaceSelector != nil {
					outside = true
				}
				if peer.PodSelector != nil && peer.NamespaceSelector == nil {
					sources = append(sources, peerSelectsPods(c, np.Namespace, peer.PodSelector, ruleWhere+" from")...)
				}
			}
			for _, w := range selected {
				if outside && !slices.Contains(reachableFromOutside, appName(w)) {
					c.problems.add("%s: lets %s be reached from outside the namespace; only %v may be", ruleWhere, w.ref, reachableFromOutside)
				}
				mgmt, hasMgmt := containerPort(w, intstr.FromString("management"))
				if !hasMgmt || !ruleAllowsPort(rule.Ports, mgmt) {
					continue
				}
				if outside {
					c.problems.add("%s: opens %s's management port to outside the namespace; Prometheus only", ruleWhere, w.ref)
				}
				for _, src := range sources {
					if appName(src) != "prometheus" {
						c.problems.add("%s: opens %s's management port to %s; Prometheus only", ruleWhere, w.ref, src.ref)
					}
				}
			}
		}
		for i, rule := range np.Spec.Egress {
			for _, peer := range rule.To {
				if peer.PodSelector != nil && peer.NamespaceSelector == nil {
					peerSelectsPods(c, np.Namespace, peer.PodSelector, fmt.Sprintf("%s egress rule %d to", where, i+1))
				}
			}
		}
	}
	for ns := range c.namespaces {
		if !denied[ns] {
			c.problems.add("namespace %s: no NetworkPolicy denies ingress by default (podSelector {}, policyTypes [Ingress], no rules)", ns)
		}
	}
}

func ruleAllowsPort(ports []networkingv1.NetworkPolicyPort, p corev1.ContainerPort) bool {
	if len(ports) == 0 {
		return true
	}
	for _, np := range ports {
		if np.Port == nil {
			return true
		}
		if (np.Port.Type == intstr.String && np.Port.StrVal == p.Name) || (np.Port.Type == intstr.Int && np.Port.IntVal == p.ContainerPort) {
			return true
		}
	}
	return false
}

func (c *kubeCheck) scaling() {
	for _, pdb := range c.pdbs {
		peerSelectsPods(c, pdb.Namespace, pdb.Spec.Selector, "PodDisruptionBudget/"+pdb.Namespace+"/"+pdb.Name)
	}
	for _, h := range c.hpas {
		ref := h.Spec.ScaleTargetRef
		if !slices.ContainsFunc(c.workloads, func(w workload) bool {
			return w.kind == ref.Kind && w.name == ref.Name && w.namespace == h.Namespace
		}) {
			c.problems.add("HorizontalPodAutoscaler/%s/%s: scales %s/%s, which is not among the manifests", h.Namespace, h.Name, ref.Kind, ref.Name)
		}
	}
}

// service finds the Service an address names: name, name.namespace, name.namespace.svc[.cluster.local].
func (c *kubeCheck) service(host, namespace string) (corev1.Service, bool) {
	parts := strings.Split(strings.TrimSuffix(host, ".cluster.local"), ".")
	name, ns := parts[0], namespace
	if len(parts) > 1 {
		ns = parts[1]
	}
	if len(parts) > 3 || (len(parts) == 3 && parts[2] != "svc") {
		return corev1.Service{}, false
	}
	for _, s := range c.services {
		if s.Name == name && s.Namespace == ns {
			return s, true
		}
	}
	return corev1.Service{}, false
}

func servicePort(s corev1.Service, port int) bool {
	return slices.ContainsFunc(s.Spec.Ports, func(p corev1.ServicePort) bool { return int(p.Port) == port })
}

// wiring: every variable that names another component names a Service and one of its ports; a listening
// address names a port the container declares.
func (c *kubeCheck) wiring() {
	for _, w := range c.workloads {
		for _, ct := range append(append([]corev1.Container{}, w.spec.InitContainers...), w.spec.Containers...) {
			for _, e := range ct.Env {
				if e.ValueFrom != nil || !wiringVariable(e.Name) {
					continue
				}
				ep, ok := parseEndpoint(e.Value)
				if !ok {
					continue
				}
				where := fmt.Sprintf("%s container %s: %s=%s", w.ref, ct.Name, e.Name, e.Value)
				if listenAddress(ep.host) {
					if ep.port != 0 && !slices.ContainsFunc(ct.Ports, func(p corev1.ContainerPort) bool { return int(p.ContainerPort) == ep.port }) {
						c.problems.add("%s: the container declares no port %d", where, ep.port)
					}
					continue
				}
				s, ok := c.service(ep.host, w.namespace)
				if !ok {
					c.problems.add("%s: no Service %s", where, ep.host)
				} else if ep.port != 0 && !servicePort(s, ep.port) {
					c.problems.add("%s: Service %s has no port %d", where, s.Name, ep.port)
				} else if e.Name == "OTEL_EXPORTER_OTLP_ENDPOINT" {
					c.otlpReachesItsReceiver(where, ct, s, ep.port)
				}
			}
		}
	}
}

// otlpReachesItsReceiver: the Service port a service sends OTLP to leads to the collector's receiver of that protocol.
func (c *kubeCheck) otlpReachesItsReceiver(where string, ct corev1.Container, s corev1.Service, port int) {
	protocol := ""
	for _, e := range ct.Env {
		if e.Name == "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL" {
			protocol = e.Value
		}
	}
	receiver := otlpReceiver(protocol, c.repo)
	var target intstr.IntOrString
	for _, p := range s.Spec.Ports {
		if int(p.Port) == port {
			target = p.TargetPort
		}
	}
	for _, w := range c.podsSelectedBy(s.Namespace, labels.SelectorFromSet(s.Spec.Selector)) {
		cp, ok := containerPort(w, target)
		if !ok {
			continue // servicesSelectPods reports it
		}
		for _, col := range w.spec.Containers {
			for _, e := range col.Env {
				if e.Name == receiver && !strings.HasSuffix(e.Value, ":"+strconv.Itoa(int(cp.ContainerPort))) {
					c.problems.add("%s: reaches %s's port %d, but its %s is %s", where, w.ref, cp.ContainerPort, receiver, e.Value)
				}
			}
		}
	}
}

// mounted finds the file a container sees at path: a ConfigMap key mounted in a directory, or by subPath.
func (c *kubeCheck) mounted(w workload, ct corev1.Container, file string) (string, bool) {
	for _, vm := range ct.VolumeMounts {
		key := ""
		switch {
		case vm.SubPath != "" && vm.MountPath == file:
			key = vm.SubPath
		case vm.SubPath == "" && path.Dir(file) == path.Clean(vm.MountPath):
			key = path.Base(file)
		default:
			continue
		}
		for _, v := range w.spec.Volumes {
			if v.Name != vm.Name || v.ConfigMap == nil {
				continue
			}
			cm, ok := c.configMaps[w.namespace+"/"+v.ConfigMap.Name]
			if !ok {
				return "", false
			}
			data, ok := cm.Data[key]
			return data, ok
		}
	}
	return "", false
}

func (c *kubeCheck) mountedDir(w workload, ct corev1.Container, dir string) (map[string]string, bool) {
	for _, vm := range ct.VolumeMounts {
		if path.Clean(vm.MountPath) != path.Clean(dir) || vm.SubPath != "" {
			continue
		}
		for _, v := range w.spec.Volumes {
			if v.Name == vm.Name && v.ConfigMap != nil {
				cm, ok := c.configMaps[w.namespace+"/"+v.ConfigMap.Name]
				return cm.Data, ok
			}
		}
	}
	return nil, false
}

// prometheusTargets: the targets Prometheus reads in the cluster (the ConfigMap at its targets/ folder) name
// Services and ports that exist, and a Service scraped for a service's management port publishes not-ready
// pods (observability/prometheus/targets-kind/services.yml says why).
func (c *kubeCheck) prometheusTargets() {
	for _, w := range c.workloads {
		for _, ct := range w.spec.Containers {
			config := ""
			for _, a := range ct.Args {
				if strings.HasPrefix(a, "--config.file=") && strings.Contains(ct.Image, "prometheus") {
					config = strings.TrimPrefix(a, "--config.file=")
				}
			}
			if config == "" {
				continue
			}
			where := w.ref + " container " + ct.Name
			files, ok := c.mountedDir(w, ct, path.Join(path.Dir(config), "targets"))
			if !ok || len(files) == 0 {
				c.problems.add("%s: no ConfigMap of targets at %s/targets", where, path.Dir(config))
				continue
			}
			for _, key := range sortedKeys(files) {
				tmp, err := os.CreateTemp("", "targets-*.yml")
				if err != nil {
					c.problems.add("%v", err)
					return
				}
				tmp.WriteString(files[key])
				tmp.Close()
				targets := readTargets(tmp.Name(), &c.problems)
				os.Remove(tmp.Name())
				for _, t := range targets {
					ep, ok := parseEndpoint(t)
					if !ok || ep.port == 0 {
						c.problems.add("%s: targets %s: %q is not host:port", where, key, t)
						continue
					}
					if listenAddress(ep.host) {
						if !slices.ContainsFunc(ct.Ports, func(p corev1.ContainerPort) bool { return int(p.ContainerPort) == ep.port }) {
							c.problems.add("%s: targets %s: %s, but the container declares no port %d", where, key, t, ep.port)
						}
						continue
					}
					s, ok := c.service(ep.host, w.namespace)
					if !ok {
						c.problems.add("%s: targets %s: %s names no Service", where, key, t)
						continue
					}
					var sp *corev1.ServicePort
					for i := range s.Spec.Ports {
						if int(s.Spec.Ports[i].Port) == ep.port {
							sp = &s.Spec.Ports[i]
						}
					}
					if sp == nil {
						c.problems.add("%s: targets %s: Service %s has no port %d", where, key, s.Name, ep.port)
					} else if sp.TargetPort.StrVal == "management" && !s.Spec.PublishNotReadyAddresses {
						c.problems.add("Service/%s/%s: scraped on the management port (targets %s) but does not publish not-ready addresses", s.Namespace, s.Name, key)
					}
				}
			}
		}
	}
}

// configs: the collector's and Jaeger's configuration files as the containers mount them, validated by the
// components themselves with the containers' environment.
func (c *kubeCheck) configs() {
	for _, w := range c.workloads {
		for _, ct := range append(append([]corev1.Container{}, w.spec.InitContainers...), w.spec.Containers...) {
			collector := strings.Contains(ct.Image, "opentelemetry-collector")
			jaeger := strings.Contains(ct.Image, "jaegertracing/jaeger")
			if !collector && !jaeger {
				continue
			}
			where := w.ref + " container " + ct.Name
			env := map[string]string{}
			for _, e := range ct.Env {
				if e.ValueFrom == nil {
					env[e.Name] = e.Value
				}
			}
			var files []string
			dir, err := os.MkdirTemp("", "config-")
			if err != nil {
				c.problems.add("%v", err)
				return
			}
			defer os.RemoveAll(dir)
			for _, a := range append(append([]string{}, ct.Command...), ct.Args...) {
				if !strings.HasPrefix(a, "--config=") {
					continue
				}
				inContainer := strings.TrimPrefix(strings.TrimPrefix(a, "--config="), "file:")
				data, ok := c.mounted(w, ct, inContainer)
				if !ok {
					c.problems.add("%s: %s is no ConfigMap key the container mounts", where, inContainer)
					continue
				}
				f := filepath.Join(dir, strconv.Itoa(len(files))+"-"+path.Base(inContainer))
				if err := os.WriteFile(f, []byte(data), 0o600); err != nil {
					c.problems.add("%v", err)
					return
				}
				files = append(files, f)
			}
			if len(files) == 0 {
				c.problems.add("%s: runs without a --config from a ConfigMap", where)
				continue
			}
			if collector {
				if err := validateCollector(files, env); err != nil {
					c.problems.add("%s: %v", where, err)
				}
			} else if c.jaeger == "" {
				c.problems.add("%s: Jaeger's configuration not validated: no --jaeger binary given", where)
			} else {
				for _, f := range files {
					if out, err := validateJaeger(c.jaeger, f, env); err != nil {
						c.problems.add("%s: jaeger validate: %v: %s", where, err, lastLines(out, 3))
					}
				}
			}
		}
	}
}

// The ConfigMaps that carry a whole folder of observability/ list its files one by one (kustomize has no
// globs): a file added to the folder and not to the kustomization would silently be missing in the cluster.
var folderConfigMaps = map[string]string{
	"prometheus-rules":   "observability/prometheus/rules/*.yml",
	"prometheus-targets": "observability/prometheus/targets-kind/*.yml",
	"grafana-dashboards": "observability/grafana/dashboards/*.json",
}

func (c *kubeCheck) foldersComplete() {
	for prefix, glob := range folderConfigMaps {
		files, _ := filepath.Glob(filepath.Join(c.repo, glob))
		for _, key := range sortedKeys(c.configMaps) {
			cm := c.configMaps[key]
			if cm.Name != prefix && !strings.HasPrefix(cm.Name, prefix+"-") {
				continue
			}
			for _, f := range files {
				if _, ok := cm.Data[filepath.Base(f)]; !ok {
					c.problems.add("ConfigMap/%s: has no %s, which %s holds", cm.Name, filepath.Base(f), filepath.Dir(glob))
				}
			}
		}
	}
}
