package io.rolegate.engine.recording;

import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestStores;

/**
 * {@link SessionRecordingTest} with the engine's store on PostgreSQL (a fleet's shared store, migration V6 there):
 * the same sessions, statements, row counts, transactions, search by user/role/text/SQLSTATE, export and refusals.
 */
class SessionRecordingOnPostgresStoreTest extends SessionRecordingTest {
    @Override
    RolegateConfig onStore(RolegateConfig c) {
        return c.withStore(new StoreConfig(TestStores.newPostgresSchemaUrl(), TestPostgres.SUPERUSER,
                Secret.empty()));
    }
}
