package io.rolegate.engine.cli;

import io.rolegate.engine.api.OfflineStore;
import io.rolegate.engine.api.model.RetentionResult;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code audit retain}: deletes the oldest audit records of a stopped engine, by age or count. The cut is itself
 * recorded in the chain (with the hash of the last record deleted), so {@code audit verify} still passes and shows
 * where history was trimmed and by whom.
 */
final class AuditRetainCommand implements Command {

    @Override
    public List<String> words() {
        return List.of("audit", "retain");
    }

    @Override
    public String synopsis() {
        return "audit retain (--older-than DAYS | --keep N) [--author NAME] [--data-dir DIR | --config FILE]";
    }

    @Override
    public String summary() {
        return "delete the oldest audit records, recording the cut in the chain";
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.OLDER_THAN, Option.KEEP, Option.AUTHOR, Option.DATA_DIR, Option.CONFIG);
    }

    @Override
    public int run(CommandLine line, CliContext ctx) throws UsageException, CommandFailure {
        boolean byAge = line.has(Option.OLDER_THAN);
        if (byAge == line.has(Option.KEEP)) {
            throw new UsageException("audit retain needs exactly one of --older-than DAYS or --keep N");
        }
        long n = positive(line.value(byAge ? Option.OLDER_THAN : Option.KEEP).orElseThrow(),
                byAge ? "--older-than" : "--keep");
        String author = ConfigChange.author(line);
        try (OfflineStore store = StoreAccess.openExisting(line, ctx)) {
            RetentionResult r = (byAge
                    ? store.retainAuditNewerThan(Instant.now().minus(Duration.ofDays(n)), author)
                    : store.retainNewestAudit(n, author)).get(60, TimeUnit.SECONDS);
            ctx.out().println(r.deletedCount() == 0 ? "nothing to delete"
                    : "deleted " + r.deletedCount() + " records through sequence " + r.deletedThroughSequence()
                    + (r.recordedStatementsDeleted() > 0 ? " and " + r.recordedStatementsDeleted()
                            + " recorded statements" : "")
                    + "; the cut is recorded as sequence " + r.cutEventSequence());
            return 0;
        } catch (ExecutionException | TimeoutException e) {
            throw new CommandFailure("the retention did not complete: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted; the retention may not have completed", e);
        }
    }

    private static long positive(String text, String option) throws UsageException {
        try {
            long n = Long.parseLong(text.strip());
            if (n < 1) {
                throw new UsageException(option + " must be at least 1, got " + text);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a whole number, got \"" + text + "\"");
        }
    }
}
