package com.jada.chartersync.text;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How two spellings of one person's name are recognised as the same: compatibility forms folded (full-width
 * letters, ligatures), case folded, accents dropped from Latin letters only, and spaces and punctuation left
 * out ("O'Brien" is "OBrien"). Letters, marks and digits of every script are kept, so 张伟 and 李娜 stay two
 * names (a vowel sign in Devanagari is part of the name, not an accent). Shared by the waiver function and the
 * manifest, which must agree on who signed; this class depends on nothing else (it ships in the waiver package).
 */
public final class PersonNames {

    private static final Pattern LATIN_ACCENTS = Pattern.compile("(?<=\\p{IsLatin})\\p{M}+");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{M}\\p{N}]+");

    private PersonNames() {
    }

    /** The comparable form of {@code name}; empty when it holds no letter or digit at all. */
    public static String key(String name) {
        if (name == null) {
            return "";
        }
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKD);
        folded = LATIN_ACCENTS.matcher(folded).replaceAll("");
        folded = Normalizer.normalize(folded, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        return SEPARATORS.matcher(folded).replaceAll("");
    }
}
