package io.rolegate.engine.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;

/** Reads {@code --since}/{@code --until}: ISO-8601 with Z or an offset, or without one (UTC), or a UTC date. */
final class CliTimes {
    private CliTimes() {
    }

    static Instant parse(Option option, String text) throws UsageException {
        try {
            if (text.indexOf('T') < 0) {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from,
                    LocalDateTime::from);
            return t instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new UsageException(option.name() + " \"" + text + "\" is not a time; write it as ISO-8601, e.g. "
                    + "2026-11-24T08:00:00Z, 2026-11-24T09:00+01:00 or 2026-11-24 (UTC midnight)");
        }
    }

    static Instant optional(CommandLine line, Option option) throws UsageException {
        Optional<String> v = line.value(option);
        return v.isEmpty() ? null : parse(option, v.get());
    }

    static void checkOrder(Instant since, Instant until) throws UsageException {
        if (since != null && until != null && !since.isBefore(until)) {
            throw new UsageException("--since must be before --until");
        }
    }
}
