package io.rolegate.engine.testbed.leaks;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import java.util.List;

/**
 * Registered for the whole test run (META-INF/services): starts {@link NettyLeakWatch} before the first test, so
 * a leak anywhere — in any engine's tests — is collected. Test classes fail on the leaks reported while they ran
 * ({@link LeakCheckExtension}); a listener cannot fail a run, so what is reported after the last class ended is
 * swept here and printed where the build log shows it.
 */
public final class LeakReportListener implements TestExecutionListener {
    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        NettyLeakWatch.install();
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        NettyLeakWatch.sweep();
        List<String> late = NettyLeakWatch.takeSince(0);
        if (!late.isEmpty()) {
            System.err.println("NETTY LEAKS reported after the last test class ended (" + late.size() + "):");
            late.forEach(System.err::println);
        }
    }
}
