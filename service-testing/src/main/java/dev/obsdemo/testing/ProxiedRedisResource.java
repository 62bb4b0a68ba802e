package dev.obsdemo.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Points the service's Redis client at the local Redis (127.0.0.1:6379, or REDIS_HOST/REDIS_PORT) through a
 * {@link TcpProxy}, on database 1 so tests never touch the demo's data in database 0. Tests get the proxy
 * with {@code @InjectTcpProxy} to take Redis away and give it back.
 */
public class ProxiedRedisResource implements QuarkusTestResourceLifecycleManager {

    private TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        String host = System.getenv().getOrDefault("REDIS_HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6379"));
        try {
            proxy = new TcpProxy(host, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + proxy.port() + "/1");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                proxy, new TestInjector.AnnotatedAndMatchesType(InjectTcpProxy.class, TcpProxy.class));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
