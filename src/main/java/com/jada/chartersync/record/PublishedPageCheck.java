package com.jada.chartersync.record;

import com.jada.chartersync.config.CharterSyncProperties;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Reconcile's question to S3: is the page the record says was published still there, unchanged? */
@Component
public class PublishedPageCheck {

    private final S3Client s3;
    private final String bucket;

    public PublishedPageCheck(S3Client s3, CharterSyncProperties properties) {
        this.s3 = s3;
        this.bucket = properties.pages().bucket();
    }

    public boolean isPublished(EventRecord record) {
        if (record.pageKey() == null || record.s("s3ETag") == null || record.s("s3ETag").isEmpty()) {
            return false;
        }
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(record.pageKey()));
            return normalize(head.eTag()).equals(normalize(record.s("s3ETag")));
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static String normalize(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }
}
