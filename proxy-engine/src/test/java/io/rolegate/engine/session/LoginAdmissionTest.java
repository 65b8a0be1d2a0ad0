package io.rolegate.engine.session;

import io.rolegate.engine.config.LoginQueueConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The admission's arithmetic, on a clock the test moves: who is let in, who is told "server busy", and when. */
class LoginAdmissionTest {
    private long now = 1_000_000_000L;
    private final LoginQueueConfig config = new LoginQueueConfig(4, 1, 1_000, Duration.ofSeconds(10));
    private final LoginAdmission admission = new LoginAdmission(config, 4, () -> now);

    private List<LoginAdmission.Ticket> admit(int n) {
        List<LoginAdmission.Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LoginAdmission.Result r = admission.admit();
            assertThat(r.refused()).as("login " + i).isEmpty();
            tickets.add(r.ticket());
        }
        return tickets;
    }

    @Test
    void beforeAnyMeasureThePriorLetsInWhatFitsInMaxWait() {
        admit(201); // up to 200 x 50 ms = 10 s: the prior's worth
        LoginAdmission.Result next = admission.admit();
        assertThat(next.refused()).hasValueSatisfying(m -> assertThat(m)
                .startsWith("rolegate: server busy: 201 logins are under way, a new one would wait about 11 s")
                .endsWith("; retry in 11 s"));
        assertThat(admission.refused()).isEqualTo(1);
    }

    @Test
    void aMeasuredFastPaceLetsInMore() {
        List<LoginAdmission.Ticket> first = admit(20);
        for (LoginAdmission.Ticket t : first) {
            now += TimeUnit.MILLISECONDS.toNanos(5); // 200 logins a second
            t.done();
        }
        admit(1_000); // 999 x 5 ms is about 5 s
        assertThat(admission.admit().refused()).as("maxWaiting is reached").hasValueSatisfying(m ->
                assertThat(m).contains("(the limit is 1000)"));
    }

    @Test
    void aStalledMachineStopsAdmittingOnceNothingFinishedForMaxWait() {
        admit(40);
        now += TimeUnit.SECONDS.toNanos(11); // nothing finished for 11 s: a new login would wait at least as long
        assertThat(admission.admit().refused()).hasValueSatisfying(m -> assertThat(m)
                .contains("a new one would wait about 11 s"));
    }

    @Test
    void aStormWhoseFirstLoginsHaveNotFinishedYetIsNotTakenForAStall() {
        // 150 logins of a storm arrive together; each takes about a second and a half (the client's password reply,
        // the directory, the upstream login), most of it off the 4 workers, so none has finished yet
        admit(150);
        now += TimeUnit.MILLISECONDS.toNanos(1_500);
        // 150 x 50 ms (the prior) = 7.5 s fits in maxWait; spreading 1.5 s over 4 workers (0.375 s a login, 56 s
        // in all) took it for a stalled machine and refused every login from here until the first one finished
        admit(40);
        List<LoginAdmission.Ticket> batch = admit(10);
        // then they finish in a burst, and the measured pace takes over
        for (LoginAdmission.Ticket t : batch) {
            now += TimeUnit.MILLISECONDS.toNanos(10);
            t.done();
        }
        assertThat(admission.millisPerLogin()).isLessThan(50);
    }

    @Test
    void aQuietSpellIsNotCountedAsSlowness() {
        List<LoginAdmission.Ticket> t = admit(2);
        t.get(0).done();
        t.get(1).done();
        now += TimeUnit.HOURS.toNanos(1); // idle: no login under way
        admit(150);
    }

    @Test
    void aTicketCountsOnceAndALoginThatWaitedTooLongIsRefusedByTheWorker() {
        LoginAdmission.Ticket t = admit(1).get(0);
        t.done();
        t.done();
        assertThat(admission.underWay()).isZero();
        assertThat(admission.stale(TimeUnit.SECONDS.toNanos(9), TimeUnit.SECONDS.toNanos(9))).isEmpty();
        assertThat(admission.stale(TimeUnit.SECONDS.toNanos(12), TimeUnit.SECONDS.toNanos(11)))
                .hasValueSatisfying(m -> assertThat(m)
                .contains("this one waited 11 s for a worker").endsWith("retry in 10 s"));
    }

    @Test
    void aClientSlowBeforeTheQueueIsRefusedOnlyWhileManyLoginsAreUnderWay() {
        List<LoginAdmission.Ticket> few = admit(2);
        long connected = TimeUnit.SECONDS.toNanos(11);
        long queued = TimeUnit.MILLISECONDS.toNanos(5);
        assertThat(admission.stale(connected, queued)).as("2 under way: the client was slow, not the machine")
                .isEmpty();
        admit(8); // 10 under way: more than the always-admitted 8 (4 workers)
        assertThat(admission.stale(connected, queued)).hasValueSatisfying(m -> assertThat(m)
                .contains("10 logins are under way, this one waited 11 s since it connected"));
        few.forEach(LoginAdmission.Ticket::done);
    }
}
