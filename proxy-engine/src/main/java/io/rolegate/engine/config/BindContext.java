package io.rolegate.engine.config;

import java.nio.file.Path;

/**
 * What every section reader of one file shares: where problems go, how {@code ${NAME}} is resolved, and the folder
 * relative file paths start from (the config file's own folder).
 */
record BindContext(ConfigProblems problems, EnvSubstitution env, Path baseDir) {
}
