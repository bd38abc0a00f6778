package dev.eventbus.jdbc;

import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.ClassPathResource;

/**
 * Creates the publication tables on startup from the script for the database's platform, as
 * {@code eventbus.durable.schema.initialize} says; a script that does not exist for the platform is an error only
 * when it would have been applied.
 */
final class PublicationSchemaInitializer extends DataSourceScriptDatabaseInitializer {

    static final String LOCATION = "dev/eventbus/jdbc/schema-%s.sql";

    PublicationSchemaInitializer(DataSource dataSource, DatabaseInitializationMode mode, String platform) {
        super(dataSource, settings(mode, platform));
        String location = LOCATION.formatted(platform);
        boolean applies = mode == DatabaseInitializationMode.ALWAYS
                || (mode == DatabaseInitializationMode.EMBEDDED && isEmbeddedDatabase());
        if (applies && !new ClassPathResource(location).exists()) {
            throw new IllegalStateException("event-bus has no publication schema script for database platform '"
                    + platform + "' (it has them for postgresql and h2). Create the tables eventbus_publication and "
                    + "eventbus_publication_archive yourself (docs/durable.md shows the script) and set "
                    + "eventbus.durable.schema.initialize=never, or set eventbus.durable.schema.platform to a "
                    + "compatible platform");
        }
    }

    private static DatabaseInitializationSettings settings(DatabaseInitializationMode mode, String platform) {
        DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
        settings.setSchemaLocations(List.of("optional:classpath:" + LOCATION.formatted(platform)));
        settings.setMode(mode);
        return settings;
    }

}
