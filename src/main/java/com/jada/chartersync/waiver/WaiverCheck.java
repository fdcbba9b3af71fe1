package com.jada.chartersync.waiver;

import java.time.Instant;

/**
 * What the waiver system answered about one event: whether the check worked, the status and counts it reported,
 * or why it failed. Travels as route variable {@code waiverCheck} from route waiver-verify to page-verify.
 */
public record WaiverCheck(boolean ok, String waiverStatus, int signed, int expected, boolean bookable, String reason,
                          Instant checkedAt) {

    public static WaiverCheck answered(String waiverStatus, int signed, int expected, boolean bookable) {
        return new WaiverCheck(true, waiverStatus, signed, expected, bookable, null, Instant.now());
    }

    public static WaiverCheck failed(String reason) {
        return new WaiverCheck(false, null, 0, 0, false, reason, Instant.now());
    }
}
