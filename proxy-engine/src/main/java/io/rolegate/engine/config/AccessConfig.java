package io.rolegate.engine.config;

import io.rolegate.engine.policy.Mapping;
import io.rolegate.engine.policy.PolicyRules;

import java.util.List;

/**
 * Who gets which roles: {@code mappings} from directory groups to PostgreSQL roles (a user gets the union over all
 * groups they belong to, nested ones included), and {@code policies} that may deny before or after them.
 */
public record AccessConfig(List<Mapping> mappings, PolicyRules policies) {
    public AccessConfig {
        mappings = List.copyOf(mappings);
    }

    public static AccessConfig none() {
        return new AccessConfig(List.of(), PolicyRules.none());
    }

    public AccessConfig withMappings(List<Mapping> m) {
        return new AccessConfig(m, policies);
    }

    public AccessConfig withPolicies(PolicyRules p) {
        return new AccessConfig(mappings, p);
    }
}
