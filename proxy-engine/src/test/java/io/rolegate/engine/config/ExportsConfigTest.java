package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.Secret;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exports: list exactly as issue 18 writes it, its defaults, its refusals, and its way back out. */
class ExportsConfigTest {
    private static final Map<String, String> ENV = Map.of("ROLEGATE_WEBHOOK_SECRET", "a-webhook-secret-0123456789");
    private static final String ISSUE_EXAMPLE = """
            exports:
              - {type: syslog, address: "tcp://siem.example.org:6514", tls: true, format: rfc5424}
              - {type: webhook, url: "https://hooks.example.org/rolegate", secret: "${ROLEGATE_WEBHOOK_SECRET}"}
              - {type: otlp, endpoint: "http://otel-collector:4318"}
            """;

    private static RolegateConfig load(String yaml) {
        return new ConfigLoader(ENV::get).load(yaml, "test.yaml");
    }

    private static List<String> problems(String yaml) {
        try {
            load(yaml);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("loaded without problems: " + yaml);
    }

    @Test
    void theIssuesExampleLoadsWithDefaults() {
        List<ExportConfig> e = load(ISSUE_EXAMPLE).exports();

        assertThat(e).hasSize(3);
        assertThat(e.get(0)).isEqualTo(new ExportConfig("syslog tcp://siem.example.org:6514",
                ExportConfig.Type.SYSLOG, URI.create("tcp://siem.example.org:6514"), true, 10, null, null, 100,
                Duration.ofSeconds(10), Duration.ofMinutes(1), 10_000, Duration.ofMinutes(5)));
        assertThat(e.get(1).type()).isEqualTo(ExportConfig.Type.WEBHOOK);
        assertThat(e.get(1).secret()).isEqualTo(Secret.of("a-webhook-secret-0123456789"));
        assertThat(e.get(2).target()).isEqualTo(URI.create("http://otel-collector:4318"));
        assertThat(e.get(2).name()).isEqualTo("otlp http://otel-collector:4318");
        assertThat(load("listen: {port: 7000}\n").exports()).isEmpty();
    }

    @Test
    void writtenOutTheSecretBecomesAReferenceAndReadsBackEqual() {
        RolegateConfig c = load(ISSUE_EXAMPLE);

        String yaml = ConfigWriter.toYaml(c);

        assertThat(yaml).contains("secret: '${ROLEGATE_WEBHOOK_SECRET}'",
                "the secret of webhook https://hooks.example.org/rolegate reads ${ROLEGATE_WEBHOOK_SECRET}").doesNotContain("0123456789");
        assertThat(load(yaml).exports()).isEqualTo(c.exports());
    }

    @Test
    void aSecretReadFromAFileIsWrittenBackAsThatFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("hook.secret");
        java.nio.file.Files.writeString(file, "a-secret-from-a-file-0123456789\n");
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions
                .fromString("rw-------"));
        RolegateConfig c = load("exports:\n  - {type: webhook, url: \"https://h/x\", secret: {file: " + file + "}}\n");

        String yaml = ConfigWriter.toYaml(c);

        assertThat(c.exports().get(0).secret()).isEqualTo(Secret.of("a-secret-from-a-file-0123456789"));
        assertThat(yaml).contains("file: " + file).doesNotContain("0123456789\n");
        assertThat(load(yaml).exports()).isEqualTo(c.exports());
    }

    @Test
    void theConsoleMayReferenceOnlyWebhookSecretVariablesThere() {
        String yaml = "exports:\n  - {type: webhook, url: \"https://h/x\", secret: \"${ROLEGATE_WEBHOOK_SECRET_OPS}\"}\n";
        assertThat(ConfigLoader.forConsole(Map.of("ROLEGATE_WEBHOOK_SECRET_OPS", "ops-secret-0123456789abc")::get)
                .load(yaml, "console").exports().get(0).secretSource()).isEqualTo("ROLEGATE_WEBHOOK_SECRET_OPS");
        assertThatThrownBy(() -> ConfigLoader.forConsole(Map.of("ROLEGATE_MASTER_KEY", "x".repeat(40))::get)
                .load(yaml.replace("ROLEGATE_WEBHOOK_SECRET_OPS", "ROLEGATE_MASTER_KEY"), "console"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot reference environment variables");
    }

    @Test
    void wrongItemsAreRefusedWithTheirLines() {
        assertThat(problems("exports:\n  - {type: kafka, address: \"tcp://x:1\"}\n"))
                .anySatisfy(p -> assertThat(p).contains("line 2", "syslog, webhook or otlp"));
        assertThat(problems("exports:\n  - {type: syslog, address: \"udp://x:514\"}\n"))
                .anySatisfy(p -> assertThat(p).contains("tcp://siem.example.org:6514"));
        assertThat(problems("exports:\n  - {type: syslog, address: \"tcp://x\"}\n"))
                .anySatisfy(p -> assertThat(p).contains("needs a port"));
        assertThat(problems("exports:\n  - {type: syslog, address: \"tcp://x:514\", format: rfc3164}\n"))
                .anySatisfy(p -> assertThat(p).contains("only rfc5424"));
        assertThat(problems("exports:\n  - {type: webhook, url: \"http://hooks/x\", secret: \"${ROLEGATE_WEBHOOK_SECRET}\"}\n"))
                .anySatisfy(p -> assertThat(p).contains("https://"));
        assertThat(problems("exports:\n  - {type: otlp, endpoint: \"http://c:4318\", tls: true}\n"))
                .anySatisfy(p -> assertThat(p).contains("unknown key \"exports[0].tls\""));
        assertThat(problems("exports:\n  - {type: otlp}\n")).anySatisfy(p -> assertThat(p).contains("endpoint",
                "is required"));
        assertThat(problems("exports:\n  - {type: otlp, endpoint: \"http://c:4318\"}\n"
                + "  - {type: otlp, endpoint: \"http://c:4318\"}\n")).anySatisfy(p -> assertThat(p)
                .contains("each needs its own name"));
    }

    @Test
    void aWebhookSecretMustComeFromTheEnvironmentOrAFileAndBeLongEnough() {
        assertThat(problems("exports:\n  - {type: webhook, url: \"https://h/x\"}\n"))
                .anySatisfy(p -> assertThat(p).contains("secret", "is required"));
        assertThat(problems("exports:\n  - {type: webhook, url: \"https://h/x\", secret: written-here-in-clear-text}\n"))
                .anySatisfy(p -> assertThat(p).contains("${ENV_VARIABLE}").doesNotContain("written-here"));
        assertThatThrownBy(() -> new ConfigLoader(Map.of("S", "short")::get).load(
                "exports:\n  - {type: webhook, url: \"https://h/x\", secret: \"${S}\"}\n", "t.yaml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p.message()).contains("at least 16")));
    }
}
