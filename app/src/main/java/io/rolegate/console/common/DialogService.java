package io.rolegate.console.common;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything the console says to the person in a window of its own. View models talk to this interface, never to
 * JavaFX dialogs, so a test can answer for the person.
 */
public interface DialogService {
    /** {@code what} says what the person tried ("Disconnect session 12"), {@code why} what went wrong and what to do. */
    void showError(String what, String why);

    void showInformation(String title, String message);

    /** Asks before something that affects others ("3 live sessions will end"); true when the person confirms. */
    boolean confirm(String title, String message, String confirmLabel);

    /**
     * Asks for a reason before something irreversible. {@code validator} returns an error to show under the field,
     * or empty when the text is acceptable; OK stays disabled while there is an error. Empty when cancelled.
     */
    Optional<String> askForReason(String title, String question, String confirmLabel,
                                  Function<String, Optional<String>> validator);

    /** Asks where to write a file (a save dialog); empty when cancelled. */
    Optional<Path> chooseFileToSave(String title, String suggestedName, List<FileType> types);

    /** Asks which file to read (an open dialog); empty when cancelled. */
    Optional<Path> chooseFileToOpen(String title, List<FileType> types);
}
