package io.rolegate.console.common;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * One piece of work that must not run on the JavaFX thread (engine start, a disconnect, a database round trip),
 * with what to do with its result. The callbacks run on the UI thread of whichever {@link TaskExecutor} runs it, so a
 * view model can touch its properties there without thinking about threads.
 */
public final class BackgroundTask<T> {
    private final String description;
    private final Callable<T> work;
    private Consumer<? super T> onSuccess = result -> { };
    private Consumer<Exception> onFailure;

    private BackgroundTask(String description, Callable<T> work) {
        this.description = Objects.requireNonNull(description);
        this.work = Objects.requireNonNull(work);
    }

    /** {@code description} says what is being done, in words a DBA reads in an error ("disconnect session 7"). */
    public static <T> BackgroundTask<T> of(String description, Callable<T> work) {
        return new BackgroundTask<>(description, work);
    }

    public BackgroundTask<T> onSuccess(Consumer<? super T> action) {
        this.onSuccess = Objects.requireNonNull(action);
        return this;
    }

    public BackgroundTask<T> onFailure(Consumer<Exception> action) {
        this.onFailure = Objects.requireNonNull(action);
        return this;
    }

    public void executeWith(TaskExecutor executor) {
        executor.execute(this);
    }

    public String description() {
        return description;
    }

    T call() throws Exception {
        return work.call();
    }

    void succeeded(T result) {
        onSuccess.accept(result);
    }

    /** True when somebody handles the failure; the executor logs it otherwise, so nothing is swallowed. */
    boolean failed(Exception e) {
        if (onFailure == null) {
            return false;
        }
        onFailure.accept(e);
        return true;
    }
}
