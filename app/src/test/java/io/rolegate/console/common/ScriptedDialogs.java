package io.rolegate.console.common;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Answers the console's questions the way a test scripted, and records what the console said. */
public final class ScriptedDialogs implements DialogService {
    public final List<String> errors = new ArrayList<>();
    public final List<String> information = new ArrayList<>();
    private String nextReason;
    private Path nextFile;
    public final List<String> confirmations = new ArrayList<>();
    private boolean confirming = true;

    /** The next confirmations answer {@code yes}; they confirm unless told. */
    public ScriptedDialogs confirming(boolean yes) {
        this.confirming = yes;
        return this;
    }

    @Override
    public boolean confirm(String title, String message, String confirmLabel) {
        confirmations.add(title + ": " + message);
        return confirming;
    }

    /** The next askForReason answers {@code reason} (after checking the validator accepts it); null = Cancel. */
    public ScriptedDialogs answering(String reason) {
        this.nextReason = reason;
        return this;
    }

    /** The next file chooser answers {@code file}; null = Cancel. */
    public ScriptedDialogs choosingFile(Path file) {
        this.nextFile = file;
        return this;
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, String suggestedName, List<FileType> types) {
        return Optional.ofNullable(nextFile);
    }

    @Override
    public Optional<Path> chooseFileToOpen(String title, List<FileType> types) {
        return Optional.ofNullable(nextFile);
    }

    @Override
    public void showError(String what, String why) {
        errors.add(what + ": " + why);
    }

    @Override
    public void showInformation(String title, String message) {
        information.add(title + ": " + message);
    }

    @Override
    public Optional<String> askForReason(String title, String question, String confirmLabel,
                                         Function<String, Optional<String>> validator) {
        if (nextReason == null) {
            return Optional.empty();
        }
        if (validator.apply(nextReason).isPresent()) {
            throw new AssertionError("the dialog would not accept " + nextReason + ": " + validator.apply(nextReason));
        }
        return Optional.of(nextReason);
    }
}
