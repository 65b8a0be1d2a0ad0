package io.rolegate.engine.cli;

import io.rolegate.engine.api.EngineAudit;
import io.rolegate.engine.api.OfflineStore;
import io.rolegate.engine.api.model.AuditQuery;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code audit export}: the audit records of a stopped engine as JSON Lines or CSV, streamed. */
final class AuditExportCommand implements Command {

    @Override
    public List<String> words() {
        return List.of("audit", "export");
    }

    @Override
    public String synopsis() {
        return "audit export --format jsonl|csv [--since T] [--until T] [--user U] [--output FILE] [--data-dir DIR | --config FILE]";
    }

    @Override
    public String summary() {
        return "write audit records, oldest first, with sequence and hashes";
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.FORMAT, Option.SINCE, Option.UNTIL, Option.USER, Option.OUTPUT, Option.DATA_DIR, Option.CONFIG);
    }

    @Override
    public int run(CommandLine line, CliContext ctx) throws UsageException, CommandFailure {
        String format = line.value(Option.FORMAT).map(f -> f.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                new UsageException("audit export needs --format jsonl or --format csv"));
        if (!format.equals("jsonl") && !format.equals("csv")) {
            throw new UsageException("--format must be jsonl or csv, not \"" + format + "\"");
        }
        Instant since = CliTimes.optional(line, Option.SINCE);
        Instant until = CliTimes.optional(line, Option.UNTIL);
        CliTimes.checkOrder(since, until);
        AuditQuery q = AuditQuery.all().since(since).until(until).user(line.value(Option.USER).orElse(null));
        try (OfflineStore store = StoreAccess.openForReading(line, ctx)) {
            if (line.value(Option.OUTPUT).isPresent()) {
                Path file = Path.of(line.value(Option.OUTPUT).get());
                try (Writer w = Files.newBufferedWriter(createPrivate(file), StandardCharsets.UTF_8)) {
                    export(store, format, q, w);
                }
            } else {
                Writer w = new OutputStreamWriter(ctx.out(), StandardCharsets.UTF_8);
                export(store, format, q, w);
                w.flush();
            }
        } catch (IOException | UncheckedIOException e) {
            throw new CommandFailure("writing the export failed: " + e.getMessage(), e);
        }
        return 0;
    }

    private static void export(OfflineStore store, String format, AuditQuery q, Writer w) {
        store.audit().export(q, format.equals("csv") ? EngineAudit.Format.CSV : EngineAudit.Format.JSONL, w);
    }

    /** The export names users and addresses: a new file is readable by its owner only where POSIX allows. */
    static Path createPrivate(Path file) throws IOException {
        if (!Files.exists(file) && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return file;
    }
}
