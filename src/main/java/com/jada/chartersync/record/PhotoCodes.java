package com.jada.chartersync.record;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Photo-upload codes, unambiguous to read aloud (no I, L, O, U). A code is derived from the record's id with a keyed
 * hash (HMAC-SHA256 under {@code charter.pages.photo-code-key}), so a record rebuilt after a loss prints the code its
 * guest already has, and nobody without the key can work out another charter's code from its id. The key is never
 * logged and never leaves this class.
 */
@Component
public class PhotoCodes {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    public PhotoCodes(@Value("${charter.pages.photo-code-key:}") String key) {
        // RequiredSettings refuses a deployment without it; a blank key is only met by plain unit tests
        this.key = key == null || key.isBlank() ? null : new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), HMAC);
    }

    /** 8 symbols of 32 (40 bits of the HMAC), e.g. {@code K7Q2-9XMA}: always the same for the same id and key. */
    public String codeFor(String eventId) {
        if (key == null) {
            throw new IllegalStateException("charter.pages.photo-code-key (CHARTER_PHOTO_CODE_KEY) is not set");
        }
        byte[] mac;
        try {
            Mac hmac = Mac.getInstance(HMAC);
            hmac.init(key);
            mac = hmac.doFinal(eventId.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = (bits << 8) | (mac[i] & 0xff);
        }
        StringBuilder sb = new StringBuilder(9);
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                sb.append('-');
            }
            sb.append(ALPHABET[(int) ((bits >>> (35 - 5 * i)) & 31)]);
        }
        return sb.toString();
    }
}
