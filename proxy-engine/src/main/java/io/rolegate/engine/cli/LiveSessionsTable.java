package io.rolegate.engine.cli;

import io.rolegate.engine.api.OfflineStore;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.SessionSnapshot;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** {@code sessions --live --config FILE}: every node's live sessions from the shared store, with the node. */
final class LiveSessionsTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private LiveSessionsTable() {
    }

    static int print(CommandLine line, CliContext ctx) throws CommandFailure {
        List<SessionSnapshot> live;
        try (OfflineStore store = StoreAccess.openForReading(line, ctx)) {
            live = store.liveSessions();
        } catch (EngineException e) {
            throw new CommandFailure(e.getMessage());
        }
        if (live.isEmpty()) {
            ctx.out().println("no live sessions on any running node");
            return 0;
        }
        TextTable t = new TextTable(List.of("NODE", "SESSION", "USER", "DATABASE", "APPLICATION", "CLIENT", "STARTED",
                "STATE", "BYTES IN", "BYTES OUT", "ROLES"),
                false, true, false, false, false, false, false, false, true, true, false);
        for (SessionSnapshot s : live) {
            t.row(List.of(s.node(), Long.toString(s.id()), s.user(), orDash(s.database()), orDash(s.applicationName()),
                    s.clientAddress(), TIME.format(s.started()), s.state().label(), Long.toString(s.bytesIn()),
                    Long.toString(s.bytesOut()), s.roles().isEmpty() ? "-" : String.join(",", s.roles())));
        }
        t.print(ctx.out());
        return 0;
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
