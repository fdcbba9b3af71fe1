package com.jada.chartersync.manifest;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Charters and waivers of one test day written straight into DynamoDB in the shapes the runtime and the waiver
 * function write (records as the sync leaves them, waivers as the function stores them), and removed again.
 */
public final class DayFixture implements AutoCloseable {

    private final DynamoDbClient dynamo;
    private final String date;
    private final List<String> records = new ArrayList<>();
    private final List<String> waivers = new ArrayList<>();

    public DayFixture(DynamoDbClient dynamo, String date) {
        this.dynamo = dynamo;
        this.date = date;
    }

    /** A scheduled charter sailing at {@code sails} (HH:mm) with a party of {@code party}; answers its eventId. */
    public String charter(String guest, String sails, String captain, List<String> crew, int party) {
        String id = guest.toLowerCase().replaceAll("[^a-z0-9]+", "-") + "-fixture-" + date;
        List<AttributeValue> roster = new ArrayList<>();
        roster.add(AttributeValue.fromS("Captain " + captain));
        crew.forEach(c -> roster.add(AttributeValue.fromS("Deckhand " + c)));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("eventId", AttributeValue.fromS(id));
        item.put("eventDate", AttributeValue.fromS(date));
        item.put("eventType", AttributeValue.fromS("private-sail"));
        item.put("guestName", AttributeValue.fromS(guest));
        item.put("arriveBy", AttributeValue.fromS(java.time.LocalTime.parse(sails).minusMinutes(30).toString()));
        item.put("startTime", AttributeValue.fromS(sails));
        item.put("crew", AttributeValue.fromL(roster));
        item.put("partySize", AttributeValue.fromN(Integer.toString(party)));
        item.put("minors", AttributeValue.fromL(List.of()));
        item.put("status", AttributeValue.fromS("scheduled"));
        item.put("waiverStatus", AttributeValue.fromS("pending"));
        dynamo.putItem(b -> b.tableName("jada-events").item(item));
        records.add(id);
        return id;
    }

    /** A signed waiver for {@code eventId}; a guardian (parent) when {@code guardian} is given. */
    public void waiver(String eventId, String name, String dateOfBirth, String guardian) {
        String id = eventId + "#" + name.toLowerCase().replaceAll("[^a-z0-9]+", "-") + "#" + dateOfBirth;
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("waiverId", AttributeValue.fromS(id));
        item.put("eventId", AttributeValue.fromS(eventId));
        item.put("eventDate", AttributeValue.fromS(date));
        item.put("participantName", AttributeValue.fromS(name));
        item.put("dateOfBirth", AttributeValue.fromS(dateOfBirth));
        item.put("minor", AttributeValue.fromBool(guardian != null));
        item.put("signature", AttributeValue.fromS(guardian == null ? name : guardian));
        item.put("signedAt", AttributeValue.fromS("2026-05-20T17:00:00Z"));
        if (guardian != null) {
            item.put("guardianName", AttributeValue.fromS(guardian));
            item.put("guardianRelationship", AttributeValue.fromS("parent"));
            item.put("guardianSignature", AttributeValue.fromS(guardian));
        }
        dynamo.putItem(b -> b.tableName("jada-waivers").item(item));
        waivers.add(id);
    }

    @Override
    public void close() {
        records.forEach(id -> dynamo.deleteItem(b -> b.tableName("jada-events").key(Map.of("eventId", AttributeValue.fromS(id)))));
        waivers.forEach(id -> dynamo.deleteItem(b -> b.tableName("jada-waivers").key(Map.of("waiverId", AttributeValue.fromS(id)))));
        records.clear();
        waivers.clear();
    }
}
