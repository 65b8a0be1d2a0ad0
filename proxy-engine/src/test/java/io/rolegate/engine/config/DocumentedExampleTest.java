package io.rolegate.engine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The complete example in src-docs/configuration.md loads, and its export round-trips. */
class DocumentedExampleTest {
    private static final Path DOC = Path.of("..", "src-docs", "configuration.md");

    @TempDir
    Path dir;

    @Test
    void theDocumentedExampleIsAValidConfiguration() throws IOException {
        Matcher m = Pattern.compile("## Complete example\\s+```yaml\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(DOC));
        assertThat(m.find()).as("example block in " + DOC).isTrue();
        for (String name : new String[]{"server.crt", "server.key", "pg-root.crt", "ldap-ca.pem"}) {
            Files.writeString(dir.resolve(name), "pem");
        }
        Path pw = Files.writeString(dir.resolve("ldap.pw"), "ldap-pw\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        String yaml = m.group(1).replace("/etc/rolegate/", dir + "/");
        Map<String, String> env = Map.of("ROLEGATE_ADMIN_PASSWORD", "admin-pw", "ROLEGATE_LDAP_PASSWORD", "ldap-pw");

        RolegateConfig c = new ConfigLoader(env::get).load(yaml, "configuration.md", dir);

        assertThat(c.directory().urls()).hasSize(2);
        assertThat(c.access().mappings()).hasSize(2);
        assertThat(c.admin()).isEqualTo(new AdminConfig(true, "127.0.0.1", 9632));
        assertThat(new ConfigLoader(env::get).load(ConfigWriter.toYaml(c), "export", dir)).isEqualTo(c);
    }
}
