package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.config.ApiConfig;
import io.rolegate.engine.config.ConsoleConfig;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestAdminApi;
import io.rolegate.engine.testbed.TestCertificates;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Status calls do not wait behind a locked audit table (store.poolSize 2, the figures read last), and long API calls
 * do not starve the others (decision 0035): with the audit table locked by the store's DBA, as many
 * {@code /audit/verify} calls as the API has threads are sent at once. Two walk (and wait); the rest are answered 503
 * with {@code Retry-After} at once, and {@code /me} and {@code /sessions} are still answered meanwhile. Once the lock
 * is released the two walking calls finish. Without the limit the verify calls would hold every API thread.
 */
class ApiLongCallsTest {
    @TempDir
    Path dir;

    /** Where the API's threads are: said when the test fails. */
    private static String apiThreads() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().startsWith("rolegate-api") || t.getName().startsWith("HTTP-Dispatcher")) {
                out.append('\n').append(t.getName()).append(' ').append(t.getState());
                for (StackTraceElement e : stack) {
                    if (e.getClassName().startsWith("io.rolegate") || e.getClassName().startsWith("org.postgresql")
                            || e.getClassName().startsWith("java.util.concurrent")) {
                        out.append("\n    ").append(e);
                    }
                }
            }
        });
        return out.toString();
    }

    /**
     * An engine in directory mode on a fresh PostgreSQL store with {@code poolSize} pooled connections, its admin API,
     * alice's API token, and the store's DBA on a connection of their own.
     */
    private final class Bed implements AutoCloseable {
        final TestDirectory ldap = TestDirectory.start();
        final String storeUrl = TestStores.newPostgresSchemaUrl();
        final TestProxy proxy;
        final TestAdminApi api;
        final Connection dba;
        final String alice;

        Bed(int poolSize) throws Exception {
            proxy = TestProxy.start(dir.resolve("data"), c -> DirectoryProxies.directoryMode(ldap,
                    DirectoryProxies.MAPPINGS, false).apply(c).withConsole(new ConsoleConfig(
                            TestDirectory.groupDn("dba"), TestDirectory.groupDn("readers")))
                    .withStore(new StoreConfig(storeUrl, TestPostgres.SUPERUSER, Secret.empty(), poolSize)));
            TestCertificates.PemSet pem = TestAdminApi.certificates(dir.resolve("certs"));
            api = TestAdminApi.start(proxy.engine(), ApiConfig.loopback(0, pem.certificate(), pem.key()), pem.ca(),
                    Clock.systemUTC());
            dba = DriverManager.getConnection(storeUrl, TestPostgres.SUPERUSER, "");
            alice = api.login("alice");
        }

        /** The store's DBA locks the audit table in a transaction left open (commit to release). */
        void lockAuditTable() throws Exception {
            dba.setAutoCommit(false);
            try (Statement st = dba.createStatement()) {
                st.execute("LOCK TABLE audit_event IN ACCESS EXCLUSIVE MODE");
            }
        }

        @Override
        public void close() throws Exception {
            dba.close();
            api.close();
            proxy.close();
            ldap.close();
        }
    }

    /**
     * {@code GET /api/v1/engine} (state, counters, the audit table's figures) answers while the store's DBA holds the
     * audit table locked: its read of the audit figures gives up after 2 s and the answer carries the figures read
     * last. Asked more often than the node has pooled store connections (store.poolSize 2): a read stuck behind the
     * lock would hold one for good, and the third call would find none.
     */
    @Test
    void theEngineStatusAnswersWhileTheAuditTableIsLocked() throws Exception {
        try (Bed bed = new Bed(2)) {
            HttpResponse<String> before = bed.api.get("/api/v1/engine", bed.alice);
            assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
            long records = bed.proxy.engine().metrics().auditRecords();
            assertThat(records).isPositive();
            bed.lockAuditTable();
            try {
                for (int i = 0; i < 4; i++) {
                    CompletableFuture<HttpResponse<String>> status = bed.api.http().sendAsync(bed.api.request(
                            "/api/v1/engine", bed.alice).GET().build(), HttpResponse.BodyHandlers.ofString());
                    int n = i;
                    Eventually.within(Duration.ofSeconds(30), () -> "GET /engine #" + n + " answers while the"
                            + " audit table is locked; " + apiThreads(), status::isDone);
                    HttpResponse<String> r = status.get();
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    assertThat(r.body()).contains("\"state\":\"running\"")
                            .contains("\"auditRecords\":" + records);
                }
                assertThat(bed.proxy.engine().metrics().auditRecords()).as("the facade too").isEqualTo(records);
            } finally {
                bed.dba.commit(); // the lock is released
            }
        }
    }

    @Test
    void verifyCallsBeyondTheLimitAreAskedToComeBackAndShortCallsAreStillAnswered() throws Exception {
        try (Bed bed = new Bed(8)) {
            bed.lockAuditTable();
            List<CompletableFuture<HttpResponse<String>>> verifies = new ArrayList<>();
            for (int i = 0; i < ApiServer.WORKERS; i++) {
                verifies.add(bed.api.http().sendAsync(bed.api.request("/api/v1/audit/verify", bed.alice).GET().build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            Eventually.within(Duration.ofSeconds(60), () -> "all but the allowed long calls are answered; "
                    + apiThreads(), () ->
                    verifies.stream().filter(CompletableFuture::isDone).count()
                            == ApiServer.WORKERS - ApiDispatcher.LENGTHY_CALLS);
            for (CompletableFuture<HttpResponse<String>> f : verifies) {
                if (f.isDone()) {
                    HttpResponse<String> r = f.get();
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                    assertThat(r.headers().firstValue("Retry-After")).contains(
                            Long.toString(ApiDispatcher.LENGTHY_RETRY_AFTER_SECONDS));
                    assertThat(r.body()).contains("long calls");
                }
            }

            // the walking verifies still wait on the lock; short calls are answered meanwhile
            assertThat(bed.api.get("/api/v1/me", bed.alice).statusCode()).isEqualTo(200);
            HttpResponse<String> sessions = bed.api.get("/api/v1/sessions", bed.alice);
            assertThat(sessions.statusCode()).as(sessions.body()).isEqualTo(200);
            assertThat(verifies.stream().filter(f -> !f.isDone()).count())
                    .isEqualTo(ApiDispatcher.LENGTHY_CALLS);

            bed.dba.commit(); // the lock is released
            for (CompletableFuture<HttpResponse<String>> f : verifies) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).isIn(200, 503);
            }
            assertThat(verifies.stream().filter(f -> f.join().statusCode() == 200).count())
                    .isEqualTo(ApiDispatcher.LENGTHY_CALLS);
            // the places are free again
            assertThat(bed.api.get("/api/v1/audit/verify", bed.alice).statusCode()).isEqualTo(200);
        }
    }
}
