package io.rolegate.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code admin trace}, {@code admin recordings} and {@code admin recording}: looking inside sessions through the
 * admin API. Who may is the engine's decision (the auditor permission), as are the audit records of every start,
 * export and read; the CLI only asks and prints.
 */
final class AdminTraceViews {
    static final Duration DEFAULT_FOR = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 500;

    private AdminTraceViews() {
    }

    static int trace(AdminClient client, CommandLine line, CliContext ctx) throws UsageException, CommandFailure {
        long id = AdminViews.sessionId(line);
        Duration forHowLong = line.value(Option.FOR).isPresent() ? duration(line.value(Option.FOR).get())
                : DEFAULT_FOR;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seconds", forHowLong.toSeconds());
        Optional<String> max = line.value(Option.MAX_MESSAGES);
        if (max.isPresent()) {
            body.put("maxMessages", positive(Option.MAX_MESSAGES, max.get()));
        }
        String at = "/sessions/" + id + "/trace";
        client.post(at, body);
        ctx.err().println("tracing session " + id + " for at most " + words(forHowLong)
                + max.map(n -> " or " + n + " messages").orElse("") + " …");
        Optional<String> out = line.value(Option.OUT);
        JsonNode status = out.isPresent() ? waitForEnd(client, at, forHowLong) : printLive(client, at, forHowLong,
                ctx);
        if (out.isPresent()) {
            write(Path.of(out.get()), client.getLines(at + "/export"));
        }
        ctx.err().println("trace stopped: " + status.path("stopReason").asText() + "; " + status.path("traced")
                .asLong() + " lines traced, " + status.path("dropped").asLong() + " dropped"
                + out.map(f -> "; written to " + f).orElse(""));
        return 0;
    }

    /** Polls until the trace stopped; its last status. The engine stops it at its limit; we wait a little longer. */
    private static JsonNode waitForEnd(AdminClient client, String at, Duration limit) throws CommandFailure {
        Instant giveUp = Instant.now().plus(limit).plusSeconds(30);
        while (true) {
            JsonNode status = client.get(at);
            if (!status.path("running").asBoolean()) {
                return status;
            }
            pause(giveUp, client, at);
        }
    }

    private static JsonNode printLive(AdminClient client, String at, Duration limit, CliContext ctx)
            throws CommandFailure {
        Instant giveUp = Instant.now().plus(limit).plusSeconds(30);
        ctx.out().printf("%6s %12s %-6s %-20s %5s %8s  %s%n", "SEQ", "MS", "FROM", "TYPE", "COUNT", "BYTES",
                "SUMMARY");
        long after = 0;
        while (true) {
            JsonNode page = client.get(at + "/messages?after=" + after);
            JsonNode messages = page.path("messages");
            for (JsonNode m : messages) {
                after = m.path("seq").asLong();
                ctx.out().printf(Locale.ROOT, "%6d %12.3f %-6s %-20s %5d %8d  %s%n", after,
                        m.path("nanos").asLong() / 1e6, m.path("from").asText(), m.path("type").asText(),
                        m.path("count").asInt(), m.path("bytes").asLong(), m.path("summary").asText());
            }
            ctx.out().flush();
            if (messages.isEmpty() && !page.path("status").path("running").asBoolean()) {
                return page.path("status");
            }
            if (messages.isEmpty()) {
                pause(giveUp, client, at);
            }
        }
    }

    private static void pause(Instant giveUp, AdminClient client, String at) throws CommandFailure {
        if (Instant.now().isAfter(giveUp)) {
            client.post(at + "/stop", Map.of());
            throw new CommandFailure("the trace did not stop at its limit; stopped it");
        }
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted while waiting for the trace", e);
        }
    }

    static int recordings(AdminClient client, CommandLine line, CliContext ctx) throws UsageException,
            CommandFailure {
        Instant since = CliTimes.optional(line, Option.SINCE);
        Instant until = CliTimes.optional(line, Option.UNTIL);
        CliTimes.checkOrder(since, until);
        List<String> query = new ArrayList<>();
        add(query, "since", since == null ? null : since.toString());
        add(query, "until", until == null ? null : until.toString());
        add(query, "user", line.value(Option.USER).orElse(null));
        add(query, "role", line.value(Option.ROLE).orElse(null));
        add(query, "text", line.value(Option.TEXT).orElse(null));
        add(query, "sqlstate", line.value(Option.SQLSTATE).orElse(null));
        add(query, "limit", line.value(Option.LIMIT).orElse(null));
        JsonNode found = client.get("/recordings" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        if (found.isEmpty()) {
            ctx.out().println("no recordings match");
            return 0;
        }
        TextTable t = new TextTable(List.of("RECORDING", "SESSION", "USER", "ROLES", "CLIENT", "STARTED", "ENDED",
                "STATEMENTS", "ERRORS"), true, true, false, false, false, false, false, true, true);
        for (JsonNode r : found) {
            List<String> roles = new ArrayList<>();
            r.path("roles").forEach(x -> roles.add(x.asText()));
            t.row(List.of(r.path("id").asText(), r.path("sessionId").asText(), r.path("user").asText(),
                    roles.isEmpty() ? "-" : String.join(",", roles), AdminViews.dash(r.path("clientAddress")),
                    r.path("started").asText(), r.path("ended").isNull() ? "live" : r.path("ended").asText(),
                    r.path("statements").asText(), r.path("errors").asText()));
        }
        t.print(ctx.out());
        return 0;
    }

    static int recording(AdminClient client, CommandLine line, CliContext ctx) throws UsageException,
            CommandFailure {
        String v = line.words().get(line.words().size() - 1);
        long id;
        try {
            id = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("a recording is a whole number (the RECORDING column of admin recordings), not \""
                    + v + "\"");
        }
        Optional<String> out = line.value(Option.OUT);
        if (out.isPresent()) {
            write(Path.of(out.get()), client.getLines("/recordings/" + id + "/export"));
            ctx.err().println("recording " + id + " written to " + out.get());
            return 0;
        }
        JsonNode detail = client.get("/recordings/" + id);
        JsonNode r = detail.path("recording");
        ctx.out().println("recording " + id + ": session " + r.path("sessionId").asText() + " of "
                + r.path("user").asText() + " from " + AdminViews.dash(r.path("clientAddress")) + ", "
                + r.path("started").asText() + " to " + (r.path("ended").isNull() ? "now (live)"
                : r.path("ended").asText()) + " (" + r.path("reason").asText() + ")");
        TextTable t = new TextTable(List.of("N", "STARTED", "MICROS", "TX", "COMMAND", "ROWS", "SQLSTATE",
                "STATEMENT"), true, false, true, true, false, true, false, false);
        for (JsonNode s : detail.path("statements")) {
            t.row(List.of(s.path("ordinal").asText(), s.path("started").asText(), s.path("durationMicros").asText(),
                    s.path("transaction").asText(), AdminViews.dash(s.path("command")), AdminViews.dash(s.path("rows")),
                    AdminViews.dash(s.path("sqlState")), oneLine(s.path("text").asText())));
        }
        t.print(ctx.out());
        return 0;
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() > 100 ? flat.substring(0, 99) + "…" : flat;
    }

    private static void add(List<String> query, String name, String value) {
        if (value != null) {
            query.add(name + "=" + AdminCommand.encode(value));
        }
    }

    private static void write(Path file, String lines) throws CommandFailure {
        try (Writer w = Files.newBufferedWriter(AuditExportCommand.createPrivate(file), StandardCharsets.UTF_8)) {
            w.write(lines);
        } catch (IOException e) {
            throw new CommandFailure("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 90} (seconds), or ISO-8601 {@code PT2M}. */
    static Duration duration(String text) throws UsageException {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return checked(Duration.parse(t.toUpperCase(Locale.ROOT)), text);
            }
            long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                default -> 0;
            };
            String number = unit == 0 ? t : t.substring(0, t.length() - 1);
            return checked(Duration.ofSeconds(Math.multiplyExact(Long.parseLong(number), unit == 0 ? 1 : unit)),
                    text);
        } catch (RuntimeException e) {
            throw new UsageException("--for \"" + text + "\" is not a duration; write 30s, 5m, 1h or PT2M");
        }
    }

    private static Duration checked(Duration d, String text) throws UsageException {
        if (d.toSeconds() < 1 || d.toHours() > 24) {
            throw new UsageException("--for " + text + ": a trace runs 1 s to 24 h");
        }
        return d;
    }

    private static long positive(Option option, String text) throws UsageException {
        try {
            long n = Long.parseLong(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // the message below says what is expected
        }
        throw new UsageException(option.name() + " must be a whole number of at least 1, not \"" + text + "\"");
    }

    private static String words(Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + " h" : s % 60 == 0 ? s / 60 + " min" : s + " s";
    }
}
