package io.rolegate.engine.auth;

import io.rolegate.engine.directory.AuthResult;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LoginCacheTest {
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    final LoginCache cache = new LoginCache(Duration.ofSeconds(60), Duration.ofSeconds(10), clock);
    final AtomicInteger asked = new AtomicInteger();

    AuthResult ask(AuthResult answer) {
        asked.incrementAndGet();
        return answer;
    }

    static final AuthResult WRONG = new AuthResult.InvalidCredentials("alice");
    static final AuthResult DOWN = new AuthResult.DirectoryUnavailable("connection refused");

    @Test
    void aRefusalIsKeptForTheNegativeTtlOnly() {
        cache.authenticate("alice", "bad".toCharArray(), () -> ask(WRONG));
        cache.authenticate("alice", "bad".toCharArray(), () -> ask(WRONG));
        assertThat(asked).hasValue(1);
        clock.now = clock.now.plusSeconds(11);
        cache.authenticate("alice", "bad".toCharArray(), () -> ask(WRONG));
        assertThat(asked).hasValue(2);
    }

    @Test
    void anotherPasswordNeverHitsACachedAnswer() {
        cache.authenticate("alice", "one".toCharArray(), () -> ask(WRONG));
        cache.authenticate("alice", "two".toCharArray(), () -> ask(WRONG));
        cache.authenticate("bob", "one".toCharArray(), () -> ask(WRONG));
        assertThat(asked).hasValue(3);
    }

    @Test
    void anOutageIsNeverCached() {
        cache.authenticate("alice", "pw".toCharArray(), () -> ask(DOWN));
        cache.authenticate("alice", "pw".toCharArray(), () -> ask(DOWN));
        assertThat(asked).hasValue(2);
    }

    @Test
    void forgetDropsAUsersAnswersAtOnce() {
        cache.authenticate("alice", "bad".toCharArray(), () -> ask(WRONG));
        cache.forget("alice", null);
        cache.authenticate("alice", "bad".toCharArray(), () -> ask(WRONG));
        assertThat(asked).hasValue(2);
    }

    @Test
    void concurrentLoginsShareOneLookup() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<AuthResult>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit(() -> cache.authenticate("alice", "pw".toCharArray(), () -> {
                    asked.incrementAndGet();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return WRONG;
                })));
            }
            Thread.sleep(200);
            release.countDown();
            for (Future<AuthResult> f : all) {
                assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(WRONG);
            }
            assertThat(asked).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
