package io.rolegate.engine.store.session;

import io.rolegate.engine.api.model.SessionRecord;
import io.rolegate.engine.api.model.SessionQuery;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ParameterizedClass(name = "{0}")
@EnumSource(TestStores.class)
class SessionHistoryTest {
    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00.000001Z");

    @Parameter
    TestStores kind;
    @TempDir
    Path dir;
    TestStores.Location location;
    Store store;
    SessionHistory history;

    @BeforeEach
    void open() {
        location = kind.fresh(dir);
        store = location.open();
        history = store.sessionHistory();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aFinishedSessionRoundTripsWithRolesInOrder() {
        SessionRecord s = new SessionRecord(17, "dave", "uid=dave,ou=people,dc=example,dc=org",
                List.of("reporting", "app_rw", "weird, \"role\""), "10.0.0.5:51234", "psql", "sales",
                T0, T0.plusSeconds(95).plusNanos(123_456_789), 1_234, 98_765, 12, 40, 7, "CLIENT_TERMINATE");

        history.record(s);

        SessionRecord back = history.query(SessionQuery.all()).get(0);
        assertThat(back).isEqualTo(new SessionRecord(17, "dave", "uid=dave,ou=people,dc=example,dc=org",
                List.of("reporting", "app_rw", "weird, \"role\""), "10.0.0.5:51234", "psql", "sales",
                T0, T0.plusSeconds(95).plusNanos(123_456_000), 1_234, 98_765, 12, 40, 7, "CLIENT_TERMINATE",
                io.rolegate.engine.store.Store.defaultNode()));
    }

    @Test
    void optionalFieldsAndNoRolesSurvive() {
        history.record(session(1, "erin", 0, 10, List.of()));

        SessionRecord back = history.query(SessionQuery.all()).get(0);

        assertThat(back.roles()).isEmpty();
        assertThat(back.directoryDn()).isNull();
        assertThat(back.applicationName()).isNull();
    }

    @Test
    void queryFiltersByOverlapWithTheWindowByUserAndLimitsNewestFirst() {
        history.record(session(1, "dave", 0, 60, List.of("a")));
        history.record(session(2, "erin", 30, 90, List.of("b")));
        history.record(session(3, "dave", 100, 200, List.of("c")));

        assertThat(ids(SessionQuery.all())).containsExactly(3L, 2L, 1L);
        assertThat(ids(SessionQuery.all().user("dave"))).containsExactly(3L, 1L);
        assertThat(ids(SessionQuery.all().since(T0.plusSeconds(70)))).containsExactly(3L, 2L);
        assertThat(ids(SessionQuery.all().until(T0.plusSeconds(30)))).containsExactly(1L);
        assertThat(ids(SessionQuery.all().since(T0.plusSeconds(61)).until(T0.plusSeconds(95)))).containsExactly(2L);
        assertThat(ids(SessionQuery.all().limit(1))).containsExactly(3L);
    }

    @Test
    void aSessionEndingBeforeItStartsIsRejected() {
        assertThatThrownBy(() -> session(1, "dave", 10, 5, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends before it starts");
    }

    private List<Long> ids(SessionQuery q) {
        return history.query(q).stream().map(SessionRecord::sessionId).toList();
    }

    private static SessionRecord session(long id, String user, int startSecond, int endSecond, List<String> roles) {
        return new SessionRecord(id, user, null, roles, "127.0.0.1:40000", null, "postgres",
                T0.plusSeconds(startSecond), T0.plusSeconds(endSecond), 1, 2, 3, 4, 5, "UPSTREAM_CLOSED");
    }
}
