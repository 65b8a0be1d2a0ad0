package io.rolegate.engine.auth;

import io.rolegate.engine.directory.AccountState;
import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.DirectoryUser;
import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.directory.LookupResult;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 1 at the unit level: the login cache and the outage grace hold answers under the typed name, but
 * forgetting a user (a revocation) drops every answer about their entry, whatever spelling or name led to it, and
 * a lookup that was under way when the user was forgotten is not kept. On the code before this change
 * {@code forget("alice")} left {@code ALICE}'s answer in place.
 */
class LoginCacheSpellingsTest {
    private static final DirectoryUser ALICE = new DirectoryUser(Dns.parse("uid=alice,ou=people,dc=example,dc=org"),
            "alice", Map.of(), AccountState.usable(), List.of(), "entryUUID:0f0e0d0c-0000-4000-8000-000000000001");
    private static final AuthResult OK = new AuthResult.Authenticated(ALICE);
    private static final List<String> SPELLINGS = List.of("alice", "ALICE", "Alice", "ａｌｉｃｅ");

    private final LoginCache cache = new LoginCache(Duration.ofMinutes(10), Duration.ofSeconds(10),
            Clock.systemUTC());

    private void warm() {
        for (String name : SPELLINGS) {
            cache.authenticate(name, "pw".toCharArray(), () -> OK);
            assertThat(cache.cached(name, "pw".toCharArray())).contains(OK);
        }
    }

    @Test
    void forgettingTheNameDropsTheAnswerOfEverySpelling() {
        warm();
        cache.forget("alice", null);
        assertThat(cache.size()).isZero();
    }

    @Test
    void forgettingTheEntryDropsAnswersReachedUnderAnyName() {
        warm();
        cache.authenticate("alice.smith", "pw".toCharArray(), () -> OK); // e.g. found by another attribute
        cache.forget("someone-else", ALICE.entryId());
        assertThat(cache.size()).isZero();
    }

    @Test
    void anotherUsersAnswersStay() {
        warm();
        cache.forget("bob", "entryUUID:another");
        assertThat(cache.size()).isEqualTo(SPELLINGS.size());
    }

    @Test
    void aLookupUnderWayWhenTheUserIsForgottenIsNotKept() {
        cache.authenticate("ALICE", "pw".toCharArray(), () -> {
            cache.forget("alice", ALICE.entryId()); // the watcher's revocation lands while the directory answers
            return OK;
        });
        assertThat(cache.cached("ALICE", "pw".toCharArray())).isEmpty();
    }

    @Test
    void theOutageGraceRemembersTheEntryAndDropsItForEveryName() {
        OutageGrace grace = new OutageGrace(Duration.ofHours(1), Clock.systemUTC());
        grace.remember("ALICE", "pw".toCharArray(), (AuthResult.Authenticated) OK);
        grace.remember("alice", "pw".toCharArray(), (AuthResult.Authenticated) OK);
        assertThat(grace.recall("ALICE", "pw".toCharArray())).isPresent();
        DirectoryUser locked = ALICE.withAccountState(AccountState.unusable(AccountState.Status.LOCKED, "locked", null));
        grace.recheck("alice", () -> new LookupResult.Found(locked)); // the watcher saw the lock, under "alice"
        assertThat(grace.recall("ALICE", "pw".toCharArray())).as("ALICE is the same entry").isEmpty();
        assertThat(grace.recall("alice", "pw".toCharArray())).isEmpty();
    }
}
