package io.rolegate.engine.testbed.leaks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leak watch can fail: a buffer lost on purpose is reported (with the hint it was touched with), and the report
 * reaches the collector the whole run uses. The test takes the report away afterwards, so this class stays green.
 */
@Tag("leaks")
class LeakWatchTest {
    @Test
    void theRunIsTestedWithEveryBufferTracked() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void aBufferLostOnPurposeIsReported() {
        NettyLeakWatch.install();
        int before = NettyLeakWatch.count();
        loseABuffer();
        NettyLeakWatch.sweep();
        List<String> reports = NettyLeakWatch.takeSince(before);
        assertThat(reports).as("the lost buffer was reported").isNotEmpty();
        assertThat(String.join("\n", reports)).contains("LEAK", "lost on purpose by LeakWatchTest");
        assertThat(NettyLeakWatch.count()).as("taken away, so the class does not fail").isEqualTo(before);
    }

    @Test
    void aCheckedClassReadsThreadsAndDescriptors() {
        assertThat(LeakCheckExtension.threadNames()).anyMatch(n -> n.startsWith(Thread.currentThread().getName()));
        assertThat(LeakCheckExtension.openFds()).isPositive();
    }

    private static void loseABuffer() {
        ByteBuf lost = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        lost.touch("lost on purpose by LeakWatchTest");
        lost.writeLong(42);
    }
}
