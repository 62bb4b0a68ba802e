package dev.obsdemo.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Routes read from resource classes, and which raw paths they match. */
class RouteTableTest {

    @Path("/api/users")
    static class Users {
        @POST
        public void create() {}

        @GET
        @Path("{id}")
        public void get() {}

        @DELETE
        @Path("/{id}/")
        public void delete() {}

        @GET
        @Path("{id}/orders")
        public void orders() {}
    }

    @Path("orders")
    static class Orders {
        @GET
        @Path("{id: \\d+}")
        public void get() {}

        @GET
        @Path("stats")
        public void stats() {}

        /** Not a resource method: no HTTP method. */
        public void helper() {}
    }

    static class NotAResource {
        @GET
        public void get() {}
    }

    private static final RouteTable TABLE = RouteTable.of(List.of(Users.class, Orders.class, NotAResource.class));

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "/api/users,          /api/users",
        "/api/users/7,        /api/users/{id}",
        "/api/users/abc,      /api/users/{id}",
        "/api/users/7/orders, /api/users/{id}/orders",
        "/orders/42,          /orders/{id: \\d+}",
        "/orders/stats,       /orders/stats"
    })
    void aPathMatchesItsTemplate(String path, String template) {
        assertThat(TABLE.match(path))
                .hasValueSatisfying(r -> assertThat(r.template()).isEqualTo(template));
    }

    @ParameterizedTest(name = "{0} matches nothing")
    @ValueSource(
            strings = {
                "/api/users/",
                "//api/users",
                "/api//users",
                "/api/users/7//",
                "/api/users//7",
                "/api/users/7/orders/",
                "/api",
                "/",
                "",
                "/orders/abc",
                "/orders",
                "/api/users/7/orders/x"
            })
    void aPathThatOnlyResemblesARouteMatchesNothing(String path) {
        assertThat(TABLE.match(path)).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/api/users|OPTIONS, POST",
                "/api/users/7|DELETE, GET, HEAD, OPTIONS",
                "/api/users/7/orders|GET, HEAD, OPTIONS"
            })
    void everyRouteAllowsItsMethodsHeadWithGetAndOptions(String path, String allow) {
        assertThat(TABLE.match(path).orElseThrow().allow()).isEqualTo(allow);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/orders/stats"})
    void aLiteralSegmentWinsOverAParameter(String path) {
        assertThat(TABLE.match(path).orElseThrow().methods()).isEqualTo(Set.of("GET", "HEAD", "OPTIONS"));
        assertThat(TABLE.routes().get(0).template()).isEqualTo("/api/users/{id}/orders");
    }
}
