package io.rolegate.engine.cli;

import io.rolegate.engine.api.OfflineStore;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.VerifyResult;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code audit verify}: walks the hash chain of a stopped engine's audit log, compares it with the checkpoints kept
 * outside the store, and reports the first broken link, cut-off tail, rewritten stretch or forged checkpoint.
 */
final class AuditVerifyCommand implements Command {

    @Override
    public List<String> words() {
        return List.of("audit", "verify");
    }

    @Override
    public String synopsis() {
        return "audit verify [--data-dir DIR | --config FILE] [--anchors FILE]";
    }

    @Override
    public String summary() {
        return "check the audit hash chain against its checkpoints; exit 1 at the first problem";
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.DATA_DIR, Option.CONFIG, Option.ANCHORS);
    }

    @Override
    public int run(CommandLine line, CliContext ctx) throws CommandFailure {
        VerifyResult r;
        try (OfflineStore store = StoreAccess.openExisting(line, ctx)) {
            r = store.verifyAudit(StoreAccess.dataDirectory(line, ctx), line.value(Option.ANCHORS).map(Path::of),
                    ctx.environment());
        } catch (EngineException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        if (r.intact()) {
            ctx.out().println(r.recordsChecked() == 0 ? "ok: 0 records (the audit log is empty)"
                    : "ok: " + r.recordsChecked() + " records, sequences " + r.firstSequence() + ".."
                    + r.lastSequence() + ", head hash " + r.headHash());
            r.notes().forEach(note -> ctx.out().println("note: " + note));
            return 0;
        }
        ctx.out().println(brokenLine(r));
        ctx.out().println("checked " + r.recordsChecked() + " records intact before it");
        r.notes().forEach(note -> ctx.out().println("note: " + note));
        return 1;
    }

    private static String brokenLine(VerifyResult r) {
        String problem = r.problem().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (r.problem() == VerifyResult.Problem.CHECKPOINT_FORGED) {
            return problem + ": " + r.description();
        }
        String prefix = "chain broken at sequence " + r.brokenAt() + ": ";
        String what = r.description().startsWith(prefix) ? r.description().substring(prefix.length())
                : r.description();
        return "broken at sequence " + r.brokenAt() + " (" + problem + "): " + what;
    }
}
