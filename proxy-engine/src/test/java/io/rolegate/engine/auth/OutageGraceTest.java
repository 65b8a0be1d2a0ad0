package io.rolegate.engine.auth;

import com.unboundid.ldap.sdk.DN;
import io.rolegate.engine.directory.AccountState;
import io.rolegate.engine.directory.AuthResult;
import io.rolegate.engine.directory.DirectoryUser;
import io.rolegate.engine.directory.LookupResult;
import io.rolegate.engine.directory.ResolvedGroup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The remembered directory answers behind {@code directory.outageGrace}, with a clock the test moves. */
class OutageGraceTest {
    private final LoginCacheTest.MovableClock clock = new LoginCacheTest.MovableClock();
    private final AuthResult.Authenticated alice = authenticated("alice");

    private static AuthResult.Authenticated authenticated(String name) {
        return new AuthResult.Authenticated(new DirectoryUser(dn("uid=" + name + ",ou=people,dc=example,dc=org"),
                name, Map.of(), AccountState.usable(), List.of()));
    }

    @Test
    void theSamePasswordWithinTheGracePeriodGetsTheRememberedAnswerAndItsTime() {
        OutageGrace grace = new OutageGrace(Duration.ofMinutes(30), clock);
        Instant decided = clock.now;
        grace.remember("alice", "her-pw".toCharArray(), alice);
        clock.now = decided.plus(Duration.ofMinutes(29));
        var recalled = grace.recall("alice", "her-pw".toCharArray());
        assertThat(recalled).isPresent();
        assertThat(recalled.get().result()).isSameAs(alice);
        assertThat(recalled.get().decidedAt()).isEqualTo(decided);
    }

    @Test
    void anotherPasswordAnotherUserOrAnOldAnswerGetNothing() {
        OutageGrace grace = new OutageGrace(Duration.ofMinutes(30), clock);
        grace.remember("alice", "her-pw".toCharArray(), alice);
        assertThat(grace.recall("alice", "not-her-pw".toCharArray())).isEmpty();
        assertThat(grace.recall("bob", "her-pw".toCharArray())).isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        assertThat(grace.recall("alice", "her-pw".toCharArray())).as("exactly at the end of the grace").isEmpty();
    }

    @Test
    void theSameAnswerServedAgainFromTheLoginCacheKeepsItsFirstTime() {
        OutageGrace grace = new OutageGrace(Duration.ofMinutes(30), clock);
        Instant decided = clock.now;
        grace.remember("alice", "her-pw".toCharArray(), alice);
        clock.now = decided.plus(Duration.ofMinutes(20));
        grace.remember("alice", "her-pw".toCharArray(), alice); // a cache hit: same answer object
        clock.now = decided.plus(Duration.ofMinutes(31));
        assertThat(grace.recall("alice", "her-pw".toCharArray())).isEmpty();
        AuthResult.Authenticated fresh = authenticated("alice");
        grace.remember("alice", "her-pw".toCharArray(), fresh); // a new directory answer restarts the period
        assertThat(grace.recall("alice", "her-pw".toCharArray())).map(OutageGrace.Remembered::decidedAt)
                .contains(clock.now);
    }

    @Test
    void forgettingDropsTheAnswerAndZeroGraceRemembersNothing() {
        OutageGrace grace = new OutageGrace(Duration.ofMinutes(30), clock);
        grace.remember("alice", "her-pw".toCharArray(), alice);
        grace.forget("alice");
        assertThat(grace.recall("alice", "her-pw".toCharArray())).isEmpty();
        OutageGrace off = new OutageGrace(Duration.ZERO, clock);
        off.remember("alice", "her-pw".toCharArray(), alice);
        assertThat(off.recall("alice", "her-pw".toCharArray())).isEmpty();
    }

    @Test
    void aRecheckKeepsTheAnswerOnlyWhileTheDirectoryGivesTheSameOneOrCannotBeAsked() {
        OutageGrace grace = new OutageGrace(Duration.ofMinutes(30), clock);
        grace.remember("alice", "her-pw".toCharArray(), alice);
        grace.recheck("alice", () -> new LookupResult.Found(authenticated("alice").user()));
        grace.recheck("alice", () -> new AuthResult.DirectoryUnavailable("down"));
        assertThat(grace.recall("alice", "her-pw".toCharArray())).as("same answer, or no answer").isPresent();

        DirectoryUser inAGroupNow = new DirectoryUser(alice.user().dn(), "alice", Map.of(), AccountState.usable(),
                List.of(ResolvedGroup.direct(dn("cn=dba,ou=groups,dc=example,dc=org"), ResolvedGroup.How.MEMBER)));
        grace.recheck("alice", () -> new LookupResult.Found(inAGroupNow));
        assertThat(grace.recall("alice", "her-pw".toCharArray())).as("groups changed").isEmpty();

        grace.remember("alice", "her-pw".toCharArray(), alice);
        grace.recheck("alice", () -> new AuthResult.NoSuchUser("alice", "deleted"));
        assertThat(grace.recall("alice", "her-pw".toCharArray())).as("deleted").isEmpty();
    }

    @Test
    void aRecheckWithNothingRememberedDoesNotAskTheDirectory() {
        OutageGrace grace = new OutageGrace(Duration.ofMinutes(30), clock);
        grace.recheck("bob", () -> {
            throw new AssertionError("asked the directory for a user with nothing remembered");
        });
    }

    private static DN dn(String text) {
        try {
            return new DN(text);
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            throw new IllegalStateException(e);
        }
    }
}
