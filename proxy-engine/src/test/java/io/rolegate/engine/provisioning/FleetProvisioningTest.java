package io.rolegate.engine.provisioning;

import io.rolegate.engine.testbed.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 17 item 4: every engine of a fleet sees the same directory change and provisions for it; the SQL runs once
 * for the fleet. Four provisioners (four engines, each with its own admin connections) revoke the same membership
 * at the same moment: one REVOKE runs, the others find the role in agreement.
 */
class FleetProvisioningTest {
    private static final int NODES = 4;
    static final List<AdminDatabase> admins = new ArrayList<>();
    static final List<RoleProvisioner> nodes = new ArrayList<>();

    @BeforeAll
    static void start() {
        TestPostgres pg = TestPostgres.get();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        for (int i = 0; i < NODES; i++) {
            AdminDatabase admin = new AdminDatabase("jdbc:postgresql://127.0.0.1:" + pg.port()
                    + "/postgres?sslmode=disable", TestPostgres.ADMIN_USER, TestPostgres.PASSWORD, "node " + i);
            admins.add(admin);
            nodes.add(new RoleProvisioner(admin, new ManagedSecrets(key)));
        }
    }

    @AfterAll
    static void stop() {
        admins.forEach(AdminDatabase::close);
    }

    @Test
    void aRevocationSeenByEveryNodeRunsItsSqlOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            String role = "fleet_p" + round;
            nodes.get(0).allow(role, Set.of("dba_role", "readonly_role"));
            List<Callable<List<String>>> revokes = new ArrayList<>();
            for (RoleProvisioner node : nodes) {
                revokes.add(() -> node.keepOnly(role, Set.of("readonly_role")).orElseThrow().executed());
            }
            ExecutorService pool = Executors.newFixedThreadPool(NODES);
            List<String> executed = new ArrayList<>();
            try {
                for (Future<List<String>> done : pool.invokeAll(revokes)) {
                    executed.addAll(done.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(executed).as("round " + round).containsExactly("REVOKE \"dba_role\" FROM \"" + role + "\"");
            // and a deny on every node: NOLOGIN and the last REVOKE, once
            List<String> denied = new ArrayList<>();
            for (RoleProvisioner node : nodes) {
                denied.addAll(node.deny(role).executed());
            }
            assertThat(denied).containsExactly("ALTER ROLE \"" + role + "\" NOLOGIN",
                    "REVOKE \"readonly_role\" FROM \"" + role + "\"");
        }
    }
}
