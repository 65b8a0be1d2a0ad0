package io.rolegate.docs;

import io.rolegate.engine.config.AuthMode;
import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.config.ConfigWriter;
import io.rolegate.engine.config.RolegateConfig;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExampleConfigTest {
    private static final Path SAMPLE = Repository.root().resolve("installer/rolegate.yaml.sample");

    @TempDir
    Path dir;

    static List<YamlExample> documentedExamples() {
        List<YamlExample> all = new ArrayList<>();
        Repository.sources().pages().forEach(page -> all.addAll(YamlExample.in(page.source())));
        return all;
    }

    @TestFactory
    Stream<DynamicTest> everyConfigurationExampleInTheDocsLoadsWithTheRealLoader() {
        List<YamlExample> examples = documentedExamples();
        assertThat(examples).as("examples found in the README and src-docs").hasSizeGreaterThanOrEqualTo(3);
        return examples.stream().map(e -> DynamicTest.dynamicTest(e.toString(),
                () -> ExampleCheck.load(e.yaml(), e.toString(), dir)));
    }

    @Test
    void theInstallerSampleLoadsAsADirectoryConfiguration() throws IOException {
        RolegateConfig config = ExampleCheck.load(Files.readString(SAMPLE), SAMPLE.toString(), dir);

        assertThat(config.auth().mode()).isEqualTo(AuthMode.DIRECTORY);
        assertThat(config.directory()).isNotNull();
    }

    @Test
    void theInstallerSampleNamesEveryKeyTheEngineKnows() throws IOException {
        RolegateConfig config = ExampleCheck.load(Files.readString(SAMPLE), SAMPLE.toString(), dir);
        Set<String> keys = new TreeSet<>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(ConfigWriter.toYaml(config))) {
            keyPaths(document, "", keys);
        }
        String sample = Files.readString(SAMPLE);

        List<String> missing = keys.stream().filter(path -> !named(sample, path)).toList();

        assertThat(keys).hasSizeGreaterThan(40);
        assertThat(missing).as("keys of the configuration (from the engine's own export) the sample does not show")
                .isEmpty();
    }

    @Test
    void aBrokenExampleFailsTheCheckWithItsLine() throws IOException {
        Path page = dir.resolve("page.md");
        Files.writeString(page, "# Page\n\n```yaml\nlisten:\n  port: 6432\n  tls:\n    mode: sometimes\n```\n\n"
                + "```yaml\nnot: a config\n```\n\n" + YamlExample.NOT_A_CONFIG + "\n```yaml\nlisten:\n  prot: 1\n```\n");

        List<YamlExample> examples = YamlExample.in(page);

        assertThat(examples).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(3));
        assertThatThrownBy(() -> ExampleCheck.load(examples.get(0).yaml(), "page.md:3", dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 4").hasMessageContaining("sometimes");
    }

    @Test
    void examplesMayNameFilesThatDoNotExistOnThisMachine() throws IOException {
        String yaml = "listen:\n  tls: {mode: required, certificate: /etc/rolegate/x.crt, key: x.key}\n"
                + "directory:\n  urls: [ldaps://ldap.example.org]\n  userBase: dc=example,dc=org\n"
                + "  groupBase: dc=example,dc=org\n  bindDn: cn=svc,dc=example,dc=org\n"
                + "  bindPassword: {file: /etc/rolegate/ldap.pw}\n  trustCa: ${CA_FILE}\n";

        assertThatThrownBy(() -> ExampleCheck.load(yaml, "files", dir))
                .as("a ${VAR} path reads the dummy value, and that file does not exist")
                .isInstanceOf(ConfigException.class).hasMessageContaining("dummy-value-of-CA_FILE")
                .hasMessageNotContaining("x.crt").hasMessageNotContaining("ldap.pw");
        assertThat(ExampleCheck.load(yaml.replace("  trustCa: ${CA_FILE}\n", ""), "files", dir).listen().tls()
                .enabled()).isTrue();
    }

    /** Every key path of an exported configuration; {@code settings} holds GUC names, not keys of Rolegate's. */
    private static void keyPaths(Object node, String prefix, Set<String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String path = prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k;
                into.add(path);
                if (!"settings".equals(String.valueOf(k))) {
                    keyPaths(v, path, into);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> keyPaths(item, prefix + "[]", into));
        }
    }

    /** The sample writes the key, set or commented out, as {@code key:} at the start of a line. */
    private static boolean named(String sample, String path) {
        String leaf = path.substring(path.lastIndexOf('.') + 1).replace("[]", "");
        return Pattern.compile("(?m)^[ #]*(- )?" + Pattern.quote(leaf) + ":").matcher(sample).find()
                || Pattern.compile("[{,] *" + Pattern.quote(leaf) + ":").matcher(sample).find();
    }
}
