package io.rolegate.engine.session;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transport settings: what each value picks, the fallbacks, and that a wrong value refuses to start. */
class TransportTest {
    @AfterEach
    void clear() {
        System.clearProperty(Transport.PROPERTY);
        System.clearProperty(Transport.LOOPS_PROPERTY);
    }

    @Test
    void autoIsEpollWhereThePlatformHasIt() {
        assertThat(Transport.best().name()).isEqualTo(Epoll.isAvailable() ? "epoll" : "nio");
    }

    @Test
    void ioUringRunsWhereTheKernelAllowsItElseEpoll() {
        System.setProperty(Transport.PROPERTY, "IO_URING");
        String expected = IoUring.isAvailable() ? "io_uring" : Epoll.isAvailable() ? "epoll" : "nio";
        assertThat(Transport.best().name()).isEqualTo(expected);
    }

    @Test
    void nioCanBeChosen() {
        System.setProperty(Transport.PROPERTY, "nio");
        assertThat(Transport.best().name()).isEqualTo("nio");
    }

    @Test
    void anUnknownTransportRefusesToStart() {
        System.setProperty(Transport.PROPERTY, "kqueue");
        assertThatThrownBy(Transport::best).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-Drolegate.transport=kqueue").hasMessageContaining("io_uring");
    }

    @Test
    void eventLoopsDefaultToOnePerCpuAndTakeAWholeNumber() {
        assertThat(Transport.eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
        System.setProperty(Transport.LOOPS_PROPERTY, " 1 ");
        assertThat(Transport.eventLoops()).isEqualTo(1);
        for (String bad : new String[] {"0", "-2", "two"}) {
            System.setProperty(Transport.LOOPS_PROPERTY, bad);
            assertThatThrownBy(Transport::eventLoops).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-Drolegate.eventLoops=" + bad);
        }
    }
}
