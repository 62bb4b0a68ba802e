package main

import (
	"net"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// endpoint is where a setting points: a host and, when the value names one, a port.
type endpoint struct {
	host string
	port int // 0: none given
}

// wiringVariable tells whether an environment variable names another component by address. The services'
// and the observability components' variables follow these suffixes (DB_HOST, USER_SERVICE_URL,
// OTEL_EXPORTER_OTLP_ENDPOINT, OTELCOL_OTLP_HTTP_ENDPOINT, LOKI_OTLP_ENDPOINT, PROMETHEUS_URL, ...).
func wiringVariable(name string) bool {
	return strings.HasSuffix(name, "_HOST") || strings.HasSuffix(name, "_URL") || strings.HasSuffix(name, "_ENDPOINT")
}

// parseEndpoint reads "http://host:port/path", "host:port" or "host". ok is false for values that are no
// address (empty, a variable reference, a port alone).
func parseEndpoint(value string) (endpoint, bool) {
	value = strings.TrimSpace(value)
	if value == "" || strings.Contains(value, "${") {
		return endpoint{}, false
	}
	if strings.Contains(value, "://") {
		u, err := url.Parse(value)
		if err != nil || u.Hostname() == "" {
			return endpoint{}, false
		}
		port, _ := strconv.Atoi(u.Port())
		if port == 0 && u.Scheme == "http" {
			port = 80
		}
		return endpoint{host: u.Hostname(), port: port}, true
	}
	if host, p, err := net.SplitHostPort(value); err == nil {
		port, err := strconv.Atoi(p)
		if err != nil {
			return endpoint{}, false
		}
		return endpoint{host: host, port: port}, true
	}
	if strings.ContainsAny(value, "/ ") {
		return endpoint{}, false
	}
	return endpoint{host: value}, true
}

// listenAddress: a container's own listening address rather than another component.
func listenAddress(host string) bool {
	return host == "0.0.0.0" || host == "127.0.0.1" || host == "localhost" || host == "::" || host == ""
}

// otlpReceiver names the collector variable whose port a service's OTLP exporter must reach: the HTTP or the
// gRPC receiver, as QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL says, or else the services' shared default
// (service-commons' microprofile-config.properties; Quarkus' own default is grpc).
func otlpReceiver(protocol string, repo string) string {
	if protocol == "" {
		protocol = "grpc"
		props, err := readProperties(repo + "/service-commons/src/main/resources/META-INF/microprofile-config.properties")
		if err == nil && props["quarkus.otel.exporter.otlp.traces.protocol"] != "" {
			protocol = props["quarkus.otel.exporter.otlp.traces.protocol"]
		}
	}
	if protocol == "grpc" {
		return "OTELCOL_OTLP_GRPC_ENDPOINT"
	}
	return "OTELCOL_OTLP_HTTP_ENDPOINT"
}

// validateJaeger runs Jaeger's own `validate` (the binary scripts/build-jaeger.sh builds, the release the
// deployments' image tag names) on a configuration, with the container's environment.
func validateJaeger(bin, file string, env map[string]string) (string, error) {
	cmd := exec.Command(bin, "validate", "--config=file:"+file)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir()}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}
