package com.jada.chartersync.manifest;

import com.jada.chartersync.record.CharterRecord;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.page.GuestPageModel;
import com.jada.chartersync.record.CharterRecordMapper;
import com.jada.chartersync.record.RecordsByDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

import static com.jada.chartersync.text.Display.orDash;
import static com.jada.chartersync.text.Display.rootMessage;

/**
 * The dock manifest of one day: who sails with whom, and who still has to sign. Read in bulk from the same
 * tables as the board, two calls side by side whatever the number of charters: the day's records (one Query of
 * {@code jada-events} on its {@code eventDate} index, {@link RecordsByDate}) and the day's waivers (one Query of
 * {@code jada-waivers} on its {@code eventDate} index).
 */
@Component
public class DockManifest {

    private static final Logger LOG = LoggerFactory.getLogger(DockManifest.class);
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu", Locale.US);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("h:mm a", Locale.US);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM d, h:mm a z", Locale.US);

    private final RecordsByDate records;
    private final WaiversByDate waivers;
    private final Clock clock;
    private final ZoneId zone;
    private final ExecutorService readers;

    public DockManifest(RecordsByDate records, WaiversByDate waivers, Clock clock, CharterSyncProperties properties,
                        @Qualifier("pageReaders") ExecutorService readers) {
        this.records = records;
        this.readers = readers;
        this.waivers = waivers;
        this.clock = clock;
        this.zone = properties.calendar().timeZone();
    }

    /** The manifest of {@code date}; throws when the records cannot be read (without them there is nothing to show). */
    public DayManifest build(LocalDate date) {
        long started = System.nanoTime();
        CompletableFuture<List<CharterRecord>> dayRecords = CompletableFuture.supplyAsync(
                () -> records.on(date).stream().map(CharterRecordMapper::fromItem).toList(), readers);
        CompletableFuture<Map<String, List<Map<String, AttributeValue>>>> dayWaivers = CompletableFuture.supplyAsync(() -> waivers.on(date), readers);
        List<CharterRecord> recs;
        try {
            recs = dayRecords.join();
        } catch (CompletionException e) {
            dayWaivers.cancel(true);
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        List<String> problems = new ArrayList<>();
        Map<String, List<Map<String, AttributeValue>>> signed;
        try {
            signed = dayWaivers.join();
        } catch (CompletionException e) {
            LOG.warn("Manifest of {} could not read the waivers: {}", date, e.getCause().toString());
            problems.add("Waivers not readable (" + rootMessage(e) + "): nobody is shown as signed.");
            signed = null;
        }
        List<CharterRecord> ordered = new ArrayList<>(recs);
        ordered.sort(Comparator.comparing(DockManifest::departure)
                .thenComparing(r -> orDash(r.guestName()).toLowerCase(Locale.ROOT)));
        List<DayManifest.Charter> charters = new ArrayList<>();
        for (CharterRecord record : ordered) {
            charters.add(charter(record, signed == null ? List.of() : signed.getOrDefault(record.eventId(), List.of())));
        }
        return new DayManifest(date, DAY.format(date), GuestPageModel.zoneText(zone, date), List.copyOf(charters), signed != null, problems,
                STAMP.format(clock.instant().atZone(zone)), (System.nanoTime() - started) / 1_000_000);
    }

    private DayManifest.Charter charter(CharterRecord record, List<Map<String, AttributeValue>> waivers) {
        List<String> crew = new ArrayList<>();
        String captain = "";
        for (String member : record.crew()) {
            String m = member == null ? "" : member;
            if (captain.isEmpty() && m.startsWith("Captain ")) {
                captain = m.substring("Captain ".length());
            } else if (!m.isBlank()) {
                crew.add(m.startsWith("Deckhand ") ? m.substring("Deckhand ".length()) : m);
            }
        }
        LocalTime start = record.start();
        String arrive;
        try {
            arrive = GuestPageModel.arrivalText(record.arrival(), record.arriveBy());
        } catch (RuntimeException e) {
            arrive = null;
        }
        return new DayManifest.Charter(record.eventId(), orDash(record.guestName()), orDash(record.eventType()),
                start == null ? null : CLOCK.format(start),
                arrive == null ? null : Character.toLowerCase(arrive.charAt(0)) + arrive.substring(1),
                captain, List.copyOf(crew), record.partySize(), record.cancelled(), Roster.of(record, waivers));
    }

    /** Sailing order: the calendar's start, else the arrival time, else last. */
    private static LocalTime departure(CharterRecord record) {
        LocalTime departure = record.departure();
        return departure != null ? departure : LocalTime.MAX;
    }
}
