package io.rolegate.engine.cli;

import io.rolegate.engine.api.OfflineStore;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.AuditChainResult;
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
        List<AuditChainResult> chains;
        try (OfflineStore store = StoreAccess.openForReading(line, ctx)) {
            chains = store.verifyAuditChains(StoreAccess.dataDirectory(line, ctx),
                    line.value(Option.ANCHORS).map(Path::of), ctx.environment());
        } catch (EngineException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        if (chains.size() == 1) {
            return report(chains.get(0).result(), "", ctx) ? 0 : 1;
        }
        // a fleet's store: one chain per node, each reported under its node's name
        ctx.out().println(chains.size() + " audit chains (one per node)");
        boolean intact = true;
        for (AuditChainResult chain : chains) {
            intact &= report(chain.result(), "node " + chain.nodeName() + ": ", ctx);
        }
        return intact ? 0 : 1;
    }

    /** Prints one chain's result, each line after {@code prefix}; true when intact. */
    private static boolean report(VerifyResult r, String prefix, CliContext ctx) {
        if (r.intact()) {
            ctx.out().println(prefix + (r.recordsChecked() == 0 ? "ok: 0 records (the audit log is empty)"
                    : "ok: " + r.recordsChecked() + " records, sequences " + r.firstSequence() + ".."
                    + r.lastSequence() + ", head hash " + r.headHash()));
            r.notes().forEach(note -> ctx.out().println(prefix + "note: " + note));
            return true;
        }
        ctx.out().println(prefix + brokenLine(r));
        ctx.out().println(prefix + "checked " + r.recordsChecked() + " records intact before it");
        r.notes().forEach(note -> ctx.out().println(prefix + "note: " + note));
        return false;
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
