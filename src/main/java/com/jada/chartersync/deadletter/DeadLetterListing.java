package com.jada.chartersync.deadletter;

import java.util.List;
import java.util.Map;

/**
 * The unresolved dead letters as far as they can be read: the table's (open and given up), then the local journal's.
 *
 * @param tableUnreadable null when the table answered; else why it could not be read (then {@code entries} holds
 *                        only the journal's, and says nothing about what the table holds)
 */
public record DeadLetterListing(List<Map<String, Object>> entries, String tableUnreadable) {
}
