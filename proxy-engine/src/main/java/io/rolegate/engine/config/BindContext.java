package io.rolegate.engine.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every section reader of one file shares: where problems go, how {@code ${NAME}} is resolved, the folder
 * relative file paths start from (the config file's own folder), and the keys whose secrets are written literally
 * in the file (dotted paths only, never values).
 */
record BindContext(ConfigProblems problems, EnvSubstitution env, Path baseDir, List<String> literalSecrets) {

    BindContext(ConfigProblems problems, EnvSubstitution env, Path baseDir) {
        this(problems, env, baseDir, new ArrayList<>());
    }
}
