package io.rolegate.engine.directory;

import com.unboundid.ldap.sdk.Filter;

import java.util.Optional;
import java.util.Set;

/**
 * Reads a typed user name in the forms {@code directory.loginNames} accepts and says how to find its entry.
 * Active Directory forbids {@code @} and {@code \} in a sAMAccountName, so there a name with either is a UPN or a
 * down-level name, and one in a form not accepted is refused with words saying which forms are (not a "wrong
 * password"). Other directories accept only the account form, where such characters are ordinary.
 */
public final class LoginNames {
    /** How to find an entry for a typed name: by the user filter with {@code name}, or by UPN. */
    public record Lookup(LoginNameForm form, String name) {
    }

    private final Set<LoginNameForm> accepted;
    private final String downLevelDomain;
    private final boolean activeDirectory;
    private final FilterTemplate upnFilter;

    LoginNames(DirectorySettings settings) {
        this.accepted = settings.loginNames();
        this.downLevelDomain = settings.downLevelDomain();
        this.activeDirectory = settings.flavour() == DirectoryFlavour.ACTIVE_DIRECTORY;
        this.upnFilter = accepted.contains(LoginNameForm.UPN)
                ? upnFilter(settings.userFilter(), settings.usernameAttribute()) : null;
    }

    /**
     * The user filter with userPrincipalName where it names the account ({@code (sAMAccountName={user})}), so a UPN
     * login meets every other condition of the filter. {@link IllegalArgumentException} when there is no such part.
     */
    static FilterTemplate upnFilter(String userFilter, String usernameAttribute) {
        return FilterTemplate.compile("directory.userFilter", userFilter)
                .withAttribute(usernameAttribute, "userPrincipalName")
                .orElseThrow(() -> new IllegalArgumentException("directory.loginNames: upn needs directory.userFilter"
                        + " to find the account as (" + usernameAttribute + "={user}); it is " + userFilter));
    }

    /** Why {@code typed} cannot be a login name here, in words for the client; empty when it can. */
    public Optional<String> refusal(String typed) {
        Object parsed = parse(typed);
        return parsed instanceof String refusal ? Optional.of(refusal) : Optional.empty();
    }

    /** How to find {@code typed}'s entry; {@link IllegalArgumentException} when {@link #refusal} says it cannot. */
    public Lookup lookup(String typed) {
        Object parsed = parse(typed);
        if (parsed instanceof String refusal) {
            throw new IllegalArgumentException(refusal);
        }
        return (Lookup) parsed;
    }

    /** The filter a UPN login searches with. */
    Filter upnFilter(String upn) {
        return upnFilter.apply(upn);
    }

    private Object parse(String typed) {
        if (!activeDirectory) {
            return new Lookup(LoginNameForm.ACCOUNT, typed);
        }
        int backslash = typed.indexOf('\\');
        if (backslash >= 0) {
            if (!accepted.contains(LoginNameForm.DOWN_LEVEL)) {
                return notAccepted("DOMAIN\\name");
            }
            String domain = typed.substring(0, backslash);
            String name = typed.substring(backslash + 1);
            if (!domain.equalsIgnoreCase(downLevelDomain) || name.isEmpty() || name.indexOf('\\') >= 0) {
                return "rolegate: \"" + typed + "\" is not a user of the domain " + downLevelDomain
                        + "; log in as " + downLevelDomain + "\\name or with your account name";
            }
            return new Lookup(LoginNameForm.DOWN_LEVEL, name);
        }
        if (typed.indexOf('@') >= 0) {
            return accepted.contains(LoginNameForm.UPN) ? new Lookup(LoginNameForm.UPN, typed)
                    : notAccepted("name@domain");
        }
        return accepted.contains(LoginNameForm.ACCOUNT) ? new Lookup(LoginNameForm.ACCOUNT, typed)
                : notAccepted("a bare account name");
    }

    private String notAccepted(String form) {
        return "rolegate: user names written as " + form + " are not accepted here; log in as "
                + String.join(" or ", accepted.stream().map(LoginNames::example).toList())
                + " (directory.loginNames)";
    }

    private static String example(LoginNameForm f) {
        return switch (f) {
            case ACCOUNT -> "your account name";
            case UPN -> "name@domain";
            case DOWN_LEVEL -> "DOMAIN\\name";
        };
    }
}
