package io.rolegate.engine.api.model;

/**
 * The engine refused a console action: the caller is not logged in, may only look, or lost the console admin group
 * since logging in. The message says which, in words the console shows as is; the refusal is in the audit log.
 */
public final class PermissionDenied extends EngineException {
    public PermissionDenied(String message) {
        super(message);
    }
}
