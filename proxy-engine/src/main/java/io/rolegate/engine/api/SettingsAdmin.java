package io.rolegate.engine.api;

import io.rolegate.engine.api.model.ConfigApplied;
import io.rolegate.engine.api.model.ConfigVersion;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.Secret;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The configuration as the console's Settings view reads and changes it: versions and their diffs, a check by the
 * engine's own loader, save and rollback in {@code who}'s name (the engine decides: a read-only login is refused and
 * the refusal audited), and what the running engine did with a version. {@link EngineSettings} in this process;
 * over the admin API when attached (decision 0034: typed secrets are not sent there, connection tests do not run).
 * Blocking calls.
 */
public interface SettingsAdmin {
    /** Calls {@code listener} with every version saved from now on (possibly late, on some thread). */
    EngineSettings.Subscription onNewVersion(Consumer<ConfigVersion> listener);

    /** What the running engine did with {@code version}; empty when it did not take it. */
    Optional<ConfigApplied> applied(int version);

    /** Keys of the latest version that wait for a restart; empty when a restart would change nothing. */
    List<String> waitingForRestart(Map<String, Secret> typed);

    /** Stored versions, newest first. */
    List<ConfigVersion> history();

    /** The latest stored version's YAML: what the next engine start runs. */
    String latestYaml();

    /** Where the engine keeps its store, keys and certificates (on the engine's machine). */
    Path dataDirectory();

    /** A unified diff from {@code version} to the configuration in force; empty when they are equal. */
    String diffAgainstRunning(int version);

    /** Checks {@code yaml} with the engine's loader; {@link io.rolegate.engine.api.model.ConfigException} lists what is wrong. */
    void validate(String yaml, Map<String, Secret> typed);

    /** Binds to the directory {@code yaml} describes; what it found, or an exception saying what failed. */
    String testDirectory(String yaml, Map<String, Secret> typed);

    /** Logs in to the upstream server {@code yaml} describes; what it found, or an exception saying what failed. */
    String testUpstream(String yaml, Map<String, Secret> typed);

    /** Validates, then saves {@code yaml} as a new audited version in {@code who}'s name. */
    ConfigVersion save(String yaml, Map<String, Secret> typed, ConsoleIdentity who, String comment);

    /** Saves the content of {@code version} as a new audited version in {@code who}'s name. */
    ConfigVersion rollback(int version, ConsoleIdentity who, String comment);
}
