package com.jada.chartersync.manifest;

import com.jada.chartersync.record.CharterRecordMapper;
import com.jada.chartersync.record.CharterRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Who sails and who still has to sign, from a record and its waivers, without Spring. */
class RosterTest {

    static CharterRecord charter(int partySize, String... minors) {
        return CharterRecordMapper.fromItem(record(partySize, minors));
    }

    static Map<String, AttributeValue> record(int partySize, String... minors) {
        Map<String, AttributeValue> r = new HashMap<>();
        r.put("eventId", AttributeValue.fromS("quinn-saturday-2026-05-31"));
        r.put("eventDate", AttributeValue.fromS("2026-05-31"));
        r.put("partySize", AttributeValue.fromN(Integer.toString(partySize)));
        r.put("minors", AttributeValue.fromL(java.util.Arrays.stream(minors).map(m -> {
            String[] nameAge = m.split(":");
            return AttributeValue.fromM(Map.of("name", AttributeValue.fromS(nameAge[0]), "age", AttributeValue.fromN(nameAge[1])));
        }).toList()));
        return r;
    }

    static Map<String, AttributeValue> waiver(String name, String born, boolean minor, String guardian) {
        Map<String, AttributeValue> w = new HashMap<>();
        w.put("participantName", AttributeValue.fromS(name));
        w.put("dateOfBirth", AttributeValue.fromS(born));
        w.put("minor", AttributeValue.fromBool(minor));
        w.put("signedAt", AttributeValue.fromS("2026-05-30T18:00:00Z"));
        if (guardian != null) {
            w.put("guardianName", AttributeValue.fromS(guardian));
            w.put("guardianRelationship", AttributeValue.fromS("parent"));
        }
        return w;
    }

    @Test
    void signedMinorIsListedWithAgeOnTheCharterDateAndGuardian() {
        Roster r = Roster.of(charter(4, "Quinn:16"), List.of(waiver("Quinn", "2010-02-01", true, "Pat Lee")));

        assertThat(r.participants()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("Quinn");
            assertThat(p.signed()).isTrue();
            assertThat(p.ageText()).isEqualTo("minor, 16");
            assertThat(p.guardianText()).isEqualTo("Pat Lee (parent)");
        });
        assertThat(r.toSignText()).isEqualTo("3 of 4 still to sign");
        assertThat(r.unnamedToSign()).isEqualTo(3);
        assertThat(r.missingNames()).isEmpty();
    }

    @Test
    void ageIsCountedOnTheCharterDateNotToday() {
        // 18 on June 1: still a minor on May 31
        Roster r = Roster.of(charter(2), List.of(waiver("Ines", "2008-06-01", true, "Ana")));
        assertThat(r.participants().get(0).ageText()).isEqualTo("minor, 17");
    }

    @Test
    void minorNamedInTheCalendarWhoHasNotSignedIsMissingByName() {
        Roster r = Roster.of(charter(4, "Quinn:16", "Milo:12"), List.of(waiver("Quinn", "2010-02-01", true, "Pat Lee"),
                waiver("Pat Lee", "1980-01-01", false, null)));

        assertThat(r.participants()).extracting(Roster.Participant::name).containsExactly("Milo", "Pat Lee", "Quinn");
        assertThat(r.missingNames()).containsExactly("Milo");
        assertThat(r.participants().get(0).guardianText()).isEqualTo("needs a guardian to sign");
        assertThat(r.participants().get(1).ageText()).isEqualTo("adult, 46");
        assertThat(r.stillToSign()).isEqualTo(2);
        assertThat(r.unnamedToSign()).isEqualTo(1);
    }

    @Test
    void namesMatchAcrossAccentsAndCase() {
        Roster r = Roster.of(charter(2, "Zoë:15"), List.of(waiver("zoe", "2011-01-01", true, "Ana")));
        assertThat(r.participants()).hasSize(1);
        assertThat(r.missingNames()).isEmpty();
    }

    @Test
    void nobodyKnownLeavesTheWholePartyUnnamed() {
        Roster r = Roster.of(charter(6), List.of());
        assertThat(r.participants()).isEmpty();
        assertThat(r.toSignText()).isEqualTo("6 of 6 still to sign");
        assertThat(r.unnamedToSign()).isEqualTo(6);
    }

    @Test
    void waiversTheWaiverSystemCountedUnderAnotherDateAreReported() {
        Map<String, AttributeValue> moved = record(3);
        moved.put("waiversSigned", AttributeValue.fromN("2"));
        Roster r = Roster.of(CharterRecordMapper.fromItem(moved), List.of(waiver("Ada", "1990-01-01", false, null)));
        assertThat(r.filedElsewhere()).isEqualTo(1);
    }
}
