package com.jada.chartersync.record;

import com.jada.chartersync.waiver.WaiverCheck;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The update {@link EventRecordStore#recordPublication} makes: what was published and verified for the calendar
 * version the page was rendered from, and, when the waiver system was asked, what it answered or why it failed.
 * What a run did not compute (a redrive that made no upload or invalidation) keeps its stored value.
 */
final class PublicationUpdate {

    private PublicationUpdate() {
    }

    static UpdateItemRequest request(String table, String eventId, String calendarEtag, String pageHash, String s3ETag,
                                     String invalidationId, CharterRecord.PageCheck check, WaiverCheck waiver) {
        Map<String, String> names = new HashMap<>(Map.of("#ph", "pageHash", "#pe", "publishedEtag", "#vr", "verification", "#va", "verifiedAt"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":ph", str(pageHash), ":pe", str(calendarEtag),
                ":vr", str(check.stored()), ":va", str(Instant.now().toString())));
        StringBuilder update = new StringBuilder("SET #ph = :ph, #pe = :pe, #vr = :vr, #va = :va");
        for (String[] computed : new String[][]{{"s3ETag", s3ETag}, {"invalidationId", invalidationId}}) {
            if (computed[1] != null) {
                names.put("#" + computed[0], computed[0]);
                values.put(":" + computed[0], str(computed[1]));
                update.append(", #").append(computed[0]).append(" = :").append(computed[0]);
            }
        }
        if (waiver != null) {
            names.put("#wc", "waiverCheck");
            names.put("#wa", "waiverCheckedAt");
            names.put("#wr", "waiverReason");
            values.put(":wc", str((waiver.ok() ? CharterRecord.WaiverCheckResult.OK : CharterRecord.WaiverCheckResult.FAILED).stored()));
            values.put(":wa", str(waiver.checkedAt().toString()));
            update.append(", #wc = :wc, #wa = :wa");
            if (waiver.ok()) {
                update.append(" REMOVE #wr");
            } else {
                values.put(":wr", str(waiver.reason() == null ? "unknown" : waiver.reason()));
                update.append(", #wr = :wr");
            }
        }
        return UpdateItemRequest.builder().tableName(table).key(Map.of("eventId", str(eventId)))
                .updateExpression(update.toString()).conditionExpression("attribute_exists(eventId)")
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    private static AttributeValue str(String s) {
        return AttributeValue.fromS(s);
    }
}
