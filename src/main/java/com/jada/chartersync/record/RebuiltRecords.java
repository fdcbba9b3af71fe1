package com.jada.chartersync.record;

import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.waiver.WaiverService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.util.Map;

/**
 * What a record made again after a loss (the events table emptied, a record deleted by hand) takes from the systems
 * that kept it, so it comes back as it was: its waiver status and counts from the waivers table (one COUNT Query,
 * counted as the waiver system counts), its photo code from its id ({@link PhotoCodes}). Asked only on the rebuild
 * paths, never for a new charter, so an ordinary cycle pays nothing for it.
 */
@Component
public class RebuiltRecords {

    private static final Logger LOG = LoggerFactory.getLogger(RebuiltRecords.class);

    private final DynamoDbClient dynamo;
    private final String events;
    private final WaiverService waivers;
    private final PhotoCodes photoCodes;

    public RebuiltRecords(DynamoDbClient dynamo, CharterSyncProperties properties, PhotoCodes photoCodes) {
        this.dynamo = dynamo;
        this.events = properties.tables().events();
        this.waivers = new WaiverService(dynamo, events, properties.tables().waivers());
        this.photoCodes = photoCodes;
    }

    /** The code a record made without one gets: the same code each time the same id is made. */
    public String photoCode(String eventId) {
        return photoCodes.codeFor(eventId);
    }

    /** The rebuilt record with the waivers its guests signed before the loss (unchanged when there are none). */
    public CharterRecord withWaivers(CharterRecord rebuilt) {
        int signed = waivers.signedCount(rebuilt.eventId());
        if (signed == 0) {
            return rebuilt;
        }
        int expected = WaiverService.expectedSignatures(CharterRecordMapper.toItem(rebuilt));
        Map<String, AttributeValue> item = dynamo.updateItem(b -> b.tableName(events)
                .key(Map.of(CharterRecordMapper.EVENT_ID, AttributeValue.fromS(rebuilt.eventId())))
                .updateExpression("SET #ws = :s, #wn = :n, #wm = :m")
                .conditionExpression("attribute_exists(#eid)")
                .expressionAttributeNames(Map.of("#ws", CharterRecordMapper.WAIVER_STATUS,
                        "#wn", CharterRecordMapper.WAIVERS_SIGNED, "#wm", CharterRecordMapper.WAIVERS_EXPECTED,
                        "#eid", CharterRecordMapper.EVENT_ID))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(WaiverService.status(signed, expected)),
                        ":n", AttributeValue.fromN(Integer.toString(signed)), ":m", AttributeValue.fromN(Integer.toString(expected))))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        LOG.info("Record {} rebuilt with its {} of {} waivers", rebuilt.eventId(), signed, expected);
        return CharterRecordMapper.fromItem(item);
    }
}
