package com.jada.chartersync.charter;

import com.jada.chartersync.text.Hashes;
import java.text.Normalizer;
import java.util.Locale;

/** Lowercase ASCII slugs for ids and page keys: {@code Zoë O'Brien} becomes {@code zoe-obrien}. */
public final class Slugs {

    private Slugs() {
    }

    public static String slug(String text) {
        String folded = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                // lower case first, so capital Ø, Æ, Ł and Đ are spelled out as their small forms are
                .toLowerCase(Locale.ROOT)
                .replace("ß", "ss").replace("æ", "ae").replace("ø", "o").replace("ł", "l").replace("đ", "d")
                .replaceAll("['’`]", "")
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (folded.length() > 40) {
            folded = folded.substring(0, 40).replaceAll("-+$", "");
        }
        if (!folded.isEmpty()) {
            return folded;
        }
        // A name with no Latin letters at all still needs a stable, readable-enough slug.
        return "guest-" + shortHash(text == null ? "" : text.trim());
    }

    static String shortHash(String text) {
        return Hashes.sha256(text).substring(0, 8);
    }
}
