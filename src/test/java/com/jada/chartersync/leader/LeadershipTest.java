package com.jada.chartersync.leader;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Terms of leadership as the cycles see them, on a view whose events arrive when the test says. */
class LeadershipTest {

    private ManualView view;
    private Leadership leadership;

    @BeforeEach
    void replicaA() throws Exception {
        ManualService service = new ManualService();
        leadership = new Leadership(service, new LeaderElectionProperties("poller", "a", "", null, null, null, null));
        view = (ManualView) service.getView("poller");
    }

    @Test
    void workBegunBeforeTheLeadershipEventArrivesIsNotEndedByIt() {
        view.leading = true; // the lease is taken; its event is still on its way
        BooleanSupplier cycle = leadership.stillLeadingNow();
        view.announce();

        assertThat(cycle.getAsBoolean()).as("the cycle begun as the lease was taken goes on").isTrue();
    }

    @Test
    void workOfAnEarlierTermStopsWhenTheReplicaLeadsAgain() {
        view.leading = true;
        view.announce();
        BooleanSupplier first = leadership.stillLeadingNow();

        view.leading = false;
        view.announce();
        assertThat(first.getAsBoolean()).as("stepped down").isFalse();
        view.leading = true;
        view.announce();

        assertThat(first.getAsBoolean()).as("a later term is not the term the work began in").isFalse();
        assertThat(leadership.stillLeadingNow().getAsBoolean()).isTrue();
    }

    private static final class ManualService extends AbstractCamelClusterService<ManualView> {
        ManualService() {
            super("a");
        }

        @Override
        protected ManualView createView(String namespace) {
            return new ManualView(this, namespace);
        }
    }

    private static final class ManualView extends AbstractCamelClusterView {
        volatile boolean leading;

        ManualView(CamelClusterService service, String namespace) {
            super(service, namespace);
        }

        void announce() {
            fireLeadershipChangedEvent(leading ? getLocalMember() : null);
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return new LeaseMember("a", leading, true, null, "");
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return leading ? Optional.of(getLocalMember()) : Optional.empty();
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return List.of(getLocalMember());
        }

        @Override
        protected void doStart() {
        }

        @Override
        protected void doStop() {
        }
    }
}
