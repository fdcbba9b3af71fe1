package com.jada.chartersync.record;

import com.jada.chartersync.record.CharterRecord.PageCheck;
import com.jada.chartersync.record.CharterRecord.WaiverCheckResult;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CharterRecordMapperTest {

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    /** An item as the runtime writes it, with the publication and the waiver layer recorded. */
    private static Map<String, AttributeValue> written() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("eventId", s("quinn-saturday-2026-05-31"));
        item.put("eventDate", s("2026-05-31"));
        item.put("eventType", s("sunset-cruise"));
        item.put("guestName", s("Quinn"));
        item.put("crew", AttributeValue.fromL(List.of(s("Captain Ada"), s("Deckhand Bo"))));
        item.put("calendarEventId", s("cal-1"));
        item.put("calendarEtag", s("\"e2\""));
        item.put("calendarUpdated", s("2026-05-01T10:00:00Z"));
        item.put("status", s("scheduled"));
        item.put("lastSyncAt", s("2026-05-01T10:00:05Z"));
        item.put("startTime", s("17:00"));
        item.put("arriveBy", s("16:30"));
        item.put("arrival", s("16:30"));
        item.put("partySize", AttributeValue.fromN("4"));
        item.put("minors", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("name", s("Milo"), "age", AttributeValue.fromN("12"))))));
        item.put("waiverStatus", s("pending"));
        item.put("pageKey", s("2026-05-31/quinn.html"));
        item.put("photoCode", s("ABC123"));
        item.put("version", AttributeValue.fromN("3"));
        item.put("pageHash", s("abc"));
        item.put("publishedEtag", s("\"e2\""));
        item.put("s3ETag", s("\"etag\""));
        item.put("invalidationId", s("I1"));
        item.put("verification", s("verified"));
        item.put("verifiedAt", s("2026-05-01T10:00:09.123Z"));
        item.put("waiverCheck", s("failed"));
        item.put("waiverCheckedAt", s("2026-05-01T10:00:08Z"));
        item.put("waiverReason", s("timeout"));
        item.put("waiversSigned", AttributeValue.fromN("1"));
        item.put("waiversExpected", AttributeValue.fromN("4"));
        return item;
    }

    @Test
    void readsEveryAttributeTyped() {
        CharterRecord r = CharterRecordMapper.fromItem(written());
        assertThat(r.date()).isEqualTo(LocalDate.of(2026, 5, 31));
        assertThat(r.crew()).containsExactly("Captain Ada", "Deckhand Bo");
        assertThat(r.minors()).containsExactly(new CharterRecord.Minor("Milo", 12));
        assertThat(r.partySize()).isEqualTo(4);
        assertThat(r.version()).isEqualTo(3L);
        assertThat(r.publishedCurrentVersion()).isTrue();
        assertThat(r.publication().check()).isEqualTo(PageCheck.VERIFIED);
        assertThat(r.publication().checkedAt()).isEqualTo(Instant.parse("2026-05-01T10:00:09.123Z"));
        assertThat(r.waiver().check()).isEqualTo(WaiverCheckResult.FAILED);
        assertThat(r.waiver().reason()).isEqualTo("timeout");
        assertThat(r.waiver().signed()).isEqualTo(1);
        assertThat(r.waiver().expected()).isEqualTo(4);
        assertThat(r.expectedSignatures()).isEqualTo(4);
    }

    @Test
    void writesBackTheSameItem() {
        assertThat(CharterRecordMapper.toItem(CharterRecordMapper.fromItem(written()))).isEqualTo(written());
    }

    @Test
    void aHandMadeItemWithoutTheRuntimesAttributesStillMaps() {
        CharterRecord r = CharterRecordMapper.fromItem(Map.of("eventId", s("jonathan"), "eventDate", s("not a date"),
                "guestName", s("Jonathan")));
        assertThat(r.eventId()).isEqualTo("jonathan");
        assertThat(r.date()).isNull();
        assertThat(r.crew()).isEmpty();
        assertThat(r.minors()).isEmpty();
        assertThat(r.publication()).isEqualTo(CharterRecord.Publication.NONE);
        assertThat(r.waiver()).isEqualTo(CharterRecord.Waiver.NONE);
        assertThat(r.publishedCurrentVersion()).isFalse();
        assertThat(r.expectedSignatures()).isEqualTo(1);
        assertThat(CharterRecordMapper.fromItem(Map.of())).isNull();
    }

    @Test
    void olderVerificationSentencesStillReadAsTheirCheck() {
        assertThat(CharterRecordMapper.pageCheck("verified at the edge")).isEqualTo(PageCheck.VERIFIED);
        assertThat(CharterRecordMapper.pageCheck("unchanged")).isEqualTo(PageCheck.UNCHANGED);
        assertThat(CharterRecordMapper.pageCheck("something else")).isNull();
    }
}
