package io.rolegate.engine.cli;

import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.api.OfflineStore;
import io.rolegate.engine.api.model.EngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The environment the runner loads its configuration with: the process environment, and for the references an
 * export writes ({@code ${ROLEGATE_LDAP_PASSWORD}}, {@code ${ROLEGATE_ADMIN_PASSWORD}}) that are not set, the copy
 * sealed in the embedded store by an earlier import. So a configuration whose literal secrets were imported once
 * can afterwards be kept with references only. The store is opened only when such a variable is actually missing,
 * and only if a master key exists already (none is created for this). {@code store.password} cannot come from the
 * store it opens; a PostgreSQL store's sealed secrets are not consulted here.
 */
final class SealedSecretEnvironment implements Function<String, String> {
    private static final Logger log = LoggerFactory.getLogger(SealedSecretEnvironment.class);
    static final Map<String, String> FILLABLE = OfflineStore.SEALABLE_SECRETS;

    private final Function<String, String> environment;
    private final Path dataDir;
    private Map<String, Optional<Secret>> sealed;

    SealedSecretEnvironment(Function<String, String> environment, Path dataDir) {
        this.environment = environment;
        this.dataDir = dataDir;
    }

    @Override
    public String apply(String name) {
        String value = environment.apply(name);
        String key = FILLABLE.get(name);
        if (value != null || key == null) {
            return value;
        }
        Optional<Secret> stored = sealed().getOrDefault(key, Optional.empty());
        stored.ifPresent(s -> log.info("${{}} is not set; {} comes from the copy sealed in the store", name, key));
        return stored.map(s -> new String(s.chars())).orElse(null);
    }

    private Map<String, Optional<Secret>> sealed() {
        if (sealed == null) {
            sealed = readSealed();
        }
        return sealed;
    }

    private Map<String, Optional<Secret>> readSealed() {
        try {
            return OfflineStore.readSealedSecrets(dataDir, environment);
        } catch (EngineException e) {
            // the loader then reports the variable as unset, which is the problem the operator must fix
            log.warn("could not read the secrets sealed in {}: {}", dataDir, e.getMessage());
            return Map.of();
        }
    }
}
