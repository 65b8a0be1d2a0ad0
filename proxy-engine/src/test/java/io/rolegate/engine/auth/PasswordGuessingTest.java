package io.rolegate.engine.auth;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import io.rolegate.engine.config.LoginThrottleConfig;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.rolegate.engine.testbed.DirectoryProxies.MAPPINGS;
import static io.rolegate.engine.testbed.DirectoryProxies.directoryMode;
import static io.rolegate.engine.testbed.DirectoryProxies.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 13 item 5, as an attacker tries it through the proxy (pgjdbc over TLS, a real directory counting every
 * user bind it receives, a real PostgreSQL): password guessing past {@code limits.loginThrottle} is refused before
 * any bind — so the proxy cannot lock the account out in the directory — with a clear error and a retry-after,
 * audited once per burst; an unknown user and a wrong password get the same answer for the same work.
 */
class PasswordGuessingTest {
    static TestDirectory ldap;
    static final ConcurrentHashMap<String, AtomicInteger> binds = new ConcurrentHashMap<>();
    @TempDir
    Path dataDir;
    TestProxy proxy;

    @BeforeAll
    static void startDirectory() throws Exception {
        ldap = TestDirectory.start(InetAddress.getLoopbackAddress(), config ->
                config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
                    @Override
                    public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
                        String dn = request.getRequest().getBindDN().toLowerCase();
                        if (!dn.equals(TestDirectory.SERVICE_DN.toLowerCase())) {
                            binds.computeIfAbsent(dn, d -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                }));
    }

    @AfterAll
    static void stopDirectory() {
        ldap.close();
    }

    @AfterEach
    void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
        binds.clear();
    }

    private void startProxy(LoginThrottleConfig throttle) {
        proxy = TestProxy.start(dataDir, c -> {
            var directory = directoryMode(ldap, MAPPINGS, false).apply(c);
            return directory.withLimits(directory.limits().withLoginThrottle(throttle));
        });
    }

    @Test
    void guessingPastTheLimitIsRefusedBeforeAnyBindWithARetryAfterAndAuditedOnce() throws Exception {
        startProxy(new LoginThrottleConfig(3, 0, Duration.ofMinutes(15), 1_000));
        for (int i = 0; i < 3; i++) {
            assertThat(refusal("bob", "guess-" + i).getSQLState()).isEqualTo("28P01");
        }
        assertThat(bindsAs("bob")).as("each guess within the limit is checked by the directory").isEqualTo(3);

        for (String password : List.of("guess-3", "guess-4", TestDirectory.password("bob"), "guess-5")) {
            PSQLException e = refusal("BOB", password);

            assertThat(e.getSQLState()).isEqualTo("28000");
            assertThat(e.getMessage()).contains("too many failed logins for user \"BOB\"")
                    .containsPattern("try again in \\d+ seconds");
        }
        assertThat(bindsAs("bob")).as("refused before the directory was asked, whatever the case").isEqualTo(3);

        refusal("marker", "x"); // recorded after the burst's refusals, so waiting for it waits for them
        awaitAuditOf("marker");
        List<AuditRecord> throttled = failures().stream()
                .filter(r -> r.event().message().contains("too many failed logins")).toList();
        assertThat(throttled).as("one audit record for the burst of four refusals").hasSize(1);
        assertThat(throttled.get(0).event().details()).contains("login-throttled");
    }

    @Test
    void aSourceGuessingManyNamesIsRefusedBeforeAnyBind() throws Exception {
        startProxy(new LoginThrottleConfig(0, 4, Duration.ofMinutes(15), 1_000));
        for (String user : List.of("alice", "bob", "carol", "nobody-1")) {
            assertThat(refusal(user, "wrong").getSQLState()).isEqualTo("28P01");
        }
        int before = totalBinds();

        PSQLException e = refusal("dave", "wrong");

        assertThat(e.getSQLState()).isEqualTo("28000");
        assertThat(e.getMessage()).contains("too many failed logins from 127.0.0.1")
                .containsPattern("try again in \\d+ seconds");
        assertThat(totalBinds()).isEqualTo(before);
    }

    @Test
    void theRightPasswordClearsTheNamesFailuresSoAPersonWhoMistypedIsNotLockedOut() throws Exception {
        startProxy(new LoginThrottleConfig(3, 0, Duration.ofMinutes(15), 1_000));
        refusal("alice", "typo-1");
        refusal("alice", "typo-2");
        login(proxy, "alice", TestDirectory.password("alice")).close();

        for (int i = 0; i < 2; i++) {
            assertThat(refusal("alice", "typo-again-" + i).getSQLState()).isEqualTo("28P01");
        }
        login(proxy, "alice", TestDirectory.password("alice")).close();
    }

    @Test
    void anUnknownUserAndAWrongPasswordGetTheSameAnswerForTheSameWork() throws Exception {
        startProxy(LoginThrottleConfig.off());
        int before = totalBinds();
        PSQLException wrong = refusal("bob", "not-bobs");
        int afterWrong = totalBinds();
        PSQLException unknown = refusal("no-such-person", "whatever");
        int afterUnknown = totalBinds();

        assertThat(unknown.getSQLState()).isEqualTo(wrong.getSQLState()).isEqualTo("28P01");
        assertThat(unknown.getServerErrorMessage().getMessage().replace("no-such-person", "?"))
                .isEqualTo(wrong.getServerErrorMessage().getMessage().replace("bob", "?"));
        assertThat(afterWrong - before).as("a wrong password costs one user bind").isEqualTo(1);
        assertThat(afterUnknown - afterWrong).as("an unknown user costs one bind too").isEqualTo(1);
    }

    private PSQLException refusal(String user, String password) {
        PSQLException e = catchThrowableOfType(PSQLException.class, () -> login(proxy, user, password).close());
        assertThat((Throwable) e).as("login as %s was refused", user).isNotNull();
        return e;
    }

    private static int bindsAs(String uid) {
        AtomicInteger n = binds.get(TestDirectory.userDn(uid).toLowerCase());
        return n == null ? 0 : n.get();
    }

    private static int totalBinds() {
        return binds.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private List<AuditRecord> failures() {
        return proxy.engine().audit().records(AuditQuery.all().type(AuditEventType.AUTH_FAILED).limit(1_000));
    }

    private void awaitAuditOf(String user) throws InterruptedException {
        Eventually.within(Duration.ofSeconds(10), "the audit record of " + user,
                () -> failures().stream().anyMatch(r -> user.equals(r.event().user())));
    }
}
