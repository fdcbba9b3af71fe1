package com.jada.chartersync.text;

import java.util.regex.Pattern;

/**
 * The rule for an id taken from a request (an event id, a dead-letter id): 1 to {@value #MAX_LENGTH} characters of
 * {@code A-Z a-z 0-9 - _ . :}, which every id the runtime makes ({@code quinn-saturday-2026-05-31}, the dead
 * letters' {@code 2026-06-14T101500-1a2b3c4d}) and every Google Calendar event id fit. Checked before any AWS call:
 * DynamoDB refuses a key over 2,048 bytes with an error that would otherwise read as an outage. This class depends
 * on nothing else (it ships in the waiver package).
 */
public final class Identifiers {

    public static final int MAX_LENGTH = 200;
    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9_.:-]+");

    private Identifiers() {
    }

    /** Why {@code id} is not an acceptable id, or {@code null} when it is. */
    public static String problem(String id) {
        if (id == null || id.isEmpty()) {
            return "required";
        }
        if (id.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters (" + id.length() + ")";
        }
        if (!ALPHABET.matcher(id).matches()) {
            return "may hold only letters A-Z and a-z, digits and - _ . :";
        }
        return null;
    }
}
