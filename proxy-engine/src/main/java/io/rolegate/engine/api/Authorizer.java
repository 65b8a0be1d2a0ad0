package io.rolegate.engine.api;

import io.rolegate.engine.api.model.ConsoleIdentity;

/** The engine's check of a console action: the caller's login as the engine knows it, or a refusal. */
@FunctionalInterface
interface Authorizer {
    ConsoleIdentity require(ConsoleIdentity who, String action, ConsoleAuthority.Effect effect);
}
