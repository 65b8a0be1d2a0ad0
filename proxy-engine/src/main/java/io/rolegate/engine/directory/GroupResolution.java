package io.rolegate.engine.directory;

/**
 * {@code directory.groupResolution}: how a user's groups, nested ones included, are found. Spelled in YAML as
 * {@code auto}, {@code walk}, {@code in-chain}, {@code memberof-transitive}.
 */
public enum GroupResolution {
    /** {@link #IN_CHAIN} for the active-directory flavour, {@link #WALK} for every other. */
    AUTO,
    /** memberOf (or member/uniqueMember/memberUid searches), then one search per nesting level. */
    WALK,
    /** Active Directory: one search with the in-chain matching rule 1.2.840.113556.1.4.1941 on {@code member}. */
    IN_CHAIN,
    /**
     * Active Directory (Windows Server 2012 R2 and later): the user entry's constructed attribute
     * {@code msds-memberOfTransitive}, read with one base-scope search; the server expands the nesting itself.
     */
    MEMBEROF_TRANSITIVE;

    /** What {@link #AUTO} means for {@code flavour}; any other value means itself. */
    public GroupResolution effective(DirectoryFlavour flavour) {
        if (this != AUTO) {
            return this;
        }
        return flavour == DirectoryFlavour.ACTIVE_DIRECTORY ? IN_CHAIN : WALK;
    }
}
