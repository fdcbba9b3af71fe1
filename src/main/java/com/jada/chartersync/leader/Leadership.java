package com.jada.chartersync.leader;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Whether this replica leads, for the code that must run on the leader only (cycles, the push channel) and for the
 * board and health, whichever cluster service elects (the DynamoDB lease, or Kubernetes'). It takes part in the
 * election from start-up, whether or not this replica's poll timer is on. Each time this replica becomes leader a
 * new term begins: work begun in an earlier term does not go on in a later one.
 */
@Component
public class Leadership {

    private final CamelClusterView view;
    private final LeaderElectionProperties settings;
    private final AtomicLong term = new AtomicLong();
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean leading;
    private volatile Instant since;

    public Leadership(CamelClusterService service, LeaderElectionProperties settings) throws Exception {
        this.settings = settings;
        this.view = service.getView(settings.namespace());
        view.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> update());
        update();
    }

    /** True while this replica holds the lease. */
    public boolean leads() {
        return view.getLocalMember().isLeader();
    }

    /** A check for work that may go on only while this replica leads in the term it leads now. */
    public BooleanSupplier stillLeadingNow() {
        // the view may lead before its leadership event has reached this bean: the term begins now, so the event's
        // arrival during the work does not end a term the work began in
        update();
        long current = term.get();
        return () -> leads() && term.get() == current;
    }

    /** Called with true when this replica starts leading, with false when it stops. */
    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
        if (leading) {
            listener.accept(true);
        }
    }

    public String replicaId() {
        return settings.replicaId();
    }

    /** The leader as the election knows it (this replica or another), or empty while none leads. */
    public Optional<LeaseMember> leader() {
        if (leads()) {
            Instant from = view.getLocalMember() instanceof LeaseMember l && l.since() != null ? l.since() : since;
            return Optional.of(new LeaseMember(settings.replicaId(), true, true, from, settings.replicaUrl()));
        }
        return view.getLeader().filter(CamelClusterMember::isLeader).map(m -> m instanceof LeaseMember l ? l
                : new LeaseMember(m.getId(), true, m.isLocal(), null, ""));
    }

    /** What the board and health show: this replica, whether it leads, the leader and since when. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("replica", settings.replicaId());
        m.put("leads", leads());
        Optional<LeaseMember> leader = leader();
        m.put("leader", leader.map(LeaseMember::id).orElse(""));
        m.put("leaderSince", leader.map(LeaseMember::since).map(Instant::toString).orElse(""));
        m.put("leaderUrl", leader.map(LeaseMember::url).orElse(""));
        return m;
    }

    private synchronized void update() {
        boolean now = leads();
        if (now == leading) {
            return;
        }
        leading = now;
        if (now) {
            term.incrementAndGet();
            since = Instant.now();
        } else {
            since = null;
        }
        listeners.forEach(l -> l.accept(now));
    }
}
