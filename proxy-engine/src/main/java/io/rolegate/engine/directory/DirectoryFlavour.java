package io.rolegate.engine.directory;

/**
 * Which kind of directory server this is. The flavour decides the defaults for filters and attributes and which
 * account-state signals are read; {@link #GENERIC} reads every signal Rolegate knows, so an unknown server fails
 * closed rather than letting a locked account in.
 */
public enum DirectoryFlavour {
    OPENLDAP("(&(objectClass=inetOrgPerson)(uid={user}))", "uid", DirectoryFlavour.NAMED_GROUPS),
    // objectCategory=person: objectClass=user alone also matches computer accounts.
    ACTIVE_DIRECTORY("(&(objectCategory=person)(objectClass=user)(sAMAccountName={user}))", "sAMAccountName", "(objectClass=group)"),
    DS389("(&(objectClass=person)(uid={user}))", "uid", DirectoryFlavour.NAMED_GROUPS),
    GENERIC("(&(objectClass=person)(uid={user}))", "uid", DirectoryFlavour.NAMED_GROUPS);

    private static final String NAMED_GROUPS =
            "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup))";

    private final String defaultUserFilter;
    private final String defaultUsernameAttribute;
    private final String defaultGroupFilter;

    DirectoryFlavour(String userFilter, String usernameAttribute, String groupFilter) {
        this.defaultUserFilter = userFilter;
        this.defaultUsernameAttribute = usernameAttribute;
        this.defaultGroupFilter = groupFilter;
    }

    public String defaultUserFilter() {
        return defaultUserFilter;
    }

    public String defaultUsernameAttribute() {
        return defaultUsernameAttribute;
    }

    public String defaultGroupFilter() {
        return defaultGroupFilter;
    }
}
