package io.rolegate.engine.directory.watch;

import io.rolegate.engine.directory.WatchMode;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import io.rolegate.engine.directory.DirectorySettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to watch.
 *
 * @param mode         {@code directory.watch}
 * @param pollInterval how often the poll watcher asks (default 1 s)
 * @param reconnectMin first wait after a lost connection (default 200 ms), doubled per failure
 * @param reconnectMax the longest wait between reconnect attempts (default 30 s)
 * @param bases        subtrees to watch; a base below another one is dropped (the ancestor covers it)
 */
public record WatchSettings(WatchMode mode, Duration pollInterval, Duration reconnectMin, Duration reconnectMax,
                            List<DN> bases) {

    public WatchSettings {
        mode = Objects.requireNonNull(mode, "mode");
        pollInterval = positive(pollInterval, Duration.ofSeconds(1), "pollInterval");
        reconnectMin = positive(reconnectMin, Duration.ofMillis(200), "reconnectMin");
        reconnectMax = positive(reconnectMax, Duration.ofSeconds(30), "reconnectMax");
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("directory.watch: reconnect max " + reconnectMax
                    + " is below reconnect min " + reconnectMin);
        }
        bases = outermost(Objects.requireNonNull(bases, "bases"));
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("directory.watch: at least one base DN to watch is needed");
        }
    }

    /** Watching the directory's user and group bases, default timings. */
    public static WatchSettings of(WatchMode mode, DirectorySettings directory) {
        return new WatchSettings(mode, null, null, null, List.of(dn(directory.userBase()), dn(directory.groupBase())));
    }

    public WatchSettings withPollInterval(Duration value) {
        return new WatchSettings(mode, value, reconnectMin, reconnectMax, bases);
    }

    public WatchSettings withReconnect(Duration min, Duration max) {
        return new WatchSettings(mode, pollInterval, min, max, bases);
    }

    public WatchSettings withMode(WatchMode value) {
        return new WatchSettings(value, pollInterval, reconnectMin, reconnectMax, bases);
    }

    /** Whether {@code entry} lies in one of the watched subtrees. */
    public boolean watches(DN entry) {
        for (DN base : bases) {
            if (entry.isDescendantOf(base, true)) {
                return true;
            }
        }
        return false;
    }

    static DN dn(String text) {
        try {
            return new DN(text);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("directory.watch: " + text + " is not a DN: "
                    + e.getDiagnosticMessage(), e);
        }
    }

    private static List<DN> outermost(List<DN> all) {
        List<DN> kept = new ArrayList<>();
        for (DN candidate : all) {
            Objects.requireNonNull(candidate, "base DN");
            boolean covered = all.stream().anyMatch(other -> !other.equals(candidate)
                    && candidate.isDescendantOf(other, false));
            if (!covered && !kept.contains(candidate)) {
                kept.add(candidate);
            }
        }
        return List.copyOf(kept);
    }

    private static Duration positive(Duration value, Duration fallback, String what) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("directory.watch: " + what + " must be positive, got " + value);
        }
        return value;
    }
}
