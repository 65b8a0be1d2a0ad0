package io.rolegate.console.audit;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * What the DBA asked the audit view for, as typed: a time window, a user, the event types (empty for all) and free
 * text. Turns into the store's {@link AuditQuery}, or says why it cannot.
 *
 * @param from first day shown (inclusive), for {@link TimeRange#BETWEEN}; null = no lower bound
 * @param to   last day shown (inclusive), for {@link TimeRange#BETWEEN}; null = no upper bound
 */
public record AuditFilter(TimeRange range, LocalDate from, LocalDate to, String user, Set<AuditEventType> types,
                          String text) {
    public AuditFilter {
        types = types == null ? Set.of() : Set.copyOf(types);
    }


    /** Why the filter cannot run, in the words shown under the fields; empty when it can. */
    public Optional<String> problem() {
        if (range == TimeRange.BETWEEN && from != null && to != null && from.isAfter(to)) {
            return Optional.of("The first day (" + from + ") is after the last day (" + to + ").");
        }
        return Optional.empty();
    }

    /** The store query for this filter, with days taken in {@code zone} and rolling windows ending at {@code now}. */
    public AuditQuery toQuery(Instant now, ZoneId zone) {
        AuditQuery q = AuditQuery.all();
        if (range.back() != null) {
            q = q.since(now.minus(range.back()));
        } else if (range == TimeRange.BETWEEN) {
            if (from != null) {
                q = q.since(from.atStartOfDay(zone).toInstant());
            }
            if (to != null) {
                q = q.until(to.plusDays(1).atStartOfDay(zone).toInstant());
            }
        }
        if (user != null && !user.isBlank()) {
            q = q.user(user.strip());
        }
        if (!types.isEmpty()) {
            q = q.types(types);
        }
        if (text != null && !text.isBlank()) {
            q = q.text(text.strip());
        }
        return q;
    }
}
