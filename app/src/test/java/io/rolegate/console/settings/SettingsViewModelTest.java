package io.rolegate.console.settings;

import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.console.common.SameThreadTaskExecutor;
import io.rolegate.console.common.ScriptedDialogs;
import io.rolegate.engine.api.Configuration;
import io.rolegate.engine.api.EngineSettings;
import io.rolegate.engine.config.ConfigLoader;
import io.rolegate.engine.config.ConfigWriter;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.store.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings view model against a real H2 store and the engine's real configuration loader. */
class SettingsViewModelTest {
    private static final String RUNNING = """
            listen:
              host: 127.0.0.1
              port: 6432
              tls:
                mode: optional
                selfSigned: true
            upstream:
              host: 127.0.0.1
              port: 5432
              tls: disable
              admin:
                user: rolegate_admin
                password: ${ROLEGATE_ADMIN_PASSWORD}
                database: postgres
            auth:
              mode: directory
            directory:
              urls: [ldap://127.0.0.1:3389]
              bindDn: cn=svc,dc=example,dc=org
              bindPassword: ${ROLEGATE_LDAP_PASSWORD}
              userBase: ou=people,dc=example,dc=org
              groupBase: ou=groups,dc=example,dc=org
            """;

    @TempDir
    Path dir;
    private Store store;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final Map<String, Secret> remembered = new HashMap<>();
    private EngineSettings settings;
    private SettingsViewModel vm;

    @BeforeEach
    void open() {
        RolegateConfig running = new ConfigLoader(Map.of("ROLEGATE_ADMIN_PASSWORD", "admin-secret",
                "ROLEGATE_LDAP_PASSWORD", "ldap-secret")::get).load(RUNNING, "test");
        store = Store.openDataDirectory(dir.resolve("data"));
        store.configVersions().save(ConfigWriter.toYaml(running), "rolegate", "configuration in force at start");
        settings = EngineSettings.over(running, store, dir.resolve("data"));
        vm = new SettingsViewModel(settings, remembered, () -> new ConsoleIdentity("dba-kim", "", "Kim", true, "test"), new SameThreadTaskExecutor(), dialogs);
        vm.load();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theFormShowsTheSavedValuesButNeverASecret() {
        assertThat(vm.field("upstream.port").valueProperty().get()).isEqualTo("5432");
        assertThat(vm.field("directory.urls").valueProperty().get()).isEqualTo("ldap://127.0.0.1:3389");
        assertThat(vm.field("listen.tls.mode").valueProperty().get()).isEqualTo("optional");
        assertThat(vm.field("upstream.admin.password").valueProperty().get()).isEmpty();
        assertThat(vm.history()).hasSize(1);
        assertThat(vm.dataDirectoryProperty().get()).isEqualTo(dir.resolve("data").toAbsolutePath().toString());
    }

    @Test
    void badInputIsShownUnderItsFieldAndNothingIsSaved() {
        vm.field("upstream.port").valueProperty().set("54x2");
        vm.field("listen.port").valueProperty().set("70000");
        vm.field("directory.urls").valueProperty().set("ldap//dc1.example.org");
        dialogs.answering("should never be asked");
        vm.save();

        assertThat(vm.field("upstream.port").errorProperty().get()).isNotEmpty();
        assertThat(vm.field("listen.port").errorProperty().get()).contains("65535");
        assertThat(vm.field("directory.urls").errorProperty().get()).containsIgnoringCase("ldap");
        assertThat(vm.field("upstream.host").errorProperty().get()).isEmpty();
        assertThat(vm.lastActionProperty().get()).startsWith("Save the settings: not done — 3 problems");
        assertThat(store.configVersions().history()).hasSize(1);
    }

    @Test
    void aSaveIsANewVersionWithItsCommentAndAuthorAndTheTypedSecretStaysOutOfTheStore() {
        vm.field("upstream.port").valueProperty().set("5433");
        vm.field("upstream.admin.password").valueProperty().set("rotated-secret");
        dialogs.answering("move to the new replica");
        vm.save();

        var latest = store.configVersions().latest().orElseThrow();
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.author()).isEqualTo("dba-kim");
        assertThat(latest.comment()).isEqualTo("move to the new replica");
        assertThat(latest.diffFromPrevious()).contains("-  port: 5432", "+  port: 5433");
        assertThat(latest.yaml()).doesNotContain("rotated-secret").contains("${ROLEGATE_ADMIN_PASSWORD}");
        assertThat(new String(remembered.get(EngineSettings.UPSTREAM_ADMIN_PASSWORD).chars()))
                .isEqualTo("rotated-secret");
        Configuration next = settings.nextStartConfig(remembered);
        assertThat(next.upstreamPort()).isEqualTo(5433);
        assertThat(new String(next.secret(Configuration.UPSTREAM_ADMIN_PASSWORD).orElseThrow().chars()))
                .isEqualTo("rotated-secret");
        assertThat(new String(next.secret(Configuration.DIRECTORY_BIND_PASSWORD).orElseThrow().chars()))
                .isEqualTo("ldap-secret"); // kept
        assertThat(vm.pendingRestartProperty().get()).contains("Version 2 is saved");
        assertThat(vm.field("upstream.admin.password").valueProperty().get()).isEmpty();
    }

    @Test
    void aVersionIsComparedWithTheRunningConfigurationLineByLine() {
        vm.field("listen.port").valueProperty().set("7432");
        dialogs.answering("free 6432 for pgbouncer");
        vm.save();

        vm.selectedVersionProperty().set(vm.history().get(0));
        assertThat(vm.diff()).contains(new DiffLine(DiffLine.Kind.REMOVED, "-  port: 7432"),
                new DiffLine(DiffLine.Kind.ADDED, "+  port: 6432"));
        assertThat(vm.diff().get(0).kind()).isEqualTo(DiffLine.Kind.HEADER);

        assertThat(vm.canRollbackProperty().get()).isFalse(); // version 2 is the latest already

        vm.selectedVersionProperty().set(vm.history().get(1));
        assertThat(vm.diff()).containsExactly(new DiffLine(DiffLine.Kind.NOTE,
                "Version 1 is exactly the configuration the engine runs now."));
        assertThat(vm.canRollbackProperty().get()).isTrue();
    }

    @Test
    void rollbackSavesTheOldContentAsTheNewestVersionAndTheFormShowsIt() {
        vm.field("directory.userFilter").valueProperty().set("(&(objectClass=person)(mail={user}))");
        dialogs.answering("log in by mail address");
        vm.save();
        assertThat(vm.field("directory.userFilter").valueProperty().get()).contains("mail=");

        vm.selectedVersionProperty().set(vm.history().stream().filter(v -> v.version() == 1).findFirst().orElseThrow());
        dialogs.answering("people still log in by uid");
        vm.rollbackSelected();

        var latest = store.configVersions().latest().orElseThrow();
        assertThat(latest.version()).isEqualTo(3);
        assertThat(latest.comment()).isEqualTo("rollback to version 1: people still log in by uid");
        assertThat(latest.yaml()).isEqualTo(store.configVersions().get(1).orElseThrow().yaml());
        assertThat(vm.field("directory.userFilter").valueProperty().get()).contains("uid=");
        assertThat(vm.history()).extracting(v -> v.version()).containsExactly(3, 2, 1);
    }

    @Test
    void aRefusedUpstreamIsReportedWithItsAddress() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        vm.field("upstream.port").valueProperty().set(String.valueOf(closed));
        vm.test(SettingSection.ConnectionTest.UPSTREAM);
        ConnectionTestResult r = vm.testResult(SettingSection.ConnectionTest.UPSTREAM);
        assertThat(r.stateProperty().get()).isEqualTo(ConnectionTestResult.State.FAILED);
        assertThat(r.messageProperty().get()).isEqualTo("connection refused to 127.0.0.1:" + closed);
        assertThat(store.configVersions().history()).hasSize(1); // a test saves nothing
    }

    @Test
    void yamlIsExportedAsSavedAndAnImportIsCheckedBeforeItIsSaved() throws Exception {
        Path exported = dir.resolve("rolegate.yaml");
        dialogs.choosingFile(exported);
        vm.exportYaml();
        String yaml = java.nio.file.Files.readString(exported);
        assertThat(yaml).isEqualTo(store.configVersions().latest().orElseThrow().yaml())
                .doesNotContain("admin-secret", "ldap-secret");

        Path broken = dir.resolve("broken.yaml");
        java.nio.file.Files.writeString(broken, yaml.replace("port: 6432", "port: sixty"));
        dialogs.choosingFile(broken);
        vm.importYaml();
        assertThat(dialogs.errors).singleElement().asString().startsWith("Import " + broken).contains("listen.port");
        assertThat(store.configVersions().history()).hasSize(1);

        Path changed = dir.resolve("changed.yaml");
        java.nio.file.Files.writeString(changed, yaml.replace("port: 6432", "port: 6433"));
        dialogs.choosingFile(changed);
        vm.importYaml();
        var latest = store.configVersions().latest().orElseThrow();
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.comment()).isEqualTo("imported from " + changed);
        assertThat(vm.field("listen.port").valueProperty().get()).isEqualTo("6433");
    }

    @Test
    void aUnifiedDiffIsSplitIntoColouredLines() {
        List<DiffLine> lines = DiffLine.of("--- version 1\n+++ running\n@@ -1,2 +1,2 @@\n listen:\n-  port: 1\n+  port: 2\n",
                "same");
        assertThat(lines).extracting(DiffLine::kind).containsExactly(DiffLine.Kind.HEADER, DiffLine.Kind.HEADER,
                DiffLine.Kind.HUNK, DiffLine.Kind.SAME, DiffLine.Kind.REMOVED, DiffLine.Kind.ADDED);
    }
}
