package main

import (
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/open-telemetry/opentelemetry-collector-contrib/exporter/zipkinexporter"
	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/healthcheckextension"
	"github.com/open-telemetry/opentelemetry-collector-contrib/receiver/filelogreceiver"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/provider/envprovider"
	"go.opentelemetry.io/collector/confmap/provider/fileprovider"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/debugexporter"
	"go.opentelemetry.io/collector/exporter/otlpexporter"
	"go.opentelemetry.io/collector/exporter/otlphttpexporter"
	"go.opentelemetry.io/collector/extension"
	"go.opentelemetry.io/collector/otelcol"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/batchprocessor"
	"go.opentelemetry.io/collector/processor/memorylimiterprocessor"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/otlpreceiver"
	"go.opentelemetry.io/collector/service/telemetry/otelconftelemetry"
)

// collectorRelease is the otel/opentelemetry-collector-contrib image tag the deployments run; go.mod pins
// every component below to that release, so `validate` here means what it means in the image.
const collectorRelease = "0.148.0"

// The components observability/collector/otelcol.yaml and logs.yaml configure: all of them are in the contrib
// image, and a configuration naming any other fails here as it would there.
func collectorComponents() (otelcol.Factories, error) {
	var err error
	factories := otelcol.Factories{Telemetry: otelconftelemetry.NewFactory()}
	if factories.Extensions, err = otelcol.MakeFactoryMap[extension.Factory](healthcheckextension.NewFactory()); err != nil {
		return factories, err
	}
	if factories.Receivers, err = otelcol.MakeFactoryMap[receiver.Factory](
		otlpreceiver.NewFactory(), filelogreceiver.NewFactory()); err != nil {
		return factories, err
	}
	if factories.Processors, err = otelcol.MakeFactoryMap[processor.Factory](
		memorylimiterprocessor.NewFactory(), batchprocessor.NewFactory()); err != nil {
		return factories, err
	}
	factories.Exporters, err = otelcol.MakeFactoryMap[exporter.Factory](
		otlpexporter.NewFactory(), otlphttpexporter.NewFactory(), zipkinexporter.NewFactory(), debugexporter.NewFactory())
	return factories, err
}

func collectorCommand(args []string) error {
	cmd := otelcol.NewCommand(otelcol.CollectorSettings{
		BuildInfo: component.BuildInfo{Command: "deploy-check otelcol", Description: "collector configuration check", Version: collectorRelease},
		Factories: collectorComponents,
		ConfigProviderSettings: otelcol.ConfigProviderSettings{
			ResolverSettings: confmap.ResolverSettings{
				ProviderFactories: []confmap.ProviderFactory{fileprovider.NewFactory(), envprovider.NewFactory()},
			},
		},
	})
	cmd.SetArgs(args)
	cmd.SilenceUsage = true
	cmd.SilenceErrors = true
	return cmd.Execute()
}

// runCollector is `deploy-check otelcol ...`: the collector command itself, e.g. `validate --config=...`.
func runCollector(args []string) error {
	return collectorCommand(args)
}

var envLock sync.Mutex

// The prefixes of the variables otelcol.yaml and logs.yaml read: cleared before each validation, so one
// container's settings never leak into the next and the checker's own environment plays no part.
var collectorEnvPrefixes = []string{"OTELCOL_", "JAEGER_", "ZIPKIN_", "LOKI_", "DEPLOYMENT_ENVIRONMENT", "GOMEMLIMIT"}

// validateCollector runs the collector's `validate` on the files with exactly the environment a container gets.
func validateCollector(files []string, env map[string]string) error {
	envLock.Lock()
	defer envLock.Unlock()
	saved := os.Environ()
	for _, kv := range saved {
		name := strings.SplitN(kv, "=", 2)[0]
		for _, prefix := range collectorEnvPrefixes {
			if strings.HasPrefix(name, prefix) {
				os.Unsetenv(name)
			}
		}
	}
	for k, v := range env {
		os.Setenv(k, v)
	}
	defer func() {
		for k := range env {
			os.Unsetenv(k)
		}
		for _, kv := range saved {
			parts := strings.SplitN(kv, "=", 2)
			os.Setenv(parts[0], parts[1])
		}
	}()
	args := []string{"validate"}
	for _, f := range files {
		args = append(args, "--config=file:"+f)
	}
	if err := collectorCommand(args); err != nil {
		return fmt.Errorf("collector %s validate %s: %w", collectorRelease, strings.Join(files, " "), err)
	}
	return nil
}
