package dev.obsdemo.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Points the service's datasource at the local PostgreSQL through a {@link TcpProxy}, so a test can take the
 * database away ({@code cut()}) and give it back. Init argument {@code database}: the test database name.
 * Tests get the proxy with {@code @InjectPostgresProxy}.
 */
public class ProxiedPostgresResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives this resource's {@link TcpProxy}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectPostgresProxy {}

    private TcpProxy proxy;
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
        if (database == null) {
            throw new IllegalArgumentException("ProxiedPostgresResource needs the init argument 'database'");
        }
    }

    @Override
    public Map<String, String> start() {
        String host = System.getenv().getOrDefault("DB_HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("DB_PORT", "5432"));
        try {
            proxy = new TcpProxy(host, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                proxy, new TestInjector.AnnotatedAndMatchesType(InjectPostgresProxy.class, TcpProxy.class));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
