package com.jada.chartersync.edge;

import com.jada.chartersync.text.Hashes;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.cycle.PublishedPage;
import com.jada.chartersync.cycle.SyncCycle;
import com.jada.chartersync.record.CharterRecord;
import com.jada.chartersync.record.EventRecordStore;
import com.jada.chartersync.waiver.WaiverCheck;
import com.jada.chartersync.waiver.WaiverVerification;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Fetches a published page through the edge, as a guest would, and checks it is exactly what was uploaded. */
@Component
public class PageVerifier {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final String edgeUrl;
    private final Duration timeout;
    private final EventRecordStore records;

    public PageVerifier(CharterSyncProperties properties, EventRecordStore records) {
        this.edgeUrl = properties.pages().edgeUrl().replaceAll("/+$", "");
        this.timeout = properties.sync().verifyTimeout();
        this.records = records;
    }

    /** The pages to verify as a list: a cycle's uploads, or the one page of a replayed dead letter. */
    @SuppressWarnings("unchecked")
    public List<PublishedPage> pages(@Body Object body) {
        return body instanceof PublishedPage page ? List.of(page) : new ArrayList<>((List<PublishedPage>) body);
    }

    /** Throws unless the edge serves exactly the uploaded bytes; marks the page verified for the route's split. */
    public PublishedPage verify(@Body PublishedPage page, @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle,
                                Exchange exchange) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = fetch(page.path());
        if (response.statusCode() != 200) {
            throw new PageNotVerifiedException("edge answered " + response.statusCode() + " for " + page.path());
        }
        String served = Hashes.sha256(response.body());
        if (!served.equals(page.pageHash())) {
            throw new PageNotVerifiedException("edge serves different content for " + page.path()
                    + " (sha256 " + served.substring(0, 12) + ", uploaded " + page.pageHash().substring(0, 12) + ")");
        }
        if (cycle != null) {
            cycle.pageVerified();
        }
        exchange.setVariable(EdgeVerifiedPages.VERIFIED, page);
        return page;
    }

    /**
     * After the edge check and the waiver check: one write records what was published, what the edge served and
     * what the waiver system answered (or why it failed).
     */
    public void recordVerified(@Body WaiverVerification.CheckedPage checked, @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle,
                               @Variable("invalidationId") String invalidationId) {
        PublishedPage page = checked.page();
        WaiverCheck waiver = checked.waiver();
        records.recordPublication(page.eventId(), page.calendarEtag(), page.pageHash(), page.s3ETag(),
                invalidationId, CharterRecord.PageCheck.VERIFIED, waiver);
        if (cycle != null && waiver != null && waiver.ok()) {
            cycle.events().completed(page.calendarEventId());
        } else if (cycle != null) {
            cycle.events().verifiedExceptWaiver(page.calendarEventId());
        }
    }

    public HttpResponse<byte[]> fetch(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(edgeUrl + path)).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
