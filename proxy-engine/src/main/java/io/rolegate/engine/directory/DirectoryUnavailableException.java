package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.LDAPException;

/** The directory could not answer a browse request; the message says why in words fit for the console. */
public final class DirectoryUnavailableException extends Exception {
    public DirectoryUnavailableException(String message, LDAPException cause) {
        super(message + ": " + cause.getResultCode() + ": " + cause.getMessage(), cause);
    }
}
