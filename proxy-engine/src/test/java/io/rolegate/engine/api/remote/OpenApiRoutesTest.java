package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.Engine;
import io.rolegate.engine.config.RolegateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code src-docs/api/openapi.yaml} documents exactly the routes the server dispatches from: both ways. */
class OpenApiRoutesTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @TempDir
    Path dataDir;

    static Path openApiFile() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("src-docs/api/openapi.yaml");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("src-docs/api/openapi.yaml not found above " + here);
    }

    @SuppressWarnings("unchecked")
    static Set<String> documented() throws Exception {
        Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(openApiFile()));
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        Set<String> out = new TreeSet<>();
        paths.forEach((path, item) -> ((Map<String, Object>) item).keySet().stream().filter(METHODS::contains)
                .forEach(m -> out.add(m.toUpperCase(Locale.ROOT) + " " + path)));
        return out;
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedPathIsARoute() throws Exception {
        Engine engine = new Engine(RolegateConfig.defaults(), dataDir);
        var routes = new ApiRoutes(engine, new ApiLogins(engine, new ApiTokens(Duration.ofMinutes(1),
                Clock.systemUTC()))).table();
        Set<String> served = routes.stream().map(r -> r.method() + " " + r.path())
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> documented = documented();

        assertThat(served).as("routes served but not in openapi.yaml").isSubsetOf(documented);
        assertThat(documented).as("paths in openapi.yaml the server does not serve").isSubsetOf(served);
        assertThat(served).hasSizeGreaterThanOrEqualTo(18);
    }

    @Test
    void everyChangeHasAnExampleBodyThatParses() {
        Engine engine = new Engine(RolegateConfig.defaults(), dataDir);
        var routes = new ApiRoutes(engine, new ApiLogins(engine, new ApiTokens(Duration.ofMinutes(1),
                Clock.systemUTC()))).table();
        assertThat(routes.stream().filter(Route::mutating)).isNotEmpty().allSatisfy(r ->
                assertThat(ApiJson.tree(r.example()).isObject()).as(r.path()).isTrue());
    }
}
