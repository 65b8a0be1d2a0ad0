package io.rolegate.engine.cli;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** config import, history, diff, rollback and export --from-store against a stopped engine's store. */
class ConfigStoreCommandsTest {
    private static final String ADMIN_SECRET = "admin-Pw-never-stored";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private CliRun run(String... args) {
        env.put("ROLEGATE_DATA_DIR", dir.resolve("data").toString());
        return CliRun.run(env, dir.resolve("home"), args);
    }

    private String file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text).toString();
    }

    @Test
    void importSavesOnlyChangesAndHistoryDiffRollbackFollow() throws IOException {
        env.put("ADMIN_PW", ADMIN_SECRET);
        String first = file("a.yaml", "listen:\n  port: 7000\nupstream:\n  admin:\n    user: rg\n"
                + "    password: ${ADMIN_PW}\n    database: postgres\n");
        CliRun v1 = run("config", "import", "--config", first, "--author", "dba1", "--comment", "first");
        assertThat(v1.code).as(v1.toString()).isZero();
        assertThat(v1.out).startsWith("saved configuration version 1 by dba1: first")
                .contains("the first version");

        CliRun same = run("config", "import", "--config", first);
        assertThat(same.code).isZero();
        assertThat(same.out).isEqualTo("unchanged: the file equals configuration version 1; nothing saved\n");

        String second = file("b.yaml", "listen:\n  port: 7001\n");
        CliRun v2 = run("config", "import", "--config", second, "--author", "dba2");
        assertThat(v2.code).as(v2.toString()).isZero();
        assertThat(v2.out).startsWith("saved configuration version 2 by dba2: imported from " + second)
                .contains("-  port: 7000", "+  port: 7001");

        CliRun history = run("config", "history");
        assertThat(history.code).isZero();
        List<String> rows = history.out.lines().toList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).startsWith("VERSION").contains("AUTHOR", "CHANGE", "COMMENT");
        assertThat(rows.get(1)).contains("2", "dba2", "imported from");
        assertThat(rows.get(2)).contains("1", "dba1", "initial", "first");

        CliRun diff = run("config", "diff", "1", "2");
        assertThat(diff.out).startsWith("--- version 1\n+++ version 2\n").contains("+  port: 7001");
        assertThat(run("config", "diff", "2", "2").out).isEqualTo("versions 2 and 2 are identical\n");

        CliRun back = run("config", "rollback", "1", "--comment", "7001 broke the app", "--author", "dba1");
        assertThat(back.code).as(back.toString()).isZero();
        assertThat(back.out).startsWith("saved configuration version 3 by dba1: rollback to version 1: 7001 broke")
                .contains("+  port: 7000");

        CliRun export = run("config", "export", "--from-store");
        assertThat(export.code).isZero();
        assertThat(export.out).contains("port: 7000", "${ROLEGATE_ADMIN_PASSWORD}").doesNotContain(ADMIN_SECRET);

        try (Store store = Store.openDataDirectory(dir.resolve("data"))) {
            List<AuditRecord> changes = store.audit().query(AuditQuery.all().type(AuditEventType.CONFIG_CHANGED));
            assertThat(changes).extracting(r -> r.event().actor()).containsExactly("dba1", "dba2", "dba1");
            assertThat(changes.get(2).event().message()).contains("rollback to configuration version 1 as version 3");
            assertThat(store.configVersions().history()).allSatisfy(v ->
                    assertThat(v.yaml()).doesNotContain(ADMIN_SECRET));
        }
    }

    @Test
    void anInvalidFileIsRefusedAndNothingIsSaved() throws IOException {
        String bad = file("bad.yaml", "listen:\n  port: seventy\n");
        CliRun r = run("config", "import", "--config", bad);
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("port");
        assertThat(Store.dataFile(dir.resolve("data"))).doesNotExist();
    }

    @Test
    void usageErrorsForVersionsAndOptions() throws IOException {
        run("config", "import", "--config", file("a.yaml", "listen:\n  port: 7000\n"));
        assertThat(run("config", "diff", "1").err).contains("config diff takes 2 arguments, got 1");
        assertThat(run("config", "diff", "one", "1").err).contains("\"one\" is not a configuration version");
        assertThat(run("config", "diff", "1", "9").err).contains("there is no configuration version 9");
        assertThat(run("config", "diff", "1", "9").code).isEqualTo(1);
        assertThat(run("config", "rollback", "1").err).contains("--comment TEXT");
        assertThat(run("config", "rollback", "4", "--comment", "x").code).isEqualTo(1);
        assertThat(run("config", "export", "--data-dir", "x").code).isEqualTo(2);
    }

    @Test
    void exportFromAnEmptyStoreSaysHowToFillIt() {
        try (Store ignored = Store.openDataDirectory(dir.resolve("data"))) {
            assertThat(ignored.schemaVersion()).isPositive();
        }
        CliRun r = run("config", "export", "--from-store");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("holds no configuration yet", "config import --config FILE");
        assertThat(run("config", "history").out).contains("no configuration saved yet");
    }
}
