package io.rolegate.engine.cli;

/** The command line itself is wrong (unknown option, missing value, unknown command): exit code 2. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
