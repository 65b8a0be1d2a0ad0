package io.rolegate.engine.store;

import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.VerifyResult;
import io.rolegate.engine.testbed.SmallDisk;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded store on a disk that fills: H2 closes its database when a write fails, and says only "the database
 * has been closed" after that. Appends fail (never hang) while the disk is full, the store opens the database
 * again by itself, and once space is back appends work and the chain holds every record that was acknowledged.
 */
@Tag("faults")
class FullDiskStoreTest {
    @Test
    void aStoreOnAFullDiskFailsAppendsThenReopensAndCarriesOnWhenSpaceIsBack() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(8)) {
            Store store = Store.openDataDirectory(disk.path().resolve("data"));
            try {
                long acknowledged = 0;
                store.audit().append(AuditEvent.of(AuditEventType.ADMIN_ACTION, "before the disk fills"))
                        .get(30, TimeUnit.SECONDS);
                acknowledged++;
                disk.fill();
                int failed = 0;
                for (int i = 0; i < 5; i++) {
                    try {
                        store.audit().append(AuditEvent.of(AuditEventType.ADMIN_ACTION, "disk full " + i))
                                .get(30, TimeUnit.SECONDS);
                        acknowledged++; // H2 may still have had room in a page it owned
                    } catch (ExecutionException e) {
                        failed++;
                        assertThat(store.outOfDiskSpace(e.getCause())).as(e.getCause().toString()).isTrue();
                    }
                }
                assertThat(failed).as("appends refused while the disk is full").isPositive();

                disk.free();
                store.audit().append(AuditEvent.of(AuditEventType.ADMIN_ACTION, "space is back"))
                        .get(30, TimeUnit.SECONDS);
                acknowledged++;
                System.out.printf("full disk store: %d appends failed, %d acknowledged, database reopened %d"
                        + " time(s)%n", failed, acknowledged, store.reopened());
                assertThat(store.reopened()).as("H2 closed itself and the store opened it again").isPositive();
                assertThat(store.audit().count(AuditQuery.all().type(AuditEventType.ADMIN_ACTION)))
                        .isEqualTo(acknowledged);
                VerifyResult verified = store.audit().verify();
                assertThat(verified.intact()).as(verified.description()).isTrue();
            } finally {
                store.close();
            }
        }
    }
}
