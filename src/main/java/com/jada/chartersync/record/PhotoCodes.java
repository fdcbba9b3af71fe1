package com.jada.chartersync.record;

import java.security.SecureRandom;

/** Photo-upload codes: random, unrelated to name or date, unambiguous to read aloud (no I, L, O, U). */
public final class PhotoCodes {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private PhotoCodes() {
    }

    /** 8 symbols of 32: 40 bits, e.g. {@code K7Q2-9XMA}. */
    public static String next() {
        StringBuilder sb = new StringBuilder(9);
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                sb.append('-');
            }
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }
}
