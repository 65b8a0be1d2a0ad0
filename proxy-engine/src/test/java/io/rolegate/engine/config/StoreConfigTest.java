package io.rolegate.engine.config;

import io.rolegate.engine.api.model.ConfigException;

import io.rolegate.engine.api.model.Secret;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store: section: embedded unless a PostgreSQL URL is given; its password handled as every other secret. */
class StoreConfigTest {
    private static final Map<String, String> ENV = Map.of("STORE_PW", "st0re-Pw-9");

    private static RolegateConfig load(String yaml) {
        return new ConfigLoader(ENV::get).load(yaml, "test.yaml");
    }

    @Test
    void absentMeansTheEmbeddedStoreInTheDataDirectory() {
        assertThat(load("listen: {port: 7000}\n").store().isEmbedded()).isTrue();
        assertThat(RolegateConfig.defaults().store()).isEqualTo(StoreConfig.embedded());
    }

    @Test
    void aPostgresStoreIsReadAndExportedWithItsPasswordAsAReference() {
        RolegateConfig c = load("store:\n  url: jdbc:postgresql://db1:5432/rolegate?currentSchema=edge1\n"
                + "  user: rolegate_store\n  password: ${STORE_PW}\n");
        assertThat(c.store()).isEqualTo(new StoreConfig("jdbc:postgresql://db1:5432/rolegate?currentSchema=edge1",
                "rolegate_store", Secret.of("st0re-Pw-9")));

        String yaml = ConfigWriter.toYaml(c);

        assertThat(yaml).contains("store:\n  url: jdbc:postgresql://db1:5432/rolegate?currentSchema=edge1\n"
                + "  user: rolegate_store\n  password: '${ROLEGATE_STORE_PASSWORD}'\n")
                .contains("store.password reads ${ROLEGATE_STORE_PASSWORD}")
                .doesNotContain("st0re-Pw-9");
        RolegateConfig back = new ConfigLoader(Map.of("ROLEGATE_STORE_PASSWORD", "st0re-Pw-9")::get)
                .load(yaml, "export.yaml");
        assertThat(back).isEqualTo(c);
    }

    @Test
    void onlyPostgresUrlsWithoutAPasswordInThemAreAccepted() {
        assertThatThrownBy(() -> load("store: {url: 'jdbc:h2:file:/tmp/x'}\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.path()).isEqualTo("store.url");
                    assertThat(p.message()).contains("must be a PostgreSQL JDBC URL");
                }));
        assertThatThrownBy(() -> load("store: {url: 'jdbc:postgresql://db/x?user=a&password=hunter2'}\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).anySatisfy(p -> {
                    assertThat(p.path()).isEqualTo("store.url");
                    assertThat(p.message()).contains("not in the URL");
                }));
        assertThatThrownBy(() -> load("store: {user: x}\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).anySatisfy(p ->
                        assertThat(p.message()).contains("store needs a url")));
    }

    @Test
    void thePoolSizeIsAKeyWrittenOnlyWhenSetAndBadValuesAreNamed() {
        String url = "store:\n  url: jdbc:postgresql://db1:5432/rolegate\n";
        assertThat(load(url).store().poolSize()).isEqualTo(8);
        assertThat(ConfigWriter.toYaml(load(url))).as("the default leaves existing files' YAML (and digest) alone")
                .doesNotContain("poolSize");

        RolegateConfig four = load(url + "  poolSize: 4\n");
        assertThat(four.store().poolSize()).isEqualTo(4);
        assertThat(ConfigWriter.toYaml(four)).contains("  poolSize: 4\n");
        assertThat(new ConfigLoader(ENV::get).load(ConfigWriter.toYaml(four), "export.yaml")).isEqualTo(four);

        for (String bad : new String[]{"0", "-1", "101", "many", "2.5"}) {
            assertThatThrownBy(() -> load(url + "  poolSize: " + bad + "\n")).as(bad)
                    .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).anySatisfy(p -> {
                        assertThat(p.path()).isEqualTo("store.poolSize");
                        assertThat(p.message()).containsAnyOf("must be between 1 and 100", "expected a whole number")
                                .contains(bad);
                    }));
        }
        assertThatThrownBy(() -> load(url + "  poolsize: 4\n")).as("a misspelt key")
                .isInstanceOf(ConfigException.class).hasMessageContaining("poolSize");
    }
}
