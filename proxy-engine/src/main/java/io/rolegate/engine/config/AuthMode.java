package io.rolegate.engine.config;

/**
 * {@code passthrough}: the client's authentication exchange with the server is relayed. {@code directory}: the
 * proxy authenticates the client against LDAP and logs in upstream as a managed role.
 */
public enum AuthMode { PASSTHROUGH, DIRECTORY }
