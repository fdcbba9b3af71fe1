package com.jada.chartersync.sync;

import com.jada.chartersync.leader.LeaseMember;

/** This replica does not lead: the cycle asked of it was left for the leader, named here (null while none leads). */
public class NotLeaderException extends RuntimeException {
    private final transient LeaseMember leader;

    public NotLeaderException(LeaseMember leader, boolean reconcile) {
        super("this replica does not lead: the " + (reconcile ? "reconcile" : "cycle") + " is left for "
                + (leader == null ? "the next leader (none leads at the moment)" : "the leader, " + leader.id()
                + (leader.url().isEmpty() ? "" : " (" + leader.url() + ")")) + ", which runs it within seconds");
        this.leader = leader;
    }

    public LeaseMember leader() {
        return leader;
    }
}
