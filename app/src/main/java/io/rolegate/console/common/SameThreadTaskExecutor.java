package io.rolegate.console.common;

/**
 * Runs everything at once on the calling thread: a view model under test sees its task finish before
 * {@code execute} returns. A failure nobody handles is rethrown so a test cannot miss it.
 */
public final class SameThreadTaskExecutor implements TaskExecutor {
    @Override
    public <T> void execute(BackgroundTask<T> task) {
        T result;
        try {
            result = task.call();
        } catch (Exception e) {
            if (!task.failed(e)) {
                throw new IllegalStateException(task.description() + " failed", e);
            }
            return;
        }
        task.succeeded(result);
    }

    @Override
    public void runOnUi(Runnable action) {
        action.run();
    }

    @Override
    public void close() {
        // nothing to release: no threads of its own
    }
}
