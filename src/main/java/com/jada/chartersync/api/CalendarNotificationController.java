package com.jada.chartersync.api;

import com.jada.chartersync.calendar.CalendarPushChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * The webhook Google posts calendar notifications to ({@code charter.calendar.push.path}). Google cannot send the
 * operator's credentials, so the path is open (OperatorSecurityConfiguration) and protected by the channel instead:
 * an unknown {@code X-Goog-Channel-ID} answers 404, a wrong {@code X-Goog-Channel-Token} 403, and neither starts
 * anything. An accepted notification answers 200 at once; the cycle it asks for runs on its own thread.
 */
@RestController
@ConditionalOnExpression("'${charter.calendar.source:api}' == 'api' and ${charter.calendar.push.enabled:false}")
public class CalendarNotificationController {

    private static final Logger LOG = LoggerFactory.getLogger(CalendarNotificationController.class);

    private final CalendarPushChannel push;

    public CalendarNotificationController(CalendarPushChannel push) {
        this.push = push;
    }

    @PostMapping("${charter.calendar.push.path:/api/calendar/notifications}")
    public ResponseEntity<Object> notification(@RequestHeader(name = "X-Goog-Channel-ID", required = false) String channelId,
                                               @RequestHeader(name = "X-Goog-Channel-Token", required = false) String token,
                                               @RequestHeader(name = "X-Goog-Resource-State", required = false) String state,
                                               @RequestHeader(name = "X-Goog-Message-Number", required = false) String number) {
        String idProblem = channelId == null ? null : com.jada.chartersync.text.Identifiers.problem(channelId);
        if (idProblem != null) {
            // the ids this runtime gives its channels are UUIDs: anything else is not from Google
            return OperatorController.error(HttpStatus.BAD_REQUEST, "X-Goog-Channel-ID: " + idProblem);
        }
        CalendarPushChannel.Acceptance acceptance = push.accept(channelId, token, state);
        switch (acceptance) {
            case UNKNOWN_CHANNEL -> {
                LOG.warn("Calendar notification for an unknown channel refused (message {})", number);
                return OperatorController.error(HttpStatus.NOT_FOUND, "no such notification channel");
            }
            case WRONG_TOKEN -> {
                LOG.warn("Calendar notification with a wrong channel token refused (channel {}, message {})", channelId, number);
                return OperatorController.error(HttpStatus.FORBIDDEN, "wrong channel token");
            }
            default -> {
                LOG.debug("Calendar notification {} ({}) on channel {}", number, state, channelId);
                return ResponseEntity.ok(Map.of("accepted", true));
            }
        }
    }
}
