package io.rolegate.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the {@code admin} subcommands print: the API's JSON as tables like the rest of the CLI's. */
final class AdminViews {
    private AdminViews() {
    }

    static int sessions(AdminClient client, CommandLine line, CliContext ctx) throws CommandFailure {
        JsonNode sessions = client.get("/sessions");
        if (sessions.isEmpty()) {
            ctx.out().println("no live sessions");
            return 0;
        }
        TextTable t = new TextTable(List.of("ID", "USER", "DATABASE", "APPLICATION", "CLIENT", "STATE", "STARTED",
                "BYTES IN", "BYTES OUT", "QUERIES", "ROLE"),
                true, false, false, false, false, false, false, true, true, true, false);
        for (JsonNode s : sessions) {
            t.row(List.of(s.path("id").asText(), s.path("user").asText(), s.path("database").asText(),
                    dash(s.path("applicationName")), s.path("clientAddress").asText(), s.path("state").asText(),
                    s.path("started").asText(), s.path("bytesIn").asText(), s.path("bytesOut").asText(),
                    s.path("queries").asText(), dash(s.path("role"))));
        }
        t.print(ctx.out());
        return 0;
    }

    static int disconnect(AdminClient client, CommandLine line, CliContext ctx) throws UsageException,
            CommandFailure {
        long id = sessionId(line);
        Map<String, Object> body = new LinkedHashMap<>();
        line.value(Option.REASON).ifPresent(r -> body.put("reason", r));
        line.value(Option.NODE).ifPresent(n -> body.put("node", n));
        client.post("/sessions/" + id + "/disconnect", body);
        ctx.out().println("session " + id + line.value(Option.NODE).map(n -> " on node " + n).orElse("")
                + " disconnected");
        return 0;
    }

    static int cancel(AdminClient client, CommandLine line, CliContext ctx) throws UsageException, CommandFailure {
        long id = sessionId(line);
        Map<String, Object> body = new LinkedHashMap<>();
        line.value(Option.NODE).ifPresent(n -> body.put("node", n));
        JsonNode answer = client.post("/sessions/" + id + "/cancel", body);
        ctx.out().println(answer.path("cancelled").asBoolean() ? "cancel sent for session " + id + "'s running query"
                : "session " + id + " was running no query");
        return 0;
    }

    static int audit(AdminClient client, CommandLine line, CliContext ctx) throws UsageException, CommandFailure {
        Instant since = CliTimes.optional(line, Option.SINCE);
        Instant until = CliTimes.optional(line, Option.UNTIL);
        CliTimes.checkOrder(since, until);
        List<String> query = new ArrayList<>();
        if (since != null) {
            query.add("since=" + AdminCommand.encode(since.toString()));
        }
        if (until != null) {
            query.add("until=" + AdminCommand.encode(until.toString()));
        }
        line.value(Option.USER).ifPresent(u -> query.add("user=" + AdminCommand.encode(u)));
        line.value(Option.LIMIT).ifPresent(n -> query.add("limit=" + AdminCommand.encode(n)));
        JsonNode records = client.get("/audit" + (query.isEmpty() ? "" : "?" + String.join("&", query)));
        if (records.isEmpty()) {
            ctx.out().println("no audit records match");
            return 0;
        }
        TextTable t = new TextTable(List.of("SEQ", "TIME", "TYPE", "ACTOR", "USER", "MESSAGE"), true);
        for (JsonNode r : records) {
            JsonNode e = r.path("event");
            t.row(List.of(r.path("sequence").asText(), e.path("time").asText(), e.path("type").asText(),
                    dash(e.path("actor")), dash(e.path("user")), e.path("message").asText()));
        }
        t.print(ctx.out());
        return 0;
    }

    static int mappings(AdminClient client, CommandLine line, CliContext ctx) throws CommandFailure {
        printMappings(client.get("/mappings"), ctx);
        return 0;
    }

    static int undo(AdminClient client, CommandLine line, CliContext ctx) throws CommandFailure {
        Map<String, Object> body = new LinkedHashMap<>();
        line.value(Option.COMMENT).ifPresent(c -> body.put("comment", c));
        JsonNode changes = client.post("/mappings/undo", body).path("changes");
        ctx.out().println("undone; " + changes.size() + " user" + (changes.size() == 1 ? "" : "s")
                + " changed roles");
        printMappings(client.get("/mappings"), ctx);
        return 0;
    }

    static int preview(AdminClient client, CommandLine line, CliContext ctx) throws CommandFailure {
        printChanges(client.post("/mappings/preview", mappingsFile(line, null)).path("changes"), ctx);
        return 0;
    }

    static int apply(AdminClient client, CommandLine line, CliContext ctx) throws CommandFailure {
        JsonNode changes = client.put("/mappings", mappingsFile(line, line.value(Option.COMMENT).orElse(null)))
                .path("changes");
        ctx.out().println("applied");
        printChanges(changes, ctx);
        return 0;
    }

    /** The file's {@code mappings} list (the API's own shape), with {@code comment} when given. */
    private static Map<String, Object> mappingsFile(CommandLine line, String comment) throws CommandFailure {
        java.nio.file.Path file = java.nio.file.Path.of(line.words().get(line.words().size() - 1));
        JsonNode content;
        try {
            content = io.rolegate.engine.api.remote.ApiJson.tree(java.nio.file.Files.readString(file));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new CommandFailure("cannot read mappings from " + file + ": " + e.getMessage(), e);
        }
        JsonNode list = content.isArray() ? content : content.path("mappings");
        if (!list.isArray()) {
            throw new CommandFailure(file + " must hold {\"mappings\": [{\"groupDn\": …, \"roles\": […]}]}");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mappings", list);
        if (comment != null) {
            body.put("comment", comment);
        }
        return body;
    }

    private static void printChanges(JsonNode changes, CliContext ctx) {
        if (changes.isEmpty()) {
            ctx.out().println("no user's roles change");
            return;
        }
        TextTable t = new TextTable(List.of("USER", "ROLE", "BEFORE", "AFTER", "LOSES ACCESS"));
        for (JsonNode c : changes) {
            t.row(List.of(c.path("username").asText(), c.path("role").asText(), joined(c.path("before")),
                    joined(c.path("after")), c.path("deniedAfter").asBoolean() ? "yes" : "no"));
        }
        t.print(ctx.out());
    }

    private static String joined(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out.isEmpty() ? "-" : String.join(",", out);
    }

    private static void printMappings(JsonNode mappings, CliContext ctx) {
        if (mappings.isEmpty()) {
            ctx.out().println("no mappings");
            return;
        }
        TextTable t = new TextTable(List.of("GROUP", "ROLES"));
        for (JsonNode m : mappings) {
            List<String> roles = new ArrayList<>();
            m.path("roles").forEach(r -> roles.add(r.asText()));
            t.row(List.of(m.path("groupDn").asText(), String.join(",", roles)));
        }
        t.print(ctx.out());
    }

    static long sessionId(CommandLine line) throws UsageException {
        String v = line.words().get(line.words().size() - 1);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("a session ID is a whole number (see admin sessions), not \"" + v + "\"");
        }
    }

    static String dash(JsonNode n) {
        return n.isMissingNode() || n.isNull() || n.asText().isEmpty() ? "-" : n.asText();
    }
}
