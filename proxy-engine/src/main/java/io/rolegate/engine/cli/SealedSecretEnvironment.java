package io.rolegate.engine.cli;

import io.rolegate.engine.config.ConfigWriter;
import io.rolegate.engine.config.SecretFields;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.store.DataDirectoryProbe;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.store.secret.MasterKey;
import io.rolegate.engine.store.secret.StoredSecrets;
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
    static final Map<String, String> FILLABLE = Map.of(
            ConfigWriter.LDAP_PASSWORD_VARIABLE, SecretFields.DIRECTORY_BIND_PASSWORD,
            ConfigWriter.ADMIN_PASSWORD_VARIABLE, SecretFields.UPSTREAM_ADMIN_PASSWORD);

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
        Map<String, Optional<Secret>> out = new HashMap<>();
        String fromEnv = environment.apply(MasterKey.ENV);
        boolean keyExists = (fromEnv != null && !fromEnv.isBlank())
                || Files.exists(dataDir.resolve(MasterKey.DATA_DIR_FILE));
        if (!keyExists || !Files.exists(Store.dataFile(dataDir)) || DataDirectoryProbe.heldByAnEngine(dataDir)) {
            return out;
        }
        try (Store store = Store.openDataDirectory(dataDir)) {
            StoredSecrets secrets = new StoredSecrets(store.connections(),
                    MasterKey.forDataDirectory(dataDir, environment));
            for (String key : FILLABLE.values()) {
                out.put(key, secrets.get(key));
            }
        } catch (StoreException e) {
            // the loader then reports the variable as unset, which is the problem the operator must fix
            log.warn("could not read the secrets sealed in {}: {}", dataDir, e.getMessage());
        }
        return out;
    }
}
