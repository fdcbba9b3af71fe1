package com.jada.chartersync.leader;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code leadership}: which replica leads and since when, and whether this one does. Always UP:
 * a follower does its part (board, API, webhook) as well as the leader, and none leading for a moment is a
 * takeover in progress, not a fault of this replica.
 */
@Component("leadershipHealth")
public class LeadershipHealthIndicator implements HealthIndicator {

    private final Leadership leadership;

    public LeadershipHealthIndicator(Leadership leadership) {
        this.leadership = leadership;
    }

    @Override
    public Health health() {
        return Health.up().withDetails(leadership.describe()).build();
    }
}
