package io.rolegate.engine.store.migration;

import io.rolegate.engine.store.common.Sha256;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static io.rolegate.engine.testbed.TestStores.count;
import static io.rolegate.engine.testbed.TestStores.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationRunnerTest {
    @TempDir
    Path dir;

    @Test
    void splitsStatementsOnLineEndingSemicolonsAndSkipsComments() {
        assertThat(MigrationRunner.statements("-- note; not a statement\nCREATE TABLE a (\n  x INT\n);\n\n"
                + "CREATE INDEX i ON a (x);\nINSERT INTO a VALUES (1)"))
                .containsExactly("CREATE TABLE a (\nx INT\n)", "CREATE INDEX i ON a (x)", "INSERT INTO a VALUES (1)");
    }

    @Test
    void loadsScriptsFromAJarAsTheShadedRunnableHasThem() throws Exception {
        Path jar = dir.resolve("scripts.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            // Directory entries as the jar and shade plugins write them; the folder is found through its entry.
            out.putNextEntry(new JarEntry("db/"));
            out.putNextEntry(new JarEntry("db/migration/"));
            put(out, "db/migration/V2__second_step.sql", "CREATE TABLE b (y INT);\r\n");
            put(out, "db/migration/V1__first.sql", "CREATE TABLE a (x INT);\n");
            put(out, "db/migration/nested/V9__ignored.sql", "nonsense");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<Migration> found = ClasspathMigrations.load(loader, "db/migration");

            assertThat(found).extracting(Migration::scriptName).containsExactly("V1__first.sql", "V2__second_step.sql");
            assertThat(found.get(1).description()).isEqualTo("second step");
            assertThat(found.get(1).checksum()).as("CRLF normalised").isEqualTo(Sha256.hex("CREATE TABLE b (y INT);\n"));
        }
    }

    @Test
    void refusesMisnamedOrMissingScripts() throws Exception {
        assertThatThrownBy(() -> loadFrom("V1__a.sql", "V3__c.sql")).isInstanceOf(StoreException.class)
                .hasMessageContaining("without gaps");
        assertThatThrownBy(() -> loadFrom("V1_a.sql")).isInstanceOf(StoreException.class)
                .hasMessageContaining("is not named V<number>__<description>.sql");
    }

    @Test
    void aFailingScriptIsNamedAndLeavesTheVersionWhereItWas() throws Exception {
        List<Migration> scripts = List.of(migration(1, "CREATE TABLE a (x INT);"),
                migration(2, "INSERT INTO a VALUES (1);\nINSERT INTO no_such_table VALUES (2);"));
        try (Connection c = h2()) {
            assertThatThrownBy(() -> new MigrationRunner(scripts, "test-store").migrate(c))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("schema migration V2__step.sql failed on test-store")
                    .hasMessageContaining("the store stays at version 1");
            assertThat(count(c, "SELECT COUNT(*) FROM a")).as("the DML of the failed script rolled back").isZero();
            assertThat(count(c, "SELECT MAX(version) FROM rolegate_schema_history")).isEqualTo(1);
        }
    }

    @Test
    void refusesAHoleInTheHistory() throws Exception {
        List<Migration> scripts = List.of(migration(1, "CREATE TABLE a (x INT);"), migration(2, "CREATE TABLE b (x INT);"));
        try (Connection c = h2()) {
            new MigrationRunner(scripts, "s").migrate(c);
            update(c, "DELETE FROM rolegate_schema_history WHERE version = 1");

            assertThatThrownBy(() -> new MigrationRunner(scripts, "s").migrate(c))
                    .hasMessageContaining("is missing version 1 but has 2");
        }
    }

    private Connection h2() throws Exception {
        return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("runner"), "sa", "");
    }

    private static Migration migration(int version, String sql) {
        return new Migration(version, "step", "V" + version + "__step.sql", sql, Sha256.hex(sql));
    }

    private List<Migration> loadFrom(String... names) throws Exception {
        Path root = Files.createTempDirectory(dir, "cp");
        Files.createDirectories(root.resolve("db/m"));
        for (String name : names) {
            Files.writeString(root.resolve("db/m").resolve(name), "SELECT 1;");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            return ClasspathMigrations.load(loader, "db/m");
        }
    }

    private static void put(JarOutputStream out, String name, String text) throws Exception {
        out.putNextEntry(new JarEntry(name));
        OutputStream body = out;
        body.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
