package com.jada.chartersync.record;

import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.waiver.WaiverService;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableDefinitionsTest {

    static final CharterSyncProperties.Tables TABLES = new CharterSyncProperties.Tables("jada-events",
            "jada-calendar-links", "jada-dead-letters", "jada-waivers", "jada-sync-state", "jada-processed-events");

    @Test
    void awsDocsGiveExactlyTheCommandsTheDefinitionsMake() throws Exception {
        String docs = Files.readString(Path.of("docs/aws.md"));
        List<String> commands = TableDefinitions.cliCommands(TABLES);
        assertThat(commands).hasSize(7);
        for (String command : commands) {
            assertThat(docs).as("docs/aws.md shows %s", command).contains(command);
        }
        assertThat(docs.lines().filter(l -> l.startsWith("aws dynamodb ")).count()).isEqualTo(commands.size());
    }

    @Test
    void waiversAreIndexedByEventAndProcessedKeysExpire() {
        TableDefinitions.Table waivers = TableDefinitions.all(TABLES).stream()
                .filter(t -> t.name().equals("jada-waivers")).findFirst().orElseThrow();
        assertThat(waivers.createRequest().globalSecondaryIndexes())
                .singleElement().satisfies(i -> {
                    assertThat(i.indexName()).isEqualTo(WaiverService.EVENT_INDEX);
                    assertThat(i.keySchema().get(0).attributeName()).isEqualTo("eventId");
                });
        assertThat(waivers.createRequest().attributeDefinitions()).hasSize(2);
        assertThat(TableDefinitions.all(TABLES)).filteredOn(t -> t.ttlAttribute() != null)
                .extracting(TableDefinitions.Table::name).containsExactly("jada-processed-events");
    }
}
