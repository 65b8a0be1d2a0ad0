package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditEvent;

import io.rolegate.engine.store.Store;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link AuditDurabilityTest}: appends events forever and prints each sequence only after
 * its future completed, i.e. after the store promised it is committed. The parent kills it with SIGKILL.
 */
public final class AppendUntilKilled {
    private AppendUntilKilled() {
    }

    public static void main(String[] args) throws Exception {
        Store store = Store.openDataDirectory(Path.of(args[0]));
        for (long i = 0; ; i++) {
            long seq = store.audit().append(AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "login " + i)
                    .withUser("user" + i)).get();
            System.out.println(seq);
            System.out.flush();
        }
    }
}
