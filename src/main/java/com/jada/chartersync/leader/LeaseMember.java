package com.jada.chartersync.leader;

import org.apache.camel.cluster.CamelClusterMember;

import java.time.Instant;

/**
 * A replica as the election sees it: its id, whether it leads, whether it is this replica, since when it leads
 * (null when unknown) and where its board is (empty when not given).
 */
public record LeaseMember(String id, boolean leader, boolean local, Instant since, String url) implements CamelClusterMember {

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    @Override
    public boolean isLocal() {
        return local;
    }
}
