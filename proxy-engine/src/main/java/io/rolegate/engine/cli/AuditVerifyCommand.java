package io.rolegate.engine.cli;

import io.rolegate.engine.api.OfflineStore;
import io.rolegate.engine.api.model.VerifyResult;

import java.util.List;
import java.util.Set;

/** {@code audit verify}: walks the hash chain of a stopped engine's audit log and reports the first broken link. */
final class AuditVerifyCommand implements Command {

    @Override
    public List<String> words() {
        return List.of("audit", "verify");
    }

    @Override
    public String synopsis() {
        return "audit verify [--data-dir DIR | --config FILE]";
    }

    @Override
    public String summary() {
        return "check the audit hash chain; exit 1 at the first broken link";
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.DATA_DIR, Option.CONFIG);
    }

    @Override
    public int run(CommandLine line, CliContext ctx) throws CommandFailure {
        VerifyResult r;
        try (OfflineStore store = StoreAccess.openExisting(line, ctx)) {
            r = store.audit().verify();
        }
        if (r.intact()) {
            ctx.out().println(r.recordsChecked() == 0 ? "ok: 0 records (the audit log is empty)"
                    : "ok: " + r.recordsChecked() + " records, sequences " + r.firstSequence() + ".."
                    + r.lastSequence() + ", head hash " + r.headHash());
            return 0;
        }
        String prefix = "chain broken at sequence " + r.brokenAt() + ": ";
        String what = r.description().startsWith(prefix) ? r.description().substring(prefix.length())
                : r.description();
        ctx.out().println("broken at sequence " + r.brokenAt() + " (" + r.problem().name().toLowerCase(
                java.util.Locale.ROOT).replace('_', ' ') + "): " + what);
        ctx.out().println("checked " + r.recordsChecked() + " records intact before it");
        return 1;
    }
}
