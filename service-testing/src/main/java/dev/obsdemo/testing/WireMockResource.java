package dev.obsdemo.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.Map;

/**
 * Stands in for downstream services: starts WireMock on a free loopback port and points every REST client
 * named in the {@code clients} init argument (comma-separated config keys) at it; stubs tell the services
 * apart by path. Tests get the server with {@code @InjectWireMock}.
 */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the {@link WireMockServer}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectWireMock {}

    private WireMockServer server;
    private String[] clients;

    @Override
    public void init(Map<String, String> initArgs) {
        String names = initArgs.get("clients");
        if (names == null || names.isBlank()) {
            throw new IllegalArgumentException(
                    "WireMockResource needs the init argument 'clients' (REST client config keys)");
        }
        clients = names.split("\\s*,\\s*");
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        Map<String, String> config = new HashMap<>();
        for (String client : clients) {
            config.put("quarkus.rest-client." + client + ".url", server.baseUrl());
        }
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                server, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
