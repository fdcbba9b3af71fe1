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
    void theCliCommandsCoverEveryTableAndTheUpgradesAddTheDateIndexes() {
        List<String> commands = TableDefinitions.cliCommands(TABLES);
        List<String> upgrades = TableDefinitions.upgradeCommands(TABLES);
        assertThat(commands).hasSize(8);
        assertThat(upgrades).hasSize(2);
        assertThat(upgrades.get(0)).contains("update-table --table-name jada-events", "\"Create\":{\"IndexName\":\"eventDate-index\"");
        assertThat(upgrades.get(1)).contains("update-table --table-name jada-waivers", "\"Create\":{\"IndexName\":\"eventDate-index\"");
    }

    /** The tables themselves come from the CDK stack or the runtime; docs/aws.md shows only how to add a missing index. */
    @Test
    void awsDocsGiveExactlyTheIndexUpgrades() throws Exception {
        String docs = Files.readString(Path.of("docs/aws.md"));
        List<String> upgrades = TableDefinitions.upgradeCommands(TABLES);
        for (String command : upgrades) {
            assertThat(docs).as("docs/aws.md shows %s", command).contains(command);
        }
        assertThat(docs.lines().filter(l -> l.startsWith("aws dynamodb ")).count()).isEqualTo(upgrades.size());
    }

    @Test
    void waiversAreIndexedByEventAndByDateAndProcessedKeysExpire() {
        TableDefinitions.Table waivers = TableDefinitions.all(TABLES).stream()
                .filter(t -> t.name().equals("jada-waivers")).findFirst().orElseThrow();
        assertThat(waivers.createRequest().globalSecondaryIndexes())
                .extracting(i -> i.indexName() + "=" + i.keySchema().get(0).attributeName())
                .containsExactly(WaiverService.EVENT_INDEX + "=eventId", WaiverService.DATE_INDEX + "=eventDate");
        assertThat(waivers.createRequest().attributeDefinitions()).hasSize(3);
        assertThat(waivers.addIndexRequest(waivers.indexes().get(1)).globalSecondaryIndexUpdates())
                .singleElement().satisfies(u -> assertThat(u.create().indexName()).isEqualTo(WaiverService.DATE_INDEX));
        assertThat(TableDefinitions.all(TABLES)).filteredOn(t -> t.ttlAttribute() != null)
                .extracting(TableDefinitions.Table::name).containsExactly("jada-processed-events");
    }
}
