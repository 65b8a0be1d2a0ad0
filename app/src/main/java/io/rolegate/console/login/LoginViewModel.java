package io.rolegate.console.login;

import io.rolegate.console.common.BackgroundTask;
import io.rolegate.console.common.TaskExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The console's login form: user name and password checked against the directory off the UI thread. A refusal
 * stays on the form in the directory's words; the password field is cleared after every attempt.
 */
public final class LoginViewModel {
    /** Checks a login; throws with a message to show when refused. Blocking. */
    @FunctionalInterface
    public interface Authenticator {
        ConsoleUser login(String username, char[] password) throws Exception;
    }

    private final Authenticator authenticator;
    private final TaskExecutor executor;
    private final Consumer<ConsoleUser> loggedIn;
    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final List<String> demoAccounts;

    /** {@code demoAccounts}: lines shown under the form in the demo ("alice / pw — administers"); empty otherwise. */
    public LoginViewModel(Authenticator authenticator, TaskExecutor executor, List<String> demoAccounts,
                          Consumer<ConsoleUser> loggedIn) {
        this.authenticator = authenticator;
        this.executor = executor;
        this.demoAccounts = List.copyOf(demoAccounts);
        this.loggedIn = loggedIn;
    }

    /**
     * The lock screen: the form names who locked the console and says that another person logging in here logs
     * them out; the user name starts as theirs.
     */
    public LoginViewModel lockedBy(ConsoleUser who) {
        username.set(who.name());
        note.set("Locked by " + who.displayName() + " (" + who.name() + "). Only " + who.name()
                + "'s password unlocks; logging in as somebody else logs " + who.name() + " out.");
        return this;
    }

    /** A line above the fields saying why the form is back ("your login expired"). */
    public LoginViewModel because(String why) {
        note.set(why);
        return this;
    }

    /** Why the form cannot be sent yet, or empty. */
    public String validation() {
        if (username.get().isBlank()) {
            return "Enter your directory user name.";
        }
        if (password.get().isEmpty()) {
            return "Enter your directory password.";
        }
        return "";
    }

    public void logIn() {
        String invalid = validation();
        if (!invalid.isEmpty()) {
            problem.set(invalid);
            return;
        }
        String user = username.get().strip();
        char[] secret = password.get().toCharArray();
        password.set("");
        busy.set(true);
        problem.set("");
        BackgroundTask.of("log in as " + user, () -> {
                    try {
                        return authenticator.login(user, secret);
                    } finally {
                        Arrays.fill(secret, '\0');
                    }
                })
                .onSuccess(u -> {
                    busy.set(false);
                    loggedIn.accept(u);
                })
                .onFailure(e -> {
                    busy.set(false);
                    problem.set("Not logged in: " + e.getMessage());
                })
                .executeWith(executor);
    }

    /** True while the form may not be sent: a login runs, or a field is empty. */
    public BooleanBinding cannotSubmit() {
        return Bindings.createBooleanBinding(() -> busy.get() || !validation().isEmpty(), busy, username, password);
    }

    public StringProperty usernameProperty() { return username; }
    public StringProperty passwordProperty() { return password; }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
    /** What the form says above the fields (who locked the console), or empty. */
    public ReadOnlyStringProperty noteProperty() { return note.getReadOnlyProperty(); }
    public List<String> demoAccounts() { return demoAccounts; }
}
