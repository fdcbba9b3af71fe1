package com.jada.chartersync.page;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * S3's page ETags by date folder, each folder listed at most once per run: reconcile's answer to "is the page still
 * in S3" for many events at once (a 1,000-event reconcile lists about 20 folders instead of sending 1,000 HEADs).
 * Route {@code cycle-publish} makes one per run as variable {@value #VARIABLE}; the split's exchanges share it.
 */
public final class PageListing {

    public static final String VARIABLE = "pageListing";

    private final Map<String, Map<String, String>> byFolder = new ConcurrentHashMap<>();
    private final Function<String, Map<String, String>> list;

    /** @param list key → ETag (quotes removed) of every page under a folder prefix */
    public PageListing(Function<String, Map<String, String>> list) {
        this.list = list;
    }

    /** Key → ETag of the pages under {@code folder} ("2026-05-31/"), listed on first use. */
    public Map<String, String> folder(String folder) {
        return byFolder.computeIfAbsent(folder, list);
    }
}
