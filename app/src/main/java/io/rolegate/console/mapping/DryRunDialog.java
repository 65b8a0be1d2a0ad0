package io.rolegate.console.mapping;

/** Shows a dry run and asks whether to apply it; a test answers for the person. */
@FunctionalInterface
public interface DryRunDialog {
    /** True to apply, false to cancel. Called on the UI thread. */
    boolean confirm(DryRun plan);
}
