package io.rolegate.engine.export;

import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.config.ExportConfig;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.store.audit.AuditEventJson;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestProxy;
import org.postgresql.util.PSQLException;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The access story every exporter test sends: alice logs in and works, alice mistypes her password, carol (in no
 * mapped group) is refused, bob logs in and loses his group's mapping while connected (revocation). Against the
 * real PostgreSQL and the in-memory directory of the testbed, with pgjdbc.
 */
final class ExportScenario {
    static final Duration ARRIVAL = Duration.ofSeconds(30);
    private static final Pattern EVENT_ID = Pattern.compile("\"eventId\":\"([^\"]+)\"");

    private ExportScenario() {
    }

    /** An exporter that retries quickly (tests wait for arrivals, not for backoff). */
    static ExportConfig exporter(ExportConfig.Type type, URI target, boolean tls, Path ca, String secret) {
        return new ExportConfig(type.name().toLowerCase() + " " + target, type, target, tls, 10, ca,
                secret == null ? null : io.rolegate.engine.api.model.Secret.of(secret), 50, Duration.ofSeconds(5),
                Duration.ofSeconds(1), 10_000, Duration.ofMinutes(5));
    }

    static UnaryOperator<RolegateConfig> directoryWithExports(TestDirectory ldap, ExportConfig... exports) {
        UnaryOperator<RolegateConfig> base = DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, false);
        return c -> base.apply(c).withExports(List.of(exports))
                .withAdmin(io.rolegate.engine.config.AdminConfig.loopback(0));
    }

    /** Login and work, a wrong password, a refusal. */
    static void loginAndDeny(TestProxy proxy) throws Exception {
        try (Connection alice = DirectoryProxies.login(proxy, "alice", TestDirectory.password("alice"))) {
            assertThat(DirectoryProxies.one(alice, "select 1")).isEqualTo("1");
        }
        assertThatThrownBy(() -> DirectoryProxies.login(proxy, "alice", "not her password").close())
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        assertThatThrownBy(() -> DirectoryProxies.login(proxy, "carol", TestDirectory.password("carol")).close())
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
    }

    /** Bob works until his group's mapping is dropped: his session ends with 57P01. */
    static void revoke(TestProxy proxy) throws Exception {
        try (Connection bob = DirectoryProxies.login(proxy, "bob", TestDirectory.password("bob"))) {
            assertThat(DirectoryProxies.one(bob, "select 2")).isEqualTo("2");
            List<Mapping> without = DirectoryProxies.MAPPINGS.stream()
                    .filter(m -> !m.groupDn().equals(TestDirectory.groupDn("analysts"))).toList();
            proxy.engine().directory().applyMappings(without, proxy.engine().operator("dba.admin"),
                    "analysts lose access");
            assertThatThrownBy(() -> DirectoryProxies.one(bob, "select 3"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57P01"));
        }
    }

    /** The whole story. */
    static void run(TestProxy proxy) throws Exception {
        loginAndDeny(proxy);
        revoke(proxy);
    }

    /** Every committed audit record's event id, by id, with its type. */
    static Map<String, String> committed(TestProxy proxy) {
        Map<String, String> out = new TreeMap<>();
        for (AuditRecord r : proxy.engine().audit().records(AuditQuery.all())) {
            out.put(AuditEventJson.eventId(r), r.event().type().name());
        }
        return out;
    }

    /** The node the engine runs as: whose chain its exporters send. */
    static String node(TestProxy proxy) {
        return proxy.engine().audit().records(AuditQuery.all()).get(0).node();
    }

    /** The event ids in received JSON texts (events or batches), duplicates kept. */
    static List<String> eventIds(Collection<String> texts) {
        List<String> ids = new java.util.ArrayList<>();
        for (String t : texts) {
            Matcher m = EVENT_ID.matcher(t);
            while (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    /** Waits until every id in {@code expected} was received; fails naming the missing ones. */
    static void awaitAll(Set<String> expected, Supplier<List<String>> receivedIds) throws Exception {
        Eventually.within(ARRIVAL, () -> "events not received: " + missing(expected, receivedIds.get()),
                () -> missing(expected, receivedIds.get()).isEmpty());
    }

    private static Set<String> missing(Set<String> expected, List<String> received) {
        Set<String> got = Set.copyOf(received);
        return expected.stream().filter(id -> !got.contains(id)).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** The engine's /metrics page now. */
    static String metrics(TestProxy proxy) throws Exception {
        int port = proxy.engine().adminAddress().orElseThrow().getPort();
        var client = java.net.http.HttpClient.newHttpClient();
        return client.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of one sample line of /metrics, e.g. {@code rolegate_export_failures_total{exporter="x",...}}. */
    static double sample(String metrics, String name, String exporter) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("exporter=\"" + exporter + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no " + name + " for " + exporter + " in:\n" + metrics);
    }
}
