package io.rolegate.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HAProxy configuration a user copies from the admin guide is the installer's sample, word for word, and it
 * carries what the engine relies on (PROXY protocol v2, the /health check on the admin port). Whether HAProxy itself
 * accepts it is checked by the engine's BehindHaproxyTest ({@code haproxy -c}).
 */
class HaproxySampleTest {
    private static final Path SAMPLE = Repository.root().resolve("installer/haproxy.cfg.sample");

    @Test
    void theAdminGuideShowsTheInstallersSampleAsItIs() throws IOException {
        String guide = Files.readString(Repository.docsDir().resolve("admin-guide.md"));
        Matcher m = Pattern.compile("### HAProxy\\n.*?```text\\n(.*?)```", Pattern.DOTALL).matcher(guide);
        assertThat(m.find()).as("a text block in the admin guide's HAProxy section").isTrue();

        assertThat(m.group(1)).isEqualTo(Files.readString(SAMPLE));
    }

    @Test
    void theSampleSendsTheProxyHeaderAndChecksHealthOnTheAdminPort() throws IOException {
        String sample = Files.readString(SAMPLE);

        assertThat(sample).contains("mode tcp", "send-proxy-v2", "option httpchk GET /health",
                "http-check expect status 200", "check port 9632")
                .doesNotContain("\nshutdown-sessions").doesNotContainPattern("(?m)^[^#]*on-marked-down");
    }
}
