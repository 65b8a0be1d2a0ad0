package io.rolegate.console.sessions;

import io.rolegate.console.common.Formats;
import io.rolegate.engine.api.model.SessionSnapshot;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Which sessions the table shows, and in which order when the DBA has not sorted by a column. */
public final class SessionFilter {
    public static final String ALL_STATES = "all states";
    public static final String ENDED = "ended";

    /**
     * The order rows arrived in: the first snapshot's sessions oldest first (as pg_stat_activity ordered by
     * backend_start reads), later ones appended, so no row moves while the table refreshes.
     */
    public static final Comparator<SessionRow> DEFAULT_ORDER = Comparator.comparingLong(SessionRow::arrival);

    /** How sessions first seen in the same snapshot are ordered among themselves. */
    public static final Comparator<SessionSnapshot> OLDEST_FIRST =
            Comparator.comparing(SessionSnapshot::started).thenComparingLong(SessionSnapshot::id);

    private SessionFilter() {
    }

    /**
     * Every word of {@code text} must appear (ignoring case) in the user, database, application, client address,
     * state, TLS, node or session id; {@code state} is a state label, {@link #ENDED}, or {@link #ALL_STATES}.
     */
    public static Predicate<SessionRow> of(String text, String state) {
        return of(text, state, FleetNodes.ALL_NODES);
    }

    /** As {@link #of(String, String)}, on {@code node} only ({@link FleetNodes#ALL_NODES} or null: every node). */
    public static Predicate<SessionRow> of(String text, String state, String node) {
        String[] words = text == null || text.isBlank() ? new String[0]
                : text.strip().toLowerCase(Locale.ROOT).split("\\s+");
        boolean anyNode = node == null || FleetNodes.ALL_NODES.equals(node);
        return row -> (anyNode || node.equals(row.node())) && matchesState(row, state) && matchesWords(row, words);
    }

    private static boolean matchesState(SessionRow row, String state) {
        if (state == null || ALL_STATES.equals(state)) {
            return true;
        }
        if (ENDED.equals(state)) {
            return row.isEnded();
        }
        return !row.isEnded() && state.equals(row.status());
    }

    private static boolean matchesWords(SessionRow row, String[] words) {
        if (words.length == 0) {
            return true;
        }
        SessionSnapshot s = row.snapshot();
        String haystack = Stream.of(s.user(), s.database(), s.applicationName(), Formats.address(s.clientAddress()), row.status(),
                        s.tls(), s.node(), "#" + s.id())
                .filter(v -> v != null && !v.isEmpty())
                .map(v -> v.toLowerCase(Locale.ROOT))
                .reduce((a, b) -> a + "\n" + b).orElse("");
        for (String w : words) {
            if (!haystack.contains(w)) {
                return false;
            }
        }
        return true;
    }
}
