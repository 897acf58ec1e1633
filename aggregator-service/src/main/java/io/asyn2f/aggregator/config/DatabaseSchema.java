package io.asyn2f.aggregator.config;

/**
 * Table names for the SQL the aggregator writes by hand (JDBC batches, lease and lookup queries), in the schema
 * Hibernate is configured with ({@code spring.jpa.properties.hibernate.default_schema}). The schema is pasted into the
 * statements, so only a plain lower-case name is taken.
 */
public final class DatabaseSchema {

    private DatabaseSchema() {
    }

    /** {@code schema.table}; refuses a schema that is not a plain name. */
    public static String table(String schema, String table) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain schema name: " + schema);
        }
        return schema + "." + table;
    }
}
