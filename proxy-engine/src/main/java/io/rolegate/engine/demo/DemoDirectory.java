package io.rolegate.engine.demo;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedCompareRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldif.LDIFReader;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's directory: UnboundID's in-memory LDAP server on a free loopback port, loaded with a small company
 * (see {@code demo/directory.ldif}); every account gets a fresh random password. Schema checking is off so the
 * sample can carry a ppolicy lock like a real OpenLDAP.
 *
 * <p>Like a real directory's ACLs, it keeps passwords to itself: an anonymous client may only bind (every read or
 * write needs an authenticated connection), and no one, bound or not, gets {@code userPassword} back from a search
 * or may compare against it; binds still check it (issue 16 item 10).
 */
public final class DemoDirectory implements AutoCloseable {
    public static final String BASE = "dc=demo,dc=rolegate";
    public static final String PEOPLE = "ou=people," + BASE;
    public static final String GROUPS = "ou=groups," + BASE;
    public static final String SERVICE_DN = "cn=rolegate,ou=service," + BASE;
    public static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "erin");

    private final InMemoryDirectoryServer server;
    private final Map<String, String> passwords;
    private final String servicePassword;

    private DemoDirectory(InMemoryDirectoryServer server, Map<String, String> passwords, String servicePassword) {
        this.server = server;
        this.passwords = passwords;
        this.servicePassword = servicePassword;
    }

    public static DemoDirectory start() throws LDAPException, IOException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setSchema(null);
        config.setAuthenticationRequiredOperationTypes(EnumSet.of(OperationType.SEARCH, OperationType.COMPARE,
                OperationType.ADD, OperationType.DELETE, OperationType.MODIFY, OperationType.MODIFY_DN));
        config.addInMemoryOperationInterceptor(new HidePasswords());
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(),
                0, null));
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        try (InputStream ldif = DemoDirectory.class.getResourceAsStream("/demo/directory.ldif")) {
            if (ldif == null) {
                throw new IOException("the demo directory's LDIF is missing from the jar");
            }
            server.importFromLDIF(true, new LDIFReader(ldif));
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : USERS) {
            String pw = Passwords.random(12);
            passwords.put(user, pw);
            server.modify("uid=" + user + "," + PEOPLE, new Modification(ModificationType.REPLACE, "userPassword", pw));
        }
        String service = Passwords.random(20);
        server.modify(SERVICE_DN, new Modification(ModificationType.REPLACE, "userPassword", service));
        server.startListening();
        return new DemoDirectory(server, Map.copyOf(passwords), service);
    }

    public String url() {
        return "ldap://127.0.0.1:" + server.getListenPort();
    }

    public String password(String user) {
        return passwords.get(user);
    }

    public String servicePassword() {
        return servicePassword;
    }

    public static String groupDn(String cn) {
        return "cn=" + cn + "," + GROUPS;
    }

    /** Strips the password attribute from every entry a client reads and refuses comparing against it. */
    private static final class HidePasswords extends InMemoryOperationInterceptor {
        private static final String PASSWORD = "userPassword";

        @Override
        public void processSearchEntry(InMemoryInterceptedSearchEntry result) {
            Entry entry = result.getSearchEntry();
            if (entry.hasAttribute(PASSWORD)) {
                Entry copy = entry.duplicate();
                copy.removeAttribute(PASSWORD);
                result.setSearchEntry(copy);
            }
        }

        @Override
        public void processCompareRequest(InMemoryInterceptedCompareRequest request) throws LDAPException {
            if (PASSWORD.equalsIgnoreCase(request.getRequest().getAttributeName())) {
                throw new LDAPException(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, "passwords cannot be compared");
            }
        }
    }

    @Override
    public void close() {
        server.shutDown(true);
    }

    @Override
    public String toString() {
        return "DemoDirectory[" + url() + "]"; // never the passwords
    }
}
