package com.jada.chartersync.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedOperationParameters;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The operator triggers as JMX operations (Hawtio's JMX tab, jconsole): the same {@link OperatorActions} the
 * HTTP API calls. Answers are the same JSON the API gives.
 */
@Component
@ManagedResource(objectName = "charter-sync:type=Operations,name=Triggers",
        description = "charter-sync operator triggers: sync, sync one event, replay a dead letter, correct the crew")
public class CharterSyncOperationsMBean {

    private final OperatorActions actions;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public CharterSyncOperationsMBean(OperatorActions actions) {
        this.actions = actions;
    }

    @ManagedOperation(description = "Run one sync cycle now; answers its summary")
    public String syncNow() {
        return toJson(actions.syncNow("jmx"));
    }

    @ManagedOperation(description = "Take one event through every layer again; answers its new state")
    @ManagedOperationParameters(@ManagedOperationParameter(name = "eventId", description = "e.g. danika-sunday-2026-06-14"))
    public String syncEvent(String eventId) {
        return toJson(actions.syncEvent(eventId, "jmx"));
    }

    @ManagedOperation(description = "Replay one dead letter through the normal path")
    @ManagedOperationParameters(@ManagedOperationParameter(name = "deadLetterId", description = "id from the dead-letter list"))
    public String replayDeadLetter(String deadLetterId) throws IOException {
        return toJson(actions.replay(deadLetterId));
    }

    @ManagedOperation(description = "Correct captain and crew in the calendar, then cascade the event")
    @ManagedOperationParameters({
            @ManagedOperationParameter(name = "eventId", description = "e.g. danika-sunday-2026-06-14"),
            @ManagedOperationParameter(name = "captain", description = "e.g. Sarah; blank keeps the calendar's captain"),
            @ManagedOperationParameter(name = "crew", description = "comma-separated, e.g. Gene; blank keeps the calendar's crew")})
    public String correctCrew(String eventId, String captain, String crew) {
        // a form in Hawtio sends every parameter: blank means "not given", as a field left out of the HTTP body
        List<String> names = crew == null || crew.isBlank() ? null
                : Arrays.stream(crew.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return toJson(actions.correctCrew(eventId, captain == null || captain.isBlank() ? null : captain, names, "jmx"));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
