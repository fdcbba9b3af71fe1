package com.jada.chartersync.infra;

import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.record.TableDefinitions;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The product's tables as the product defines them: the names from its application.yaml ({@code charter.tables}),
 * keys, indexes and expiry from {@link TableDefinitions}. Nothing about a table is restated here.
 */
public record ProductTables(CharterSyncProperties.Tables names, List<TableDefinitions.Table> definitions) {

    public static ProductTables fromApplicationYaml() {
        try {
            var sources = new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"));
            // the first document is the default profile's: what a deployment runs with
            Binder binder = new Binder(ConfigurationPropertySources.from(sources.get(0)));
            CharterSyncProperties.Tables names = binder.bind("charter.tables", CharterSyncProperties.Tables.class)
                    .orElseThrow(() -> new IllegalStateException("application.yaml names no charter.tables"));
            return new ProductTables(names, TableDefinitions.all(names));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TableDefinitions.Table named(String name) {
        return definitions.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
}
