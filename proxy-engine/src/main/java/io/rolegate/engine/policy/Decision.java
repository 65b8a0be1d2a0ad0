package io.rolegate.engine.policy;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The answer for one login: which roles and settings, or why not. Both carry an explanation for the audit log. */
public sealed interface Decision permits Decision.Allow, Decision.Deny {

    String explanation();

    /**
     * @param roles    Postgres roles the user's login role must hold, sorted
     * @param settings session settings to apply at startup, sorted by name
     */
    record Allow(Set<String> roles, Map<String, String> settings, String explanation) implements Decision {
        public Allow {
            roles = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(roles));
            settings = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(settings));
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    /** @param message what the client sees in the FATAL ErrorResponse, starting with {@code rolegate:} */
    record Deny(DenyReason reason, String message, String explanation) implements Decision {
        public Deny {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(explanation, "explanation");
        }

        public String sqlState() {
            return reason.sqlState();
        }
    }
}
