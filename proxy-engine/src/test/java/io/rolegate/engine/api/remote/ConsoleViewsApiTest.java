package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.ProtocolTraces;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.Recording;
import io.rolegate.engine.api.model.RecordingQuery;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.api.model.TraceLimits;
import io.rolegate.engine.api.model.TraceMessage;
import io.rolegate.engine.api.model.UserLookup;
import io.rolegate.engine.testbed.ApiTestBed;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static io.rolegate.engine.testbed.ApiTestBed.login;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the attached console's Throughput, Directory, Settings, Recording and Trace views ask of a remote engine
 * ({@link RemoteEngine}, decision 0034), against a real engine's admin API over real TLS, the UnboundID directory,
 * PostgreSQL and pgjdbc: alice administers (not an auditor), bob only looks, carol audits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleViewsApiTest {
    @RegisterExtension
    static final ApiTestBed bed = ApiTestBed.recordingDataTeam();

    @Test
    void theDirectoryViewBrowsesTheRemoteEnginesDirectory() throws Exception {
        RemoteEngine remote = bed.remote();
        login(remote, "bob"); // reading the directory needs a login, nothing more
        var browser = remote.directory();
        assertThat(browser.directoryGroups("", 100)).extracting(g -> g.dn()).contains(TestDirectory.groupDn("dba"));
        var dba = browser.groupMembers(TestDirectory.groupDn("dba"));
        assertThat(dba).isEqualTo(bed.engine().directory().groupMembers(TestDirectory.groupDn("dba")));
        assertThat(dba.users().size() + dba.groups().size() + dba.memberUids().size()).isPositive();
        UserLookup alice = browser.lookupUser("alice");
        assertThat(alice).isInstanceOfSatisfying(UserLookup.Found.class, f -> {
            assertThat(f.usable()).isTrue();
            assertThat(f.groups()).extracting(UserLookup.Membership::dn).contains(TestDirectory.groupDn("dba"));
        });
        assertThat(browser.lookupUserAt(TestDirectory.userDn("alice"))).isInstanceOf(UserLookup.Found.class);
        assertThat(browser.lookupUser("nobody-here")).isInstanceOf(UserLookup.NoSuchUser.class);
        assertThat(browser.findUsers("ali", 10)).extracting(u -> u.username()).contains("alice");
        assertThat(browser.userUnits()).anySatisfy(u -> assertThat(u).containsIgnoringCase(TestDirectory.PEOPLE));
        assertThat(browser.usersIn(TestDirectory.PEOPLE, 100)).extracting(u -> u.username()).contains("alice", "bob");
        assertThat(browser.mappings()).isEqualTo(bed.engine().directory().mappings());
        assertThatThrownBy(() -> browser.usersIn("not a dn", 10)).isInstanceOf(EngineException.class)
                .hasMessageContaining("not a valid unit DN");
    }

    @Test
    void throughputSamplesComeOncePerSecondAndOnlyNewOnesAfterTheLast() throws Exception {
        RemoteEngine remote = bed.remote();
        login(remote, "bob");
        Eventually.within(Duration.ofSeconds(30), "the engine sampled its first seconds",
                () -> remote.throughputAfter(null).size() >= 2);
        var all = remote.throughputAfter(null);
        var last = all.get(all.size() - 1).second();
        assertThat(remote.throughputAfter(last)).allSatisfy(s -> assertThat(s.second()).isAfter(last));
        assertThat(all.get(0).second()).isBefore(last);
    }

    @Test
    void anAdministratorsSaveIsInForceOnTheEngineAndAuditedWithTheirName() throws Exception {
        RemoteEngine remote = bed.remote();
        ConsoleIdentity alice = login(remote, "alice");
        var settings = remote.settings();
        String latest = settings.latestYaml();
        assertThat(settings.dataDirectory().toString())
                .isEqualTo(bed.engine().dataDirectory().toAbsolutePath().toString());
        assertThat(latest).contains("startupTimeout: ");
        String changed = latest.replaceFirst("startupTimeout: \\S+", "startupTimeout: 7s");

        assertThatThrownBy(() -> settings.validate(changed.replace("7s", "7"), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p.path()).isEqualTo("limits.startupTimeout")));
        assertThatThrownBy(() -> settings.save(changed, Map.of("ROLEGATE_LDAP_PASSWORD", Secret.of("typed")), alice,
                "with a secret")).isInstanceOf(EngineException.class).hasMessageContaining("not sent");
        assertThatThrownBy(() -> settings.testDirectory(changed, Map.of())).hasMessageContaining("not available");
        settings.validate(changed, Map.of());

        ConfigVersion saved = settings.save(changed, Map.of(), alice, "shorter startup timeout, attached");
        assertThat(saved.author()).isEqualTo("alice");
        assertThat(bed.engine().settings().runningYaml()).contains("startupTimeout: 7s");
        assertThat(settings.applied(saved.version())).hasValueSatisfying(a -> {
            assertThat(a.applied()).isTrue();
            assertThat(a.live()).contains("limits.startupTimeout");
        });
        assertThat(settings.history().get(0).version()).isEqualTo(saved.version());
        assertThat(settings.diffAgainstRunning(saved.version() - 1)).contains("startupTimeout");
        assertThat(bed.audit(AuditEventType.CONFIG_CHANGED)).last().satisfies(r -> {
            assertThat(r.event().actor()).isEqualTo("alice");
            assertThat(r.event().message()).contains("configuration version " + saved.version());
        });
        assertThat(saved.comment()).isEqualTo("shorter startup timeout, attached");

        ConfigVersion back = settings.rollback(saved.version() - 1, alice, "back again");
        assertThat(back.author()).isEqualTo("alice");
        assertThat(bed.engine().settings().runningYaml()).doesNotContain("startupTimeout: 7s");
    }

    @Test
    void aReadOnlyUsersSaveAndRollbackAreRefusedByTheEngineEvenCalledDirectly() throws Exception {
        RemoteEngine remote = bed.remote();
        ConsoleIdentity bob = login(remote, "bob");
        assertThat(bob.mayAdminister()).isFalse();
        assertThat(bob.mayAudit()).isFalse();
        // the levels the console greys its controls by are the engine's answer at login (decision 0038)
        ConsoleIdentity carol = login(bed.remote(), "carol");
        assertThat(carol.mayAudit()).as("carol audits").isTrue();
        assertThat(carol.mayAdminister()).isFalse();
        ConsoleIdentity alice = login(bed.remote(), "alice");
        assertThat(alice.mayAudit()).as("alice administers without auditing").isFalse();
        assertThat(alice.mayAdminister()).isTrue();
        int versions = bed.engine().settings().history().size();
        int refusals = bed.audit(AuditEventType.CONSOLE_ACTION_REFUSED).size();
        String yaml = remote.settings().latestYaml() + "\n# bob was here\n";

        assertThatThrownBy(() -> remote.settings().save(yaml, Map.of(), bob, "bob tries"))
                .isInstanceOf(PermissionDenied.class).hasMessageContaining("bob may only look");
        assertThatThrownBy(() -> remote.settings().rollback(1, bob, "bob tries"))
                .isInstanceOf(PermissionDenied.class);
        // a forged identity changes nothing: the engine judges the token
        ConsoleIdentity forged = new ConsoleIdentity("bob", "", "bob", true, true, "forged", bob.token());
        assertThatThrownBy(() -> remote.settings().save(yaml, Map.of(), forged, "forged"))
                .isInstanceOf(PermissionDenied.class);
        var raw = bed.api().send("POST", "/api/v1/config/versions", bob.token(), ApiViews.SAVE_EXAMPLE);
        assertThat(raw.statusCode()).isEqualTo(403);

        assertThat(bed.engine().settings().history()).hasSize(versions);
        assertThat(bed.audit(AuditEventType.CONSOLE_ACTION_REFUSED)).hasSize(refusals + 4)
                .last().satisfies(r -> assertThat(r.event().actor()).isEqualTo("bob"));
    }

    @Test
    void anAuditorReadsARecordingAndTracesASessionAttachedAndAnAdministratorIsRefused() throws Exception {
        RemoteEngine remote = bed.remote();
        ConsoleIdentity carol = login(remote, "carol");
        ConsoleIdentity alice = login(bed.remote(), "alice");
        try (Connection c = bed.proxy().session("alice"); Statement s = c.createStatement()) {
            long id = bed.engine().sessions().stream().filter(x -> x.user().equals("alice")).reduce((a, b) -> b)
                    .orElseThrow().id();
            assertThatThrownBy(() -> remote.traces().start(id, TraceLimits.defaults(), alice))
                    .isInstanceOf(PermissionDenied.class).hasMessageContaining("auditor");
            ProtocolTraces.Trace trace = remote.traces().start(id, TraceLimits.defaults(), carol);
            s.execute("select 'attached_trace_marker'");
            Eventually.within(Duration.ofSeconds(30), "the query is in the trace", () -> trace.messagesAfter(0, carol)
                    .stream().map(TraceMessage::type).anyMatch(t -> t.equals("Query") || t.equals("Parse")));
            trace.stop(carol);
            assertThat(trace.status(carol).running()).isFalse();
            StringWriter out = new StringWriter();
            assertThat(trace.export(out, carol)).isPositive();
            assertThat(out.toString()).contains("\"Parse\"");
            s.execute("select 1 as attached_recording_marker");
        }
        Eventually.within(Duration.ofSeconds(60), "alice's recording was written", () -> remote.recordings()
                .search(RecordingQuery.all().text("attached_recording_marker"), carol).stream()
                .anyMatch(r -> !r.live()));
        Recording found = remote.recordings().search(RecordingQuery.all().text("attached_recording_marker"), carol)
                .get(0);
        assertThat(remote.recordings().statements(found.id(), carol)).extracting(r -> r.text())
                .anySatisfy(t -> assertThat(t).contains("attached_recording_marker"));
        StringWriter export = new StringWriter();
        assertThat(remote.recordings().export(found.id(), export, carol)).isPositive();
        assertThat(export.toString().lines().findFirst().orElseThrow()).startsWith("{\"kind\":\"recording\"");
        assertThat(remote.recordings().statements(999_999, carol)).isEmpty();

        assertThatThrownBy(() -> remote.recordings().search(RecordingQuery.all(), alice))
                .isInstanceOf(PermissionDenied.class);
        assertThatThrownBy(() -> remote.recordings().export(found.id(), new StringWriter(), alice))
                .isInstanceOf(PermissionDenied.class);
        assertThat(bed.audit(AuditEventType.CONSOLE_ACTION_REFUSED)).anySatisfy(r -> assertThat(r.event().actor())
                .isEqualTo("alice"));
    }
}
