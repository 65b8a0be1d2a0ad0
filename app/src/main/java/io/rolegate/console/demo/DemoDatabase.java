package io.rolegate.console.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's sample database: a {@code sales} database owned by a {@code demo} login role (SCRAM password), with a
 * small orders table so a newcomer's first query returns something.
 */
public record DemoDatabase(String user, String password, String database) {
    public static final String USER = "demo";
    public static final String DATABASE = "sales";

    public static DemoDatabase create(DemoPostgres pg) throws SQLException {
        DemoDatabase db = new DemoDatabase(USER, Passwords.random(12), DATABASE);
        try (Connection c = pg.superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + db.password() + "'");
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        }
        try (Connection c = pg.superuser(DATABASE); Statement s = c.createStatement()) {
            s.execute("SET ROLE " + USER);
            s.execute("CREATE TABLE orders (id serial PRIMARY KEY, customer text NOT NULL, "
                    + "amount numeric(10,2) NOT NULL, placed_at timestamptz NOT NULL DEFAULT now())");
            s.execute("INSERT INTO orders (customer, amount, placed_at) "
                    + "SELECT 'customer ' || (g % 40), round((random() * 500)::numeric, 2), "
                    + "now() - g * interval '17 minutes' FROM generate_series(1, 500) g");
        }
        return db;
    }

    /** Omits the password, so a log line or exception message built from this never carries it. */
    @Override
    public String toString() {
        return "DemoDatabase[user=" + user + ", database=" + database + "]";
    }
}
